import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { listAudit } from '../../platform/audit.js';
import type { PlansModule } from '../plans/index.js';
import { validateICalendar, unescapeText } from './ical.js';
import type { ScrutinyModule } from './index.js';
import { createScrutinyService } from './scrutinyService.js';

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

describe('meetings, papers and accountability', () => {
  it('records a meeting with an uploaded paper and a link to a generated document; the public can download the paper', async () => {
    const m = await editor.submit('/admin/scrutiny/meetings/new', {
      kind: 'accountability',
      title: 'Accountability meeting',
      meetingDate: '2025-03-05',
      place: 'HQ',
      status: 'held',
    });
    expect(m.statusCode).toBe(303);
    const id = locationId(m);
    const up = await editor.upload(`/admin/scrutiny/meetings/${id}/agenda`, { title: 'Performance report', paperTitle: 'Q3 performance' }, [
      { field: 'file', filename: 'q3.txt', content: 'Q3 figures', type: 'text/plain' },
    ]);
    expect(up.statusCode).toBe(303);
    const link = await editor.upload(
      `/admin/scrutiny/meetings/${id}/agenda`,
      { title: 'The plan', paperTitle: 'Police and Crime Plan (Word)', url: '/plans/cleveland-2024-29/plan.docx' },
      [],
    );
    expect(link.statusCode).toBe(303);
    const item = (await scrutiny.service.meetingDetail(id))!.agenda[0];
    const second = await editor.upload(`/admin/scrutiny/agenda/${item.id}/papers`, { title: 'Appendix: figures by ward' }, [
      { field: 'file', filename: 'appendix.csv', content: 'ward,count', type: 'text/csv' },
    ]);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(`/admin/scrutiny/meetings/${id}`);
    expect((await scrutiny.service.meetingDetail(id))!.agenda[0].papers.map((p) => p.title)).toEqual(['Q3 performance', 'Appendix: figures by ward']);
    const neither = await editor.upload(`/admin/scrutiny/meetings/${id}/agenda`, { title: 'Bad link', url: 'javascript:alert(1)' }, []);
    expect(neither.statusCode).toBe(400);
    const pub = await t.anonymous().get(`/scrutiny/meetings/${id}`);
    expect(pub.body).toContain('href="/plans/cleveland-2024-29/plan.docx"');
    const doc = pub.body.match(/\/scrutiny\/documents\/([0-9a-f-]{36})/)![0];
    const file = await t.anonymous().get(doc);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('Q3 figures');

    const priorityId = (await scrutiny.service.priorityChoices())[0].id;
    expect((await editor.submit(`/admin/scrutiny/meetings/${id}/topics`, { title: 'Response times', priorityId, question: 'Why slower?' })).statusCode).toBe(
      303,
    );
    expect(
      (await editor.submit(`/admin/scrutiny/meetings/${id}/actions`, { description: 'Send figures', owner: 'ACC', dueDate: '2025-03-20' })).statusCode,
    ).toBe(303);
    const forceLead = await t.signInAs('force-lead');
    const detail = await scrutiny.service.meetingDetail(id);
    expect(detail!.topics[0].priorityTitle).toMatch(/^P1: /);
    expect((await forceLead.submit(`/admin/scrutiny/topics/${detail!.topics[0].id}/answer`, { answer: 'More calls.' })).statusCode).toBe(303);
    expect(
      (await forceLead.submit(`/admin/scrutiny/actions/${detail!.actions[0].id}/close`, { closedOn: '2025-03-18', closureNote: 'Sent.' })).statusCode,
    ).toBe(303);
    expect((await panel.submit(`/admin/scrutiny/meetings/${id}/actions`, { description: 'x', owner: 'y', dueDate: '2025-03-20' })).statusCode).toBe(403);
    const text = textOf((await t.anonymous().get(`/scrutiny/meetings/${id}`)).body);
    expect(text).toContain("The force's answer: More calls.");
    expect(text).toContain('Closed');
  });
});

