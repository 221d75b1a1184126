import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import type { DeliveryModule } from '../../modules/delivery/index.js';
import type { EngagementModule } from '../../modules/engagement/index.js';
import type { PlansModule } from '../../modules/plans/index.js';
import type { ResourcesModule } from '../../modules/resources/index.js';
import type { ScrutinyModule } from '../../modules/scrutiny/index.js';
import { rng, syntheticAnswers } from '../../modules/engagement/synthetic.js';
import type { TaskUser } from '../context.js';
import { CLEVELAND_SETTINGS } from '../demo.js';
import { PUBLIC_ACTOR, ROLES, SYSTEM_ACTOR, type Actor, type Role } from '../roles.js';
import { outbox } from '../schema.js';

let t: TestApp;
let delivery: DeliveryModule;
let scrutiny: ScrutinyModule;
let engagement: EngagementModule;
const agents = {} as Record<Role, Agent>;
const people = {} as Record<Role, TaskUser>;
let actionId: string;

const mail = async (to: string) => (await t.db.db.select().from(outbox).where(eq(outbox.toAddress, to))).sort((a, b) => +a.createdAt - +b.createdAt);
const actorOf = (u: TaskUser): Actor => ({ id: u.id, label: u.name, role: u.role, organisation: u.organisation });
const taskLinks = (html: string) =>
  [...html.matchAll(/<td class="govuk-table__cell">\s*<a class="govuk-link" href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));

