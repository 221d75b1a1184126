import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { outbox } from '../../platform/schema.js';
import type { Actor } from '../../platform/roles.js';
import type { DeliveryModule } from '../delivery/index.js';
import type { EngagementModule } from '../engagement/index.js';
import type { ScrutinyModule } from '../scrutiny/index.js';
import type { PlansModule } from './index.js';

// The plan's cycle as one process: each stage hands over to the next, through the module
// registry (plans never imports the modules above it).

let t: TestApp;
let plans: PlansModule['service'];
let scrutiny: ScrutinyModule['service'];
let engagement: EngagementModule['service'];
let delivery: DeliveryModule['service'];
let editor: Agent;
let commissioner: Agent;
let panel: Agent;
let planId: string;
const REF = 'cycle-2027-31';
const system: Actor = { id: null, label: 'system', role: null };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const mailTo = (email: string) => t.db.db.select().from(outbox).where(eq(outbox.toAddress, email));
const tokenIn = (body: string) => body.match(/confirm\?token=([A-Za-z0-9_-]+)/)?.[1] ?? '';

beforeAll(async () => {
  t = await buildTestApp();
  const m = <T>(name: string) => (t.modules.find((x) => x.name === name) as unknown as { service: T }).service;
  plans = m<PlansModule['service']>('plans');
  scrutiny = m<ScrutinyModule['service']>('scrutiny');
  engagement = m<EngagementModule['service']>('engagement');
  delivery = m<DeliveryModule['service']>('delivery');
  [editor, commissioner, panel] = await Promise.all([
    t.signInAs('editor'),
    t.signInAs('commissioner'),
    t.signInAs('panel-member', { email: 'panel-member@cycle.test' }),
  ]);
  const p = await plans.create(system, {
    reference: REF,
    title: 'Cycle plan 2027–2031',
    termStart: '2024-04-01',
    termEnd: '2031-03-31',
    priorityLabel: 'Priority',
  });
  planId = p.id;
  const pr = await plans.addItem(system, 'priority', planId, { title: 'Safer streets' });
  await plans.addItem(system, 'commitment', pr, { title: 'More patrols where residents ask for them' });
  await plans.addItem(system, 'commitment', pr, { title: 'Tackle antisocial behaviour' });
  await plans.addItem(system, 'priority', planId, { title: 'Victims first' });
  // A resident subscribed to plans, Panel responses and consultations.
  await t.platform.subscriptions.subscribe('resident@cycle.test', ['plans', 'panel', 'consultations']);
  expect(await t.platform.subscriptions.confirm(tokenIn((await mailTo('resident@cycle.test'))[0].body))).toBe(true);
});
afterAll(async () => {
  await t?.close();
});

describe('who may do each hand-over', () => {
  it('refuses the new routes to the roles that do not do them', async () => {
    const lead = await t.signInAs('force-lead');
    const dp = { id: '00000000-0000-0000-0000-000000000000' }; // refused before it is looked up
    for (const agent of [lead, panel, commissioner]) {
      expect((await agent.get(`/admin/delivery/plans/start?plan=${planId}`)).statusCode).toBe(403);
      expect((await agent.submit('/admin/delivery/plans/start', { planId })).statusCode).toBe(403);
      expect((await agent.get(`/admin/delivery/plans/${dp.id}/next-year`)).statusCode).toBe(403);
      expect((await agent.submit(`/admin/delivery/plans/${dp.id}/next-year`, {})).statusCode).toBe(403);
    }
    for (const agent of [lead, panel, editor]) {
      expect((await agent.get('/admin/scrutiny/reports/00000000-0000-0000-0000-000000000000/response')).statusCode).toBe(403);
      expect((await agent.submit('/admin/scrutiny/reports/00000000-0000-0000-0000-000000000000/response', { responseText: 'x' })).statusCode).toBe(403);
    }
    const anon = t.anonymous();
    expect((await anon.get(`/admin/delivery/plans/start?plan=${planId}`)).statusCode).toBe(302);
    expect((await anon.get('/admin/scrutiny/reports/00000000-0000-0000-0000-000000000000/response')).statusCode).toBe(302);
    expect((await editor.submit('/admin/delivery/plans/start', { planId }, { csrf: false })).statusCode).toBe(403);
  });
});