describe('inspections, risks, decision documents and scheduled reminders', () => {
  it('records findings linked to priorities with progress from the force', async () => {
    const res = await editor.submit('/admin/scrutiny/inspections/new', {
      reference: 'vawg-2025',
      title: 'Violence against women and girls',
      kind: 'thematic',
      publishedOn: '2025-02-01',
    });
    const id = locationId(res);
    const priorityId = (await scrutiny.service.priorityChoices())[2].id;
    expect(
      (
        await editor.submit(`/admin/scrutiny/inspections/${id}/findings`, {
          kind: 'area-for-improvement',
          text: 'Improve stalking risk assessment',
          priorityIds: [priorityId],
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await editor.submit(`/admin/scrutiny/inspections/${id}/findings`, {
          kind: 'recommendation',
          text: 'x',
          priorityIds: ['00000000-0000-4000-8000-000000000000'],
        })
      ).statusCode,
    ).toBe(400);
    const finding = (await scrutiny.service.inspectionDetail(id))!.findings[0];
    const forceLead = await t.signInAs('force-lead');
    expect(
      (await forceLead.submit(`/admin/scrutiny/findings/${finding.id}/update`, { updateDate: '2025-03-01', text: 'New form in use', status: 'complete' }))
        .statusCode,
    ).toBe(303);
    expect((await forceLead.submit(`/admin/scrutiny/inspections/${id}/findings`, { kind: 'recommendation', text: 'x' })).statusCode).toBe(403);
    const pub = textOf((await t.anonymous().get('/scrutiny/inspections/vawg-2025')).body);
    expect(pub).toMatch(/Area for improvement 1 Complete Improve stalking risk assessment Plan priorities: P3: /);
    expect(pub).toContain('1 March 2025: New form in use');
    expect(pub).toContain('Comments due by 28 March 2025');
  });

  it('scores risks and refuses a likelihood out of range, keeping what was typed', async () => {
    const bad = await editor.submit('/admin/scrutiny/risks/new', {
      reference: 'R-T1',
      kind: 'risk',
      title: 'Typed title',
      description: 'd',
      likelihood: '7',
      impact: '3',
      owner: 'CFO',
      reviewDate: '2025-06-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Choose the likelihood from 1 to 5');
    expect(bad.body).toContain('value="Typed title"');
    expect(
      (
        await editor.submit('/admin/scrutiny/risks/new', {
          reference: 'R-T1',
          kind: 'risk',
          title: 'Typed title',
          description: 'd',
          likelihood: '4',
          impact: '3',
          owner: 'CFO',
          reviewDate: '2025-06-01',
        })
      ).statusCode,
    ).toBe(303);
    // Only a risk marked public is open data, and never with its owner.
    expect((await t.anonymous().get('/api/v1/scrutiny/risks.csv')).body).not.toContain('R-T1');
    const form = { kind: 'risk', description: 'd', likelihood: '4', impact: '3', owner: 'CFO', reviewDate: '2025-06-01', isPublic: 'yes' };
    expect((await editor.submit('/admin/scrutiny/risks/new', { ...form, reference: 'R-T2', title: 'Public title' })).statusCode).toBe(303);
    const csv = (await t.anonymous().get('/api/v1/scrutiny/risks.csv')).body;
    expect(csv).toMatch(/R-T2,risk,Public title,d,4,3,12,high,,2025-06-01,false,false/);
    expect(csv).not.toContain('CFO');
  });

  it("keeps an unpublished decision's documents private", async () => {
    const d = await scrutiny.service.createDecision(SYSTEM_ACTOR, {
      reference: 'DN-DOC',
      title: 'Doc test',
      decisionDate: '2025-01-01',
      decidedBy: 'PCC',
      summary: 's',
      financialImplications: null,
      significantPublicInterest: false,
      exemptParts: null,
      exemptionReason: null,
      published: false,
    });
    expect(
      (
        await editor.upload(`/admin/scrutiny/decisions/${d.id}/documents`, { title: 'Business case' }, [
          { field: 'file', filename: 'case.txt', content: 'CASE' },
        ])
      ).statusCode,
    ).toBe(303);
    const doc = (await scrutiny.service.decisionDetail(d.id))!.documents[0];
    expect((await t.anonymous().get(`/scrutiny/documents/${doc.id}`)).statusCode).toBe(404);
    expect((await editor.get(`/admin/scrutiny/documents/${doc.id}`)).body).toBe('CASE');
  });

  it('the reminder job runs on the schedule', async () => {
    await scrutiny.start!();
    await scrutiny.service.createInspection(SYSTEM_ACTOR, {
      reference: 'sched-1',
      title: 'Scheduled reminder check',
      kind: 'thematic',
      publishedOn: scrutiny.service.today(),
      summary: null,
      url: null,
    });
    await scrutiny.service.setCalendarSettings(SYSTEM_ACTOR, { ...(await scrutiny.service.calendarSettings()), reminderDays: 60 });
    await t.platform.jobs.runSchedules(new Date());
    const outbox = await t.platform.mailer.list();
    expect(outbox.some((m) => m.subject.includes('Scheduled reminder check'))).toBe(true);
  });
});

describe('the injected measures lookup', () => {
  it('links an accountability topic to a measure, and refuses one not in the list', async () => {
    const svc = createScrutinyService(t.platform, {
      plans: plans.service,
      measures: { list: async () => [{ id: 'neighbourhood-crime', title: 'Neighbourhood crime' }] },
    });
    const m = await svc.createMeeting(SYSTEM_ACTOR, {
      kind: 'accountability',
      title: 'Measures check',
      meetingDate: '2025-05-01',
      place: null,
      status: 'scheduled',
      minutes: null,
      publicSummary: null,
    });
    const topic = await svc.addTopic(SYSTEM_ACTOR, m.id, { title: 'Crime trend', priorityId: null, measureId: 'neighbourhood-crime', question: null });
    expect(topic.measureTitle).toBe('Neighbourhood crime');
    await expect(svc.addTopic(SYSTEM_ACTOR, m.id, { title: 'x', priorityId: null, measureId: 'nope', question: null })).rejects.toThrow(
      'Choose a measure from the list',
    );
  });
});

describe('the demo', () => {
  it('loads the real Panel records linked to the plan, and every public register answers', async () => {
    t.clock.set('2026-11-23');
    await scrutiny.loadDemo!();
    const report = await scrutiny.service.getReportByReference('PCP-2024-11-12-PLAN');
    expect(report?.resolution).toBe('That the plan be welcomed.');
    const plan = (await plans.service.list({ includeDrafts: true })).find((p) => p.reference === 'cleveland-2024-29')!;
    expect(report?.planId).toBe(plan.id);
    expect((await scrutiny.service.reportsOnPlan(plan.id)).map((r) => r.reference)).toContain('PCP-2024-11-12-PLAN');
    const review = await (await t.signInAs('panel-member')).get(`/admin/scrutiny/plans/${plan.id}`);
    expect(review.statusCode).toBe(200);
    expect(textOf(review.body)).toContain("Report of the Cleveland Police and Crime Panel on the Commissioner's Police and Crime Plan 2024-29");
    const meetings = textOf((await t.anonymous().get('/scrutiny/meetings')).body);
    expect(meetings).toContain('6 February 2018');
    expect(meetings).toContain('12 November 2024');
    for (const url of [
      '/scrutiny',
      '/scrutiny/inspections',
      '/scrutiny/inspections/demo-peel',
      '/scrutiny/publication-schedule',
      '/api/v1/scrutiny/risks.csv',
      '/api/v1/scrutiny/actions',
      '/api/v1/scrutiny/publication-schedule',
      `/scrutiny/panel-reports/${report!.id}`,
    ]) {
      expect((await t.anonymous().get(url)).statusCode, url).toBe(200);
    }
    const admin = await t.signInAs('admin');
    for (const url of [
      '/admin/scrutiny',
      '/admin/scrutiny/meetings',
      '/admin/scrutiny/reports',
      `/admin/scrutiny/reports/${report!.id}`,
      '/admin/scrutiny/decisions',
      '/admin/scrutiny/inspections',
      '/admin/scrutiny/risks',
      '/admin/scrutiny/calendar',
      '/admin/scrutiny/publication',
      '/admin/scrutiny/actions',
      '/admin/scrutiny/calendar/settings',
      '/admin/scrutiny/risks/new',
    ]) {
      expect((await admin.get(url)).statusCode, url).toBe(200);
    }
    const risks = (await t.anonymous().get('/api/v1/scrutiny/risks')).json() as { data: { title: string }[] };
    expect(risks.data.map((r) => r.title)).toEqual(expect.arrayContaining(['Fire governance', 'PCC Review 2']));
    const openapi = (await t.anonymous().get('/api/v1/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toContain('/api/v1/scrutiny/recommendations');
  });
});
