import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../test/helpers/app.js';
import { recordAudit } from './audit.js';
import { SYSTEM_ACTOR } from './roles.js';

let t: TestApp;
const as: Record<string, Agent> = {};
const ID = '7d1c2c55-6d5a-4b8e-9a57-3a1b4c0b9e01';

beforeAll(async () => {
  t = await buildTestApp();
  for (const [entityType, summary] of [
    ['grant-application', 'Scored application'],
    ['plan', 'Edited the plan'],
    ['geography-file', 'Loaded boundaries'],
  ]) {
    await t.db.transaction((tx) => recordAudit(tx, SYSTEM_ACTOR, { action: 'test.change', entityType, entityId: ID, summary }));
  }
  for (const role of ['admin', 'editor', 'force-lead', 'panel-member'] as const) as[role] = await t.signInAs(role);
});
afterAll(async () => t?.close());

describe('/admin/history/:type/:id', () => {
  it.each([
    ['force-lead', 'grant-application', 403],
    ['editor', 'grant-application', 200],
    ['force-lead', 'plan', 200],
    ['panel-member', 'plan', 200],
    ['editor', 'geography-file', 403],
    ['admin', 'geography-file', 200],
    ['editor', 'user', 403],
    ['admin', 'user', 200],
  ])('as %s, the history of a %s answers %i (the record’s own permission)', async (role, type, status) => {
    const res = await as[role].get(`/admin/history/${type}/${ID}`);
    expect(res.statusCode).toBe(status);
  });

  it('shows the changes to those allowed', async () => {
    expect(textOf((await as.editor.get(`/admin/history/grant-application/${ID}`)).body)).toContain('Scored application');
  });
});