beforeAll(async () => {
  t = await buildTestApp();
  await t.platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  const find = <M>(name: string) => t.modules.find((m) => m.name === name) as M;
  for (const name of ['plans', 'resources', 'engagement']) await t.modules.find((m) => m.name === name)!.loadDemo!();
  delivery = find<DeliveryModule>('delivery');
  scrutiny = find<ScrutinyModule>('scrutiny');
  engagement = find<EngagementModule>('engagement');
  for (const role of ROLES) {
    agents[role] = await t.signInAs(role, {
      email: `${role}@tasks.openpcc.test`,
      name: `Tess ${role}`,
      organisation: role === 'force-lead' ? 'Test Police' : undefined,
    });
    const u = (await t.platform.users.findByEmail(`${role}@tasks.openpcc.test`))!;
    people[role] = { id: u.id, name: u.name, role, organisation: u.organisation };
  }
  const plans = find<PlansModule>('plans').service;
  const { plan } = await plans.importPlan(SYSTEM_ACTOR, readFileSync('test/fixtures/delivery/test-plan.yaml', 'utf8'));
  const tree = (await plans.getTree(plan.id))!;
  const dp = await delivery.service.createPlan(SYSTEM_ACTOR, { planId: plan.id, startYear: 2025 });
  actionId = (
    await delivery.service.createAction(SYSTEM_ACTOR, dp.id, {
      reference: 'T1',
      title: 'Tasked action',
      priorityId: tree.priorities[0].id,
      ownerId: people['force-lead'].id,
      startDate: '2025-04-01',
    })
  ).id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('delivery: update due → submitted → returned with a reason', () => {
  it('lists the owner’s update due, then overdue, by the clock it is given', async () => {
    const lead = people['force-lead'];
    const inQ1 = await delivery.tasks!(lead, new Date('2025-06-20T09:00:00Z'));
    expect(inQ1.map((x) => [x.kind, x.href])).toContainEqual(['delivery.update-due', `/admin/delivery/actions/${actionId}`]);
    const afterQ1 = await delivery.tasks!(lead, new Date('2025-08-20T09:00:00Z'));
    expect(afterQ1.find((x) => x.kind === 'delivery.update-overdue')?.overdue).toBe(true);
    expect(await delivery.tasks!(people.analyst, new Date('2025-06-20T09:00:00Z'))).toEqual([]);
  });

  it('tells the approvers of a submitted update, lists it for them, and tells the owner the reason it was returned', async () => {
    const res = await agents['force-lead'].upload(
      `/admin/delivery/actions/${actionId}/updates`,
      { asOf: '2025-06-25', narrative: 'Patrols started.', status: 'on-track', progress: '20' },
      [],
    );
    expect(res.statusCode).toBeLessThan(400);
    const [toEditor] = await mail('editor@tasks.openpcc.test');
    expect(toEditor.subject).toBe('Update to approve: T1 Tasked action');
    expect(await mail('force-lead@tasks.openpcc.test')).toEqual([]); // not told of their own act

    const home = await agents.editor.get('/admin');
    expect(textOf(home.body)).toContain('Approve or return update U1 on T1 Tasked action');
    expect(home.body).toMatch(/Your tasks \(\d+\)/);
    const update = (await delivery.service.pendingUpdates()).find((u) => u.actionId === actionId)!;
    const back = await agents.editor.submit(
      `/admin/delivery/updates/${update.id}/reject`,
      { reason: 'Add the wards covered' },
      { tokenFrom: '/admin/delivery/reviews' },
    );
    expect(back.statusCode).toBeLessThan(400);
    const [returned] = await mail('force-lead@tasks.openpcc.test');
    expect(returned.subject).toBe('Returned: your update U1 on T1 Tasked action');
    expect(returned.body).toContain('Add the wards covered');
    expect(textOf((await agents['force-lead'].get('/admin')).body)).toContain('Returned: your update U1');
  });
});

describe('scrutiny: a recommendation made → the commissioner answers → the Panel is told', () => {
  it('tells the commissioner, lists the response with its due date, and tells the Panel when it is published', async () => {
    const panel = actorOf(people['panel-member']);
    const report = await scrutiny.service.createReport(panel, {
      reference: 'PR-T1',
      title: 'Review of the test plan',
      reportDate: '2030-01-05',
      meetingId: null,
      resolution: null,
      body: null,
      planId: null,
      answeredByPlanId: null,
      published: true,
    });
    const rec = await scrutiny.service.addRecommendation(panel, report.id, { text: 'Publish the measures', responseDue: '2030-02-04' });
    const [toCommissioner] = await mail('commissioner@tasks.openpcc.test');
    expect(toCommissioner.subject).toContain('response due 2030-02-04');
    const tasks = await scrutiny.tasks!(people.commissioner, new Date('2030-01-20T10:00:00Z'));
    const task = tasks.find((x) => x.kind === 'scrutiny.recommendation-response')!;
    expect(task).toMatchObject({ due: '2030-02-04', overdue: false, href: `/admin/scrutiny/reports/${report.id}` });
    expect((await agents.commissioner.get(task.href)).statusCode).toBe(200);
    expect((await scrutiny.tasks!(people['force-lead'], new Date('2030-01-20T10:00:00Z'))).some((x) => x.kind === 'scrutiny.recommendation-response')).toBe(
      false,
    );

    await scrutiny.service.respond(actorOf(people.commissioner), rec.id, { response: 'accept', responseText: 'We will.', publish: true });
    const [toPanel] = await mail('panel-member@tasks.openpcc.test');
    expect(toPanel.subject).toContain('Response published');
    expect((await scrutiny.tasks!(people.commissioner, new Date('2030-01-20T10:00:00Z'))).some((x) => x.kind === 'scrutiny.recommendation-response')).toBe(
      false,
    );
  });
});

describe('acknowledgements to people outside', () => {
  it('acknowledges a grant application with its reference', async () => {
    const round = (await (t.modules.find((m) => m.name === 'resources') as ResourcesModule).service.listOpenRounds())[0];
    const res = await t.anonymous().submit(
      `/resources/grants/rounds/${round.round.id}/apply`,
      {
        organisation: 'Test Trust',
        contactName: 'Sam',
        contactEmail: 'applicant@example.test',
        project: 'Safer streets',
        description: 'Evening sessions.',
        amount: '2,500',
        priority: 'P1',
        area: 'Hartlepool',
      },
      { tokenFrom: `/resources/grants/rounds/${round.round.id}/apply` },
    );
    expect(res.statusCode).toBeLessThan(400);
    const [ack] = await mail('applicant@example.test');
    expect(ack.subject).toMatch(/^We received your grant application GA/);
    expect(ack.body).toContain(ack.subject.split(' ').pop()!);
  });

  it('acknowledges a survey response where an e-mail address was given, and only then', async () => {
    const c = (await engagement.service.publicConsultation('community-safety-survey'))!;
    const survey = c.liveSurvey!;
    const { answers } = syntheticAnswers(survey.definition, rng(7), ['E06000001']);
    const r = await engagement.service.submit(PUBLIC_ACTOR, survey.id, answers, { email: 'Resident@Example.test' });
    const [ack] = await mail('resident@example.test');
    expect(ack.subject).toBe(`We received your response (${r.reference})`);
    const before = (await t.platform.mailer.list(1000)).length;
    await engagement.service.submit(PUBLIC_ACTOR, survey.id, answers, {});
    expect((await t.platform.mailer.list(1000)).length).toBe(before);
  });
});

describe('every role’s home', () => {
  it('opens for every role, and each task links to a page that role may open', async () => {
    for (const role of ROLES) {
      const home = await agents[role].get('/admin');
      expect(home.statusCode, role).toBe(200);
      for (const href of taskLinks(home.body)) expect((await agents[role].get(href)).statusCode, `${role} ${href}`).toBe(200);
    }
    expect((await t.anonymous().get('/admin')).statusCode).toBe(302);
  });

  it('marks notifications read', async () => {
    const lead = agents['force-lead'];
    expect(textOf((await lead.get('/admin')).body)).toMatch(/[1-9]\d* unread/);
    expect((await lead.submit('/admin/notifications/read', {})).statusCode).toBe(302);
    expect(textOf((await lead.get('/admin')).body)).not.toMatch(/[1-9]\d* unread/);
  });
});

describe('notification preferences', () => {
  it('shows each person the events of their role, refuses turning off a duty, and saves choices', async () => {
    const page = await agents.editor.get('/account/notifications');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('An update on a delivery action waits for your approval');
    const events = [...page.body.matchAll(/name="(event\d+)"/g)].map((m) => m[1]);
    const dutyIndex = events.findIndex((e) => !new RegExp(`name="${e}"[^>]*value="off"`).test(page.body));
    expect(dutyIndex).toBeGreaterThanOrEqual(0);
    const form = Object.fromEntries([...new Set(events)].map((e) => [e, 'digest']));
    const bad = await agents.editor.submit(
      '/account/notifications',
      { ...form, defaultMode: 'immediate', [events[dutyIndex]]: 'off' },
      { tokenFrom: '/account/notifications' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    const ok = await agents.editor.submit('/account/notifications', { ...form, defaultMode: 'digest' }, { tokenFrom: '/account/notifications' });
    expect(ok.statusCode).toBe(302);
    expect((await t.platform.notifications.preferencesOf(people.editor.id, 'editor')).defaultMode).toBe('digest');
  });
});

describe('public subscriptions', () => {
  it('answers the same for any address, sends nothing before confirmation, and unsubscribes in one click without a form token', async () => {
    const anon = t.anonymous();
    expect((await anon.get('/subscribe')).statusCode).toBe(200);
    const empty = await anon.submit('/subscribe', { email: 'nope' }, { tokenFrom: '/subscribe' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('govuk-error-summary');
    const first = await anon.submit('/subscribe', { email: 'sub@example.test', topics: ['consultations', 'panel'] }, { tokenFrom: '/subscribe' });
    const again = await anon.submit('/subscribe', { email: 'sub@example.test', topics: 'plans' }, { tokenFrom: '/subscribe' });
    expect(first.statusCode).toBe(200);
    expect(textOf(again.body)).toBe(textOf(first.body));

    const c = await engagement.service.createConsultation(SYSTEM_ACTOR, {
      reference: 'subs-test',
      title: 'Subscribed test',
      purpose: '',
      planReference: null,
      priorityReferences: [],
      audience: '',
      areas: '',
      opensOn: '2030-01-01',
      closesOn: '2030-02-01',
    });
    const [confirmMail] = await mail('sub@example.test');
    const token = confirmMail.body.match(/token=([A-Za-z0-9_-]+)/)![1];
    expect((await anon.get(`/subscriptions/confirm?token=${token}`)).statusCode).toBe(200);
    expect((await anon.submit('/subscriptions/confirm', { token: 'x'.repeat(30) }, { tokenFrom: '/subscribe' })).statusCode).toBe(400);
    const confirmed = await anon.submit('/subscriptions/confirm', { token }, { tokenFrom: `/subscriptions/confirm?token=${token}` });
    expect(textOf(confirmed.body)).toContain('You are subscribed');

    await engagement.service.publishConsultation(SYSTEM_ACTOR, c.id); // subscribers are told at publication
    const news = (await mail('sub@example.test')).find((m) => m.subject === 'New consultation: Subscribed test')!;
    const unsubscribe = news.headers!['List-Unsubscribe'].slice(1, -1);
    expect(news.body).toContain(unsubscribe);
    const path = unsubscribe.replace(/^https?:\/\/[^/]+/, '');
    expect((await anon.get(path)).statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
    const forged = await t.app.inject({
      method: 'POST',
      url: path.replace(/t=[^&]+/, 't=forged'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(forged.statusCode).toBe(400);
  });
});
