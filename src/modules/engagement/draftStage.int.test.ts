import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { listAudit } from '../../platform/audit.js';
import { outbox } from '../../platform/schema.js';
import type { Actor } from '../../platform/roles.js';
import type { PlansModule } from '../plans/index.js';
import type { EngagementModule } from './index.js';

// Issue 13: a consultation is public only from its publication, never from its creation.

let t: TestApp;
let engagement: EngagementModule['service'];
let plans: PlansModule['service'];
let editor: Agent;
let analyst: Agent;
const system: Actor = { id: null, label: 'system', role: null };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const RESIDENT = 'resident@draft.test';
const newsFor = async (title: string) =>
  (
    await t.db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, RESIDENT)))
  ).filter((m) => m.subject === `New consultation: ${title}`);

beforeAll(async () => {
  t = await buildTestApp();
  const m = <T>(name: string) => (t.modules.find((x) => x.name === name) as unknown as { service: T }).service;
  engagement = m<EngagementModule['service']>('engagement');
  plans = m<PlansModule['service']>('plans');
  [editor, analyst] = await Promise.all([t.signInAs('editor'), t.signInAs('analyst')]);
  await t.platform.subscriptions.subscribe(RESIDENT, ['consultations']);
  const [confirm] = await t.db.db.select().from(outbox).where(eq(outbox.toAddress, RESIDENT));
  expect(await t.platform.subscriptions.confirm(confirm.body.match(/confirm\?token=([A-Za-z0-9_-]+)/)![1])).toBe(true);
});
afterAll(async () => {
  await t?.close();
});

/** Creates a consultation through the staff page; returns its staff address. */
async function create(reference: string, title: string, opensOn: string, closesOn: string) {
  const res = await editor.submit('/admin/engagement/consultations/new', {
    reference,
    title,
    purpose: 'Why we ask',
    audience: 'Everyone',
    areas: 'All',
    opensOn,
    closesOn,
  });
  expect(res.statusCode).toBe(303);
  return String(res.headers.location);
}

describe('the draft stage of a consultation', () => {
  it('keeps a new consultation off every public page until an editor publishes it, then shows it as forthcoming', async () => {
    const staff = await create('draft-forthcoming', 'Draft forthcoming consultation', inDays(30), inDays(72));
    const anon = t.anonymous();
    expect(textOf((await anon.get('/consultations')).body)).not.toContain('Draft forthcoming consultation');
    expect((await anon.get('/consultations/draft-forthcoming')).statusCode).toBe(404);
    expect((await anon.get('/consultations/draft-forthcoming/respond')).statusCode).toBe(404);
    expect(await newsFor('Draft forthcoming consultation')).toHaveLength(0);

    // Staff see the draft, its stage in the list, and in one sentence what happens next and who does it.
    const page = textOf((await editor.get(staff)).body);
    expect(page).toContain('Draft');
    expect(page).toContain('Not public yet');
    expect(page).toMatch(/Next, an editor publishes this draft: the public then see it as forthcoming until it opens on \d{1,2} \w+ \d{4}/);
    expect(textOf((await editor.get('/admin/engagement')).body)).toMatch(/Draft forthcoming consultation\s*draft-forthcoming\s*.*Draft/);

    const id = staff.split('/').pop()!;
    const published = await editor.submit(`${staff}/publish`, {});
    expect(published.statusCode).toBe(303);
    expect(textOf((await editor.get(staff)).body)).toContain('the public see it as forthcoming until it opens');
    const hub = textOf((await anon.get('/consultations')).body);
    expect(hub).toContain('Draft forthcoming consultation');
    expect((await anon.get('/consultations/draft-forthcoming')).statusCode).toBe(200);
    expect((await engagement.consultationDetail(id))?.stage).toBe('planned');
    // Subscribers are told at publication, once: not again when it opens.
    expect(await newsFor('Draft forthcoming consultation')).toHaveLength(1);
    await engagement.setStage(system, id, 'open');
    expect(await newsFor('Draft forthcoming consultation')).toHaveLength(1);
    const { rows } = await listAudit(t.platform.database.db, { action: 'consultation.publish' });
    expect(rows.some((r) => r.entityId === id)).toBe(true);
  });

  it('publishes a draft whose opening day has come as open, and refuses to publish it twice', async () => {
    const staff = await create('draft-open', 'Draft open consultation', inDays(-1), inDays(40));
    expect(textOf((await editor.get(staff)).body)).toContain('it opens to the public at once');
    await editor.submit(`${staff}/publish`, {});
    const id = staff.split('/').pop()!;
    expect((await engagement.consultationDetail(id))?.stage).toBe('open');
    expect(await newsFor('Draft open consultation')).toHaveLength(1);
    const again = await editor.submit(`${staff}/publish`, {});
    expect(again.statusCode).toBe(400);
    expect(textOf(again.body)).toContain('This consultation has already been published');
  });

  it('lets only those with the permission publish, with a CSRF token; a draft cannot skip publication', async () => {
    const staff = await create('draft-guarded', 'Draft guarded consultation', inDays(10), inDays(50));
    const id = staff.split('/').pop()!;
    expect((await analyst.submit(`${staff}/publish`, {})).statusCode).toBe(403);
    expect((await editor.submit(`${staff}/publish`, {}, { csrf: false })).statusCode).toBe(403);
    await expect(engagement.setStage(system, id, 'open')).rejects.toThrow('publish it first');
    expect((await engagement.consultationDetail(id))?.stage).toBe('draft');
    expect((await t.anonymous().get('/consultations/draft-guarded')).statusCode).toBe(404);
  });

  it('the plan cycle opens a draft prepared for the plan: it is published as it opens', async () => {
    const p = await plans.create(system, {
      reference: 'draft-stage-plan',
      title: 'Draft stage plan',
      termStart: '2026-04-01',
      termEnd: '2030-03-31',
      priorityLabel: 'Priority',
    });
    await plans.addItem(system, 'priority', p.id, { title: 'Safer streets' });
    const c = await engagement.createConsultation(system, {
      reference: 'draft-stage-plan-consultation',
      title: 'Prepared consultation on the draft plan',
      purpose: '',
      planReference: 'draft-stage-plan',
      priorityReferences: [],
      audience: '',
      areas: '',
      opensOn: inDays(5),
      closesOn: inDays(50),
    });
    expect(c.stage).toBe('draft');
    const res = await editor.submit(`/admin/plans/${p.id}/transition/consultation`, { reason: 'Draft ready', closesOn: inDays(42) });
    expect(res.statusCode).toBe(302);
    expect((await engagement.consultationDetail(c.id))?.stage).toBe('open');
    expect((await t.anonymous().get('/consultations/draft-stage-plan-consultation')).statusCode).toBe(200);
    expect(await newsFor('Prepared consultation on the draft plan')).toHaveLength(1);
  });
});