describe('the plan cycle hands over from stage to stage', () => {
  it('says on the plan’s page, in one sentence, what happens next and who does it', async () => {
    const page = textOf((await editor.get(`/admin/plans/${planId}`)).body);
    expect(page).toContain('Next, the OPCC editors finish the draft and open its public consultation');
  });

  it('opening the consultation opens a public consultation on the draft, which the public reads marked as a draft', async () => {
    expect((await t.anonymous().get(`/plans/${REF}/draft`)).statusCode).toBe(404); // a draft is not public
    const form = textOf((await editor.get(`/admin/plans/${planId}/transition/consultation`)).body);
    expect(form).toContain('A public consultation on this draft opens today');
    let res = await editor.submit(`/admin/plans/${planId}/transition/consultation`, { reason: 'Draft ready', closesOn: '' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Enter the date the consultation closes');
    res = await editor.submit(`/admin/plans/${planId}/transition/consultation`, { reason: 'Draft ready', closesOn: inDays(42) });
    expect(res.statusCode).toBe(302);

    const c = (await engagement.publicHub()).open.find((x) => x.planReference === REF);
    expect(c?.reference).toBe(`${REF}-draft-consultation`);
    const draft = await t.anonymous().get(`/plans/${REF}/draft`);
    expect(draft.statusCode).toBe(200);
    const text = textOf(draft.body);
    expect(text).toContain('Draft for consultation');
    expect(text).toContain('It is not the plan in force');
    expect(text).toContain('Have your say: Consultation on the draft Cycle plan 2027–2031');
    expect(text).toContain('More patrols where residents ask for them');
    expect(draft.body).toContain(`href="/consultations/${REF}-draft-consultation"`);
    expect((await t.anonymous().get(`/plans/${REF}`)).statusCode).toBe(404); // not published
    const told = (await mailTo('resident@cycle.test')).map((x) => x.subject);
    expect(told).toContain('New consultation: Consultation on the draft Cycle plan 2027–2031');
  });

  it('shows the responses and their themes on the plan’s staff page', async () => {
    const c = (await engagement.consultationByReference(`${REF}-draft-consultation`))!;
    const survey = c.liveSurvey!;
    const r = await engagement.submit(system, survey.id, { agree: 'Agree', comments: 'More patrols near the park, please.' });
    const theme = await engagement.addTheme(system, c.id, { label: 'Visible policing', description: '' });
    await engagement.codeAnswer(system, r.id, 'comments', [theme.id], '');
    const page = textOf((await editor.get(`/admin/plans/${planId}`)).body);
    expect(page).toContain('Consultation on this plan');
    expect(page).toMatch(/1 response; open until/);
    expect(page).toContain('Theme: Visible policing Raised in 1 response');
  });

  it('sending the plan to Panel review puts it on the Panel’s next meeting and tells the Panel’s members', async () => {
    const later = await scrutiny.createMeeting(system, {
      kind: 'panel',
      title: 'Panel meeting (later)',
      meetingDate: inDays(60),
      place: null,
      status: 'scheduled',
      minutes: null,
      publicSummary: null,
    });
    const next = await scrutiny.createMeeting(system, {
      kind: 'panel',
      title: 'Panel meeting (next)',
      meetingDate: inDays(20),
      place: null,
      status: 'scheduled',
      minutes: null,
      publicSummary: null,
    });
    expect((await editor.submit(`/admin/plans/${planId}/transition/panel-review`, { reason: 'Consultation closed' })).statusCode).toBe(302);
    const agenda = (await scrutiny.meetingDetail(next.id))!;
    expect(JSON.stringify(agenda)).toContain('Review of the draft plan “Cycle plan 2027–2031” (version 1)');
    expect(JSON.stringify((await scrutiny.meetingDetail(later.id))!)).not.toContain('Review of the draft plan');
    const mail = await mailTo('panel-member@cycle.test');
    expect(mail.map((x) => x.subject)).toContain('For the Police and Crime Panel’s review: the draft plan “Cycle plan 2027–2031”');
    expect(mail.find((x) => x.subject.startsWith('For the'))!.body).toContain('Panel meeting (next)');
    const page = textOf((await panel.get(`/admin/plans/${planId}`)).body);
    expect(page).toContain('Next, the Police and Crime Panel reviews the draft at its meeting and records its report');
    expect(page).toContain('Panel meeting (next): Review of the draft plan');
  });

  it('refuses publishing until the commissioner has responded to the Panel’s report on this version, then publishes the response beside the plan', async () => {
    let res = await commissioner.submit(`/admin/plans/${planId}/transition/published`, { reason: 'Agreed', confirmGaps: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('section 28(3)');

    const recorded = await panel.submit('/admin/scrutiny/reports/new', {
      reference: 'cycle-report',
      title: 'Report on the draft Cycle plan',
      reportDate: inDays(21),
      planId,
      resolution: 'Supported with one change',
      published: 'yes',
    });
    expect(recorded.statusCode).toBe(303);
    const reportId = recorded.headers.location!.split('/').pop()!;
    expect(
      (await panel.submit(`/admin/scrutiny/reports/${reportId}/recommendations`, { text: 'Say how victims will be kept informed.', responseDue: inDays(50) }))
        .statusCode,
    ).toBe(303);
    expect((await panel.get(`/admin/scrutiny/reports/${reportId}/response`)).statusCode).toBe(403);
    const reportPage = textOf((await commissioner.get(`/admin/scrutiny/reports/${reportId}`)).body);
    expect(reportPage).toContain('Next, the Police and Crime Commissioner records a response to this report');
    res = await commissioner.submit(`/admin/scrutiny/reports/${reportId}/response`, { responseText: '' });
    expect(res.statusCode).toBe(400);
    res = await commissioner.submit(`/admin/scrutiny/reports/${reportId}/response`, {
      responseText: 'I accept the Panel’s change: victims will hear from us within five days.',
    });
    expect(res.statusCode).toBe(303);
    // Recorded, but not yet public.
    expect(textOf((await t.anonymous().get(`/scrutiny/panel-reports/${reportId}`)).body)).not.toContain('within five days');

    res = await commissioner.submit(`/admin/plans/${planId}/transition/published`, { reason: 'Agreed', confirmGaps: 'yes' });
    expect(res.statusCode).toBe(302);
    const pub = textOf((await t.anonymous().get(`/plans/${REF}`)).body);
    expect(pub).toContain('The response to the Panel’s report');
    expect(textOf((await t.anonymous().get(`/scrutiny/panel-reports/${reportId}`)).body)).toContain('victims will hear from us within five days');
    const resident = (await mailTo('resident@cycle.test')).map((x) => x.subject);
    expect(resident).toContain('Published: Cycle plan 2027–2031');
    expect(resident).toContain('The response to the Police and Crime Panel’s report on “Cycle plan 2027–2031”');
    expect((await mailTo('panel-member@cycle.test')).map((x) => x.subject)).toContain(
      'Published: the response to the Police and Crime Panel’s report on “Cycle plan 2027–2031”',
    );
    expect((await t.anonymous().get(`/plans/${REF}/draft`)).statusCode).toBe(404); // no longer a draft
  });

  it('offers to start the first delivery plan from the priorities, then each next year from the current one', async () => {
    const page = textOf((await editor.get(`/admin/plans/${planId}`)).body);
    expect(page).toContain('Start the first delivery plan from this plan’s priorities');
    expect((await panel.get(`/admin/delivery/plans/start?plan=${planId}`)).statusCode).toBe(403);
    const confirm = textOf((await editor.get(`/admin/delivery/plans/start?plan=${planId}`)).body);
    expect(confirm).toContain('It starts with 3 actions');
    const res = await editor.submit('/admin/delivery/plans/start', { planId });
    expect(res.statusCode).toBe(303);
    const dpId = res.headers.location!.split('/').pop()!;
    const view = await delivery.planView(dpId, { publicOnly: false });
    expect(view.actions.map((a) => [a.reference, a.title])).toEqual([
      ['P1-A1', 'More patrols where residents ask for them'],
      ['P1-A2', 'Tackle antisocial behaviour'],
      ['P2-A1', 'Victims first'],
    ]);
    // An update on one action, then the next year carries the open actions with their history.
    const a1 = view.actions[0];
    const u = await delivery.postUpdate({ id: null, label: 'editor', role: 'editor' }, a1.id, {
      asOf: view.deliveryPlan.yearStart,
      narrative: 'Patrol plan agreed.',
      status: 'on-track',
      progress: 20,
    });
    await delivery.review({ id: null, label: 'editor', role: 'editor' }, u.id, { approve: true });
    const next = await editor.submit(`/admin/delivery/plans/${dpId}/next-year`, {});
    expect(next.statusCode).toBe(303);
    const nextView = await delivery.planView(next.headers.location!.split('/').pop()!, { publicOnly: false });
    expect(nextView.actions).toHaveLength(3);
    const carried = (await delivery.getAction(nextView.actions.find((a) => a.reference === 'P1-A1')!.id, { publicOnly: false }))!;
    expect(carried.updates.map((x) => x.narrative)).toContain('Patrol plan agreed.');
    expect(carried.action).toMatchObject({ status: 'on-track', progress: 20, dueDate: nextView.deliveryPlan.yearEnd });
    const old = (await delivery.getAction(a1.id, { publicOnly: false }))!;
    expect(old.action.status).toBe('deferred');
    expect(old.updates[0].narrative).toMatch(/^Carried over to Delivery plan \d{4}\/\d{2} as P1-A1\.$/);
  });

  it('asks for a Panel meeting when none is scheduled, and puts the draft on the agenda of the one then added', async () => {
    const p = await plans.create(system, {
      reference: 'cycle-no-meeting',
      title: 'Plan with no meeting',
      termStart: '2027-04-01',
      termEnd: '2031-03-31',
      priorityLabel: 'Priority',
    });
    await plans.addItem(system, 'priority', p.id, { title: 'Only' });
    for (const m of await scrutiny.listMeetings('panel')) await scrutiny.updateMeeting(system, m.id, { ...m, status: 'held' });
    expect((await editor.submit(`/admin/plans/${p.id}/transition/panel-review`, { reason: 'Ready' })).statusCode).toBe(302);
    expect(textOf((await editor.get(`/admin/plans/${p.id}`)).body)).toContain('No Police and Crime Panel meeting is scheduled: add the next meeting');
    const m = await scrutiny.createMeeting(system, {
      kind: 'panel',
      title: 'Extra Panel meeting',
      meetingDate: inDays(10),
      place: null,
      status: 'scheduled',
      minutes: null,
      publicSummary: null,
    });
    expect(JSON.stringify((await scrutiny.meetingDetail(m.id))!)).toContain('Review of the draft plan “Plan with no meeting”');
  });
});
