import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import type { PlansModule } from '../plans/index.js';
import type { DeliveryModule } from './index.js';
import { EVIDENCE_LIMITS } from './routes/admin.js';

let t: TestApp;
let delivery: DeliveryModule['service'];
let uploadDir: string;
let owner: Agent;
let other: Agent;
let editor: Agent;
let actionId: string;

/** Every file in the upload folder, however deep. */
const storedFiles = () => readdirSync(uploadDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
const update = { asOf: '2025-07-08', narrative: 'Patrols started', status: 'on-track', progress: '40' };

beforeAll(async () => {
  uploadDir = mkdtempSync(join(tmpdir(), 'openpcc-evidence-'));
  t = await buildTestApp({ env: { UPLOAD_DIR: uploadDir } });
  const plans = (t.modules.find((m) => m.name === 'plans') as PlansModule).service;
  delivery = (t.modules.find((m) => m.name === 'delivery') as DeliveryModule).service;
  const { plan } = await plans.importPlan(SYSTEM_ACTOR, readFileSync('test/fixtures/delivery/test-plan.yaml', 'utf8'));
  const tree = (await plans.getTree(plan.id))!;
  owner = await t.signInAs('force-lead', { email: 'evidence-owner@test.openpcc.test' });
  other = await t.signInAs('force-lead', { email: 'evidence-other@test.openpcc.test' });
  editor = await t.signInAs('editor');
  const ownerId = (await t.platform.users.findByEmail('evidence-owner@test.openpcc.test'))!.id;
  const dp = await delivery.createPlan(SYSTEM_ACTOR, { planId: plan.id, startYear: 2025 });
  actionId = (await delivery.createAction(SYSTEM_ACTOR, dp.id, { reference: 'E1', title: 'Evidence action', priorityId: tree.priorities[0].id, ownerId })).id;
});
afterAll(async () => {
  await t?.close();
});

describe('evidence files on delivery updates', () => {
  it('serves a file named with a control character and a non-Latin-1 letter, and the server keeps answering', async () => {
    const res = await owner.upload(`/admin/delivery/actions/${actionId}/updates`, update, [
      { field: 'evidence', filename: 'ev\u0001il €.txt', content: 'evidence', type: 'text/plain' },
    ]);
    expect(res.statusCode).toBe(302);
    const file = (await delivery.getAction(actionId, { publicOnly: false }))!.updates[0].files[0];
    const download = await editor.get(`/admin/delivery/files/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('evidence');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="ev_il .*"; filename\*=UTF-8''ev_il%20/);
    expect((await t.anonymous().get('/health')).statusCode).toBe(200);
  });

  it('refuses a force lead who does not own the action before storing any byte of the file', async () => {
    const before = storedFiles();
    const res = await other.upload(`/admin/delivery/actions/${actionId}/updates`, update, [
      { field: 'evidence', filename: 'big.pdf', content: Buffer.alloc(1024 * 1024, 1), type: 'application/pdf' },
    ]);
    expect(res.statusCode).toBe(403);
    expect(storedFiles()).toBe(before);
  });

  it('stores nothing when the form is not valid, or when there are more files than the limit', async () => {
    const before = storedFiles();
    const bad = await owner.upload(`/admin/delivery/actions/${actionId}/updates`, { ...update, asOf: '2025-13-45' }, [
      { field: 'evidence', filename: 'a.pdf', content: 'x' },
    ]);
    expect(bad.statusCode).toBe(400);
    const many = Array.from({ length: EVIDENCE_LIMITS.maxFiles + 1 }, (_, i) => ({ field: 'evidence', filename: `f${i}.pdf`, content: 'x' }));
    const tooMany = await owner.upload(`/admin/delivery/actions/${actionId}/updates`, update, many);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain(`Attach at most ${EVIDENCE_LIMITS.maxFiles} files`);
    expect(storedFiles()).toBe(before);
  });
});
