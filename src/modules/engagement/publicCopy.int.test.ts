import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { listAudit } from '../../platform/audit.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { createEngagementService, type EngagementService } from './engagementService.js';
import { SurveyChanged } from './responsesService.js';
import type { EngagementModule } from './index.js';
import { contacts } from './schema.js';
import type { SurveyDefinition } from './surveyDefinition.js';

/**
 * The public pages keep a copy of each consultation for a moment (ADR 0012): a change made here
 * shows at once, and a response is stored only if the consultation and survey are still as the
 * checks saw them, even when another process changed them.
 */
let t: TestApp;
let service: EngagementService;
/** The same database through another service, as another process of the app would change it. */
let elsewhere: EngagementService;
let n = 0;

beforeAll(async () => {
  t = await buildTestApp();
  service = (t.modules.find((m) => m.name === 'engagement') as EngagementModule).service;
  elsewhere = createEngagementService(t.platform.database, t.platform.settings, service.deps);
});
afterAll(async () => {
  await t?.close();
});

const definition = (): SurveyDefinition => ({
  intro: '',
  privacyNotice: '',
  sections: [{ id: 'views', title: 'Your views', questions: [{ id: 'safer', type: 'text', label: 'What would make you safer?', required: true }] }],
});

/** An open consultation with a published survey. */
async function openConsultation() {
  n += 1;
  const today = t.clock.today();
  const c = await service.createConsultation(SYSTEM_ACTOR, {
    reference: `copy-${n}`,
    title: `Copy test ${n}`,
    purpose: '',
    audience: '',
    areas: '',
    opensOn: today,
    closesOn: '2099-12-31',
  });
  const s = await service.createSurvey(SYSTEM_ACTOR, c.id, `Survey ${n}`, definition());
  await service.publishSurvey(SYSTEM_ACTOR, s.id);
  await service.publishConsultation(SYSTEM_ACTOR, c.id);
  return { id: c.id, surveyId: s.id, base: `/consultations/copy-${n}` };
}

/** A member of the public who has answered everything and is on "check your answers". */
async function atCheck(base: string): Promise<Agent> {
  const agent = t.anonymous();
  expect((await agent.submit(`${base}/respond`, { consent: 'yes' }, { tokenFrom: `${base}/respond` })).statusCode).toBe(303);
  const res = await agent.submit(`${base}/respond/views`, { safer: 'Street lights' }, { tokenFrom: `${base}/respond/views` });
  expect(res.headers.location).toBe(`${base}/respond/check`);
  return agent;
}
const send = (agent: Agent, base: string, email = '') => agent.submit(`${base}/respond/check`, { email, website: '' }, { tokenFrom: `${base}/respond/check` });
const responseCount = async (surveyId: string) => (await service.responsesOfFamily(surveyId)).length;

describe('the public pages’ copy of a consultation', () => {
  it('shows a change made in this process at once', async () => {
    const c = await openConsultation();
    expect(textOf((await t.anonymous().get(c.base)).body)).toContain(`Copy test ${n}`);
    const before = (await service.consultationDetail(c.id))!;
    await service.updateConsultation(SYSTEM_ACTOR, c.id, { ...before, title: 'A new title' });
    expect(textOf((await t.anonymous().get(c.base)).body)).toContain('A new title');
  });

  it('stores a response, its audit row and the update e-mail together', async () => {
    const c = await openConsultation();
    const res = await send(await atCheck(c.base), c.base, 'Someone@Example.com');
    expect(res.statusCode).toBe(303);
    const reference = String(res.headers.location).split('/').pop()!;
    const stored = (await service.responseByReference(reference))!;
    expect(stored.answers).toEqual({ safer: 'Street lights' });
    expect(stored.enteredBy).toBeNull();
    const { rows } = await listAudit(t.platform.database.db, { entityType: 'response', entityId: stored.id });
    expect(rows.map((r) => [r.action, r.summary])).toEqual([['response.create', `Response ${reference} received (online)`]]);
    const emails = await t.platform.database.db.select().from(contacts).where(eq(contacts.consultationId, c.id));
    expect(emails.map((e) => e.email)).toEqual(['someone@example.com']);
  });

  it('stores a response given without an e-mail with its audit row, and no e-mail', async () => {
    const c = await openConsultation();
    const res = await send(await atCheck(c.base), c.base);
    expect(res.statusCode).toBe(303);
    const reference = String(res.headers.location).split('/').pop()!;
    const stored = (await service.responseByReference(reference))!;
    const { rows } = await listAudit(t.platform.database.db, { entityType: 'response', entityId: stored.id });
    expect(rows.map((r) => r.action)).toEqual(['response.create']);
    expect(await t.platform.database.db.select().from(contacts).where(eq(contacts.consultationId, c.id))).toEqual([]);
  });

  it('stores nothing if another process closed the consultation after the pages read it', async () => {
    // The clock stands still: the pages' copy is the one they read, however slow the machine.
    t.clock.set(t.clock.now());
    try {
      const c = await openConsultation();
      const agent = await atCheck(c.base);
      await elsewhere.setStage(SYSTEM_ACTOR, c.id, 'closed');
      const res = await send(agent, c.base);
      expect(res.statusCode).toBe(422);
      expect(textOf(res.body)).toContain('not taking responses');
      expect(await responseCount(c.surveyId)).toBe(0);
    } finally {
      t.clock.reset();
    }
  });

  it('checks the answers again if another process changed the survey: a new required question is asked', async () => {
    // The clock stands still: the pages' copy is the one they read, however slow the machine.
    t.clock.set(t.clock.now());
    try {
      const c = await openConsultation();
      const agent = await atCheck(c.base);
      const def = definition();
      def.sections.push({ id: 'more', title: 'More', questions: [{ id: 'lights', type: 'text', label: 'Which street?', required: true }] });
      await elsewhere.saveDefinition(SYSTEM_ACTOR, c.surveyId, def, 'added a page');
      const res = await send(agent, c.base);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`${c.base}/respond/more`);
      expect(await responseCount(c.surveyId)).toBe(0);
    } finally {
      t.clock.reset();
    }
  });

  it('refuses, in the service, a response checked against a copy that is no longer current', async () => {
    const c = await openConsultation();
    const copy = (await service.publicConsultation(`copy-${n}`))!;
    await elsewhere.extend(SYSTEM_ACTOR, c.id, '2100-01-31', 'More time');
    await expect(service.submit(SYSTEM_ACTOR, c.surveyId, { safer: 'Lights' }, { checkedAgainst: copy })).rejects.toBeInstanceOf(SurveyChanged);
    expect(await responseCount(c.surveyId)).toBe(0);
    // The copy was forgotten: the next one is current and the response is stored.
    const fresh = (await service.publicConsultation(`copy-${n}`))!;
    expect(fresh.closesOn).toBe('2100-01-31');
    await service.submit(SYSTEM_ACTOR, c.surveyId, { safer: 'Lights' }, { checkedAgainst: fresh });
    expect(await responseCount(c.surveyId)).toBe(1);
  });
});
