import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { listAudit } from '../../platform/audit.js';
import type { PlansModule } from '../plans/index.js';
import { validateICalendar, unescapeText } from './ical.js';
import type { ScrutinyModule } from './index.js';

let t: TestApp;
let scrutiny: ScrutinyModule;
let plans: PlansModule;
let panel: Agent;
let commissioner: Agent;
let editor: Agent;

const locationId = (res: { headers: Record<string, unknown> }) => String(res.headers.location).split('/').pop()!;

beforeAll(async () => {
  t = await buildTestApp();
  scrutiny = t.modules.find((m) => m.name === 'scrutiny') as ScrutinyModule;
  plans = t.modules.find((m) => m.name === 'plans') as PlansModule;
  await plans.loadDemo!();
  panel = await t.signInAs('panel-member', { name: 'Gov Officer' });
  commissioner = await t.signInAs('commissioner');
  editor = await t.signInAs('editor');
});
afterAll(async () => {
  await t?.close();
});

describe('Panel report → responses → "the Panel said / the commissioner did"', () => {
  let reportId: string;
  const recIds: string[] = [];

  it('a governance officer records a Panel report with three recommendations', async () => {
    t.clock.set('2025-01-10');
    const plan = (await plans.service.list({ includeDrafts: true })).find((p) => p.reference === 'cleveland-2024-29')!;
    const res = await panel.submit('/admin/scrutiny/reports/new', {
      reference: 'PCP-TEST-1',
      title: 'Report on the budget <script>alert(1)</script>',
      reportDate: '2025-01-10',
      resolution: 'Three recommendations',
      planId: plan.id,
      answeredByPlanId: '',
      meetingId: '',
      published: 'yes',
    });
    expect(res.statusCode).toBe(303);
    reportId = locationId(res);
    for (const [text, due] of [
      ['Publish response times by area', '2025-02-10'],
      ['Report on out-of-court resolutions', '2025-02-10'],
      ['Measure victim satisfaction', '2025-02-10'],
    ]) {
      const r = await panel.submit(`/admin/scrutiny/reports/${reportId}/recommendations`, { text, responseDue: due });
      expect(r.statusCode).toBe(303);
    }
    const page = await panel.get(`/admin/scrutiny/reports/${reportId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain(`/admin/plans/${plan.id}`);
    for (const m of page.body.matchAll(/\/admin\/scrutiny\/recommendations\/([0-9a-f-]{36})\/respond/g)) if (!recIds.includes(m[1])) recIds.push(m[1]);
    expect(recIds).toHaveLength(0); // a panel member gets no "Respond" link
    const detail = await scrutiny.service.reportDetail(reportId);
    recIds.push(...detail!.recommendations.map((r) => r.id));
    expect(recIds).toHaveLength(3);
  });

  it('refuses the wrong people and keeps what was typed on errors', async () => {
    expect((await editor.submit('/admin/scrutiny/reports/new', { reference: 'X', title: 'x', reportDate: '2025-01-01' })).statusCode).toBe(403);
    expect((await panel.submit(`/admin/scrutiny/recommendations/${recIds[0]}/respond`, { response: 'accept', responseText: 'x' })).statusCode).toBe(403);
    expect((await t.anonymous().get('/admin/scrutiny/reports')).statusCode).toBe(302);
    const bad = await panel.submit(`/admin/scrutiny/reports/${reportId}/recommendations`, { text: 'Typed text kept', responseDue: '2025-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('must be a real date');
    expect(bad.body).toContain('Typed text kept');
    const dup = await panel.submit('/admin/scrutiny/reports/new', { reference: 'PCP-TEST-1', title: 'Again', reportDate: '2025-01-10' });
    expect(dup.statusCode).toBe(400);
    expect(textOf(dup.body)).toContain('already exists');
  });

  it('an editor drafts but cannot publish; the commissioner responds to two', async () => {
    const forbidden = await editor.submit(`/admin/scrutiny/recommendations/${recIds[0]}/respond`, {
      response: 'accept',
      responseText: 'Draft',
      publish: 'yes',
    });
    expect(forbidden.statusCode).toBe(403);
    expect(
      (await editor.submit(`/admin/scrutiny/recommendations/${recIds[2]}/respond`, { response: 'reject', responseText: 'DRAFT-NOT-PUBLIC' })).statusCode,
    ).toBe(303);
    t.clock.set('2025-02-01');
    expect(
      (
        await commissioner.submit(`/admin/scrutiny/recommendations/${recIds[0]}/respond`, {
          response: 'accept',
          responseText: 'Figures will be published quarterly.',
          publish: 'yes',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await commissioner.submit(`/admin/scrutiny/recommendations/${recIds[1]}/respond`, {
          response: 'partly-accept',
          responseText: 'A report will come in June.',
          publish: 'yes',
        })
      ).statusCode,
    ).toBe(303);
    const audit = await listAudit(t.db.db, { entityType: 'scrutiny-recommendation' });
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['scrutiny.recommendation.respond-publish', 'scrutiny.recommendation.respond-draft', 'scrutiny.recommendation.add']),
    );
  });

  it('before the due date nothing is overdue; after it the third is flagged and the public page shows all three', async () => {
    t.clock.set('2025-02-10');
    let text = textOf((await t.anonymous().get('/scrutiny/recommendations')).body);
    expect(text).toContain('3 recommendations: 2 answered, 1 awaiting a response, 0 overdue');
    t.clock.set('2025-02-11');
    const res = await t.anonymous().get('/scrutiny/recommendations');
    expect(res.statusCode).toBe(200);
    text = textOf(res.body);
    expect(text).toContain('3 recommendations: 2 answered, 0 awaiting a response, 1 overdue');
    expect(text).toContain('Cleveland Police and Crime Panel said'.replace('Cleveland ', '')); // names from settings
    expect(text).toMatch(/Recommendation 1 Responded .*Publish response times by area .*Accepted on 1 February 2025\. Figures will be published quarterly\./);
    expect(text).toMatch(/Recommendation 2 Responded .*Report on out-of-court resolutions .*Partly accepted on 1 February 2025\. A report will come in June\./);
    expect(text).toMatch(/Recommendation 3 Response overdue .*Measure victim satisfaction .*No response yet\. It was due by 10 February 2025 and is overdue\./);
    expect(res.body).not.toContain('DRAFT-NOT-PUBLIC');
    expect(res.body).not.toContain('<script>alert(1)</script>');
    const report = textOf((await t.anonymous().get(`/scrutiny/panel-reports/${reportId}`)).body);
    expect(report).toContain('Response overdue');
    const api = (await t.anonymous().get('/api/v1/scrutiny/recommendations')).json() as {
      data: { number: number; status: string; overdue: boolean; response: string; responseText: string }[];
    };
    const mine = api.data.filter((r) => r.responseText !== undefined).slice(-3);
    expect(mine.map((r) => [r.number, r.status, r.overdue, r.response])).toEqual([
      [1, 'responded', false, 'accept'],
      [2, 'responded', false, 'partly-accept'],
      [3, 'overdue', true, ''],
    ]);
    const csv = (await t.anonymous().get('/api/v1/scrutiny/recommendations.csv')).body;
    expect(csv.split('\n')[0]).toContain('reportReference,reportTitle');
    expect(csv).not.toContain('DRAFT-NOT-PUBLIC');
  });
});

describe('publishing a Panel report, and the plan pages linking to it', () => {
  it('the form offers publication, ticked for a new report; an unticked report stays with staff', async () => {
    const form = await panel.get('/admin/scrutiny/reports/new');
    expect(form.body).toMatch(/<input[^>]*name="published"[^>]*value="yes"[^>]*checked/);
    const plan = (await plans.service.list({ includeDrafts: true })).find((p) => p.reference === 'cleveland-2021-24')!;
    const res = await panel.submit('/admin/scrutiny/reports/new', {
      reference: 'PCP-TEST-UNPUB',
      title: 'Unpublished Panel report',
      reportDate: '2025-03-01',
      planId: plan.id,
    });
    expect(res.statusCode).toBe(303);
    const id = locationId(res);
    expect((await t.anonymous().get(`/scrutiny/panel-reports/${id}`)).statusCode).toBe(404);
    expect(textOf((await t.anonymous().get('/scrutiny/recommendations')).body)).not.toContain('Unpublished Panel report');
    expect(textOf((await panel.get(`/admin/scrutiny/reports/${id}`)).body)).toContain('Public site Not published');
    expect(textOf((await panel.get('/admin/scrutiny/reports')).body)).toMatch(/Unpublished Panel report .*Not published/);
    const edit = await panel.get(`/admin/scrutiny/reports/${id}/edit`);
    expect(edit.body).not.toMatch(/<input[^>]*name="published"[^>]*checked/);

    // The public plan page does not link to it; the staff plan page does, marked.
    expect((await t.anonymous().get('/plans/cleveland-2021-24')).body).not.toContain(`/scrutiny/panel-reports/${id}`);
    const staffPlan = await editor.get(`/admin/plans/${plan.id}`);
    expect(staffPlan.body).toContain(`href="/admin/scrutiny/reports/${id}"`);
    expect(staffPlan.body).toContain(`href="/admin/scrutiny/plans/${plan.id}"`);
    expect(textOf(staffPlan.body)).toContain('Unpublished Panel report Report of 1 March 2025 · not published');

    // Publishing it: the public report page and the public plan page show it; the change is audited.
    const bad = await panel.submit(`/admin/scrutiny/reports/${id}/edit`, {
      reference: 'PCP-TEST-UNPUB',
      title: '',
      reportDate: '2025-03-01',
      planId: plan.id,
      published: 'yes',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<input[^>]*name="published"[^>]*checked/);
    expect(
      (
        await editor.submit(`/admin/scrutiny/reports/${id}/edit`, {
          reference: 'PCP-TEST-UNPUB',
          title: 'Published Panel report',
          reportDate: '2025-03-01',
          planId: plan.id,
          published: 'yes',
        })
      ).statusCode,
    ).toBe(403);
    const ok = await panel.submit(`/admin/scrutiny/reports/${id}/edit`, {
      reference: 'PCP-TEST-UNPUB',
      title: 'Published Panel report',
      reportDate: '2025-03-01',
      planId: plan.id,
      published: 'yes',
    });
    expect(ok.statusCode).toBe(303);
    expect((await t.anonymous().get(`/scrutiny/panel-reports/${id}`)).statusCode).toBe(200);
    const publicPlan = await t.anonymous().get('/plans/cleveland-2021-24');
    expect(publicPlan.body).toContain(`href="/scrutiny/panel-reports/${id}"`);
    expect(textOf(publicPlan.body)).toContain('Reports of the Police and Crime Panel on this plan Published Panel report Report of 1 March 2025');
    const audit = await listAudit(t.db.db, { entityType: 'scrutiny-panel-report' });
    expect(audit.rows.map((r) => r.summary)).toContain('Published the Panel\'s report "Published Panel report" on the public site');
  });
});

describe("the plan's panel-review stage", () => {
  it('links a Panel report to the reviewed plan and to the diff of the version that answered it', async () => {
    const plan = (await plans.service.list({ includeDrafts: true })).find((p) => p.reference === 'cleveland-2024-29')!;
    const res = await panel.submit('/admin/scrutiny/reports/new', {
      reference: 'PCP-TEST-PLAN',
      title: 'Report on the 2021 plan',
      reportDate: '2025-01-10',
      planId: plan.id,
    });
    expect(res.statusCode).toBe(303);
    const reportId = locationId(res);
    let page = await panel.get(`/admin/scrutiny/reports/${reportId}`);
    expect(page.body).toContain(`href="/admin/plans/${plan.id}"`);
    expect(page.body).not.toContain('/admin/plans/diff');
    const next = await plans.service.refresh(SYSTEM_ACTOR, plan.id);
    page = await panel.get(`/admin/scrutiny/reports/${reportId}`);
    expect(page.body).toContain(`/admin/plans/diff?from=${plan.id}&amp;to=${next.id}`);
    const bad = await panel.submit(`/admin/scrutiny/reports/${reportId}/edit`, {
      reference: 'PCP-TEST-PLAN',
      title: 'x',
      reportDate: '2025-01-10',
      planId: '00000000-0000-4000-8000-000000000000',
    });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Choose a plan from the list');
  });
});

describe('decisions: exempt parts never leave the office', () => {
  it('shows staff the exempt parts and the public never (pages, list, API, CSV)', async () => {
    const res = await editor.submit('/admin/scrutiny/decisions/new', {
      reference: 'DN-2025-001',
      title: 'Contract award',
      decisionDate: '2025-01-15',
      decidedBy: 'Police and Crime Commissioner',
      summary: 'A contract was awarded.',
      financialImplications: '£120,000 a year',
      significantPublicInterest: 'yes',
      exemptParts: 'EXEMPT-BIDDER-PRICES',
      exemptionReason: 'EXEMPT-REASON-COMMERCIAL',
      published: 'yes',
    });
    expect(res.statusCode).toBe(303);
    const id = locationId(res);
    expect((await editor.get(`/admin/scrutiny/decisions/${id}`)).body).toContain('EXEMPT-BIDDER-PRICES');
    const anon = t.anonymous();
    for (const url of [
      '/scrutiny/decisions',
      '/scrutiny/decisions/DN-2025-001',
      '/api/v1/scrutiny/decisions',
      '/api/v1/scrutiny/decisions.csv',
      '/api/v1/scrutiny/decisions/DN-2025-001',
      `/api/v1/scrutiny/decisions/${id}`,
    ]) {
      const r = await anon.get(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.body, url).not.toContain('EXEMPT-');
      expect(r.body, url).toContain('DN-2025-001');
    }
    expect(textOf((await anon.get('/scrutiny/decisions/DN-2025-001')).body)).toContain('Part of this decision is exempt');
    // An unpublished decision is not public at all.
    const draft = await editor.submit('/admin/scrutiny/decisions/new', {
      reference: 'DN-2025-002',
      title: 'Draft',
      decisionDate: '2025-01-16',
      decidedBy: 'PCC',
      summary: 'Not yet',
    });
    expect(draft.statusCode).toBe(303);
    expect((await anon.get('/scrutiny/decisions/DN-2025-002')).statusCode).toBe(404);
    expect((await anon.get('/api/v1/scrutiny/decisions/DN-2025-002')).statusCode).toBe(404);
    expect((await anon.get('/api/v1/scrutiny/decisions')).body).not.toContain('DN-2025-002');
    const analyst = await t.signInAs('analyst');
    expect((await analyst.submit('/admin/scrutiny/decisions/new', { reference: 'x' })).statusCode).toBe(403);
  });
});

describe('HMICFRS, the statutory calendar and the iCalendar feed', () => {
  it('shows the 56-day comments deadline on the calendar and in a feed that validates', async () => {
    t.clock.set('2025-03-01');
    const res = await editor.submit('/admin/scrutiny/inspections/new', {
      reference: 'peel-2025',
      title: 'PEEL 2025; effectiveness, efficiency',
      kind: 'peel',
      publishedOn: '2025-03-10',
      summary: '',
      url: '',
    });
    expect(res.statusCode).toBe(303);
    const page = textOf((await t.anonymous().get('/scrutiny/calendar')).body);
    expect(page).toMatch(/4 May 2025 Comments due on HMICFRS report: PEEL 2025; effectiveness, efficiency/);
    const ics = await t.anonymous().get('/calendar.ics');
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    const { errors, events } = validateICalendar(ics.body);
    expect(errors).toEqual([]);
    const hmic = events.find((e) =>
      e.some((p) => p.name === 'SUMMARY' && unescapeText(p.value).startsWith('Comments due on HMICFRS report: PEEL 2025; effectiveness')),
    );
    expect(hmic?.find((p) => p.name === 'DTSTART')?.value).toBe('20250504');
    expect(events.some((e) => e.some((p) => p.name === 'CATEGORIES' && p.value === 'precept-proposal'))).toBe(true);
    // Comments recorded: the deadline is done.
    const id = locationId(res);
    expect(
      (await commissioner.submit(`/admin/scrutiny/inspections/${id}/comments`, { commentsText: 'Our comments', commentsPublishedOn: '2025-04-20' })).statusCode,
    ).toBe(303);
    expect(textOf((await t.anonymous().get('/scrutiny/calendar')).body)).toMatch(
      /Comments due on HMICFRS report: PEEL 2025; effectiveness, efficiency .*? Done/,
    );
  });

  it('sends each reminder once', async () => {
    t.clock.set('2025-03-01');
    await scrutiny.service.setCalendarSettings(SYSTEM_ACTOR, {
      ...(await scrutiny.service.calendarSettings()),
      reminderEmail: 'governance@example.test',
      reminderDays: 14,
    });
    await scrutiny.service.createInspection(SYSTEM_ACTOR, {
      reference: 'thematic-x',
      title: 'Thematic on vetting',
      kind: 'thematic',
      publishedOn: '2025-01-20',
      summary: null,
      url: null,
    });
    const first = await scrutiny.service.sendReminders(new Date('2025-03-07T08:00:00Z'));
    expect(first.sent).toBeGreaterThan(0);
    const again = await scrutiny.service.sendReminders(new Date('2025-03-07T09:00:00Z'));
    expect(again.sent).toBe(0);
    const outbox = await t.platform.mailer.list();
    expect(outbox.some((m) => m.subject.includes('Comments due on HMICFRS report: Thematic on vetting') && m.toAddress === 'governance@example.test')).toBe(
      true,
    );
  });
});
