import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The records of the Panel's work beyond reports and decisions: meetings, inspections, risks, the measures lookup and the demo (scrutiny.int.test.ts has the rest).
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import type { PlansModule } from '../plans/index.js';
import type { ScrutinyModule } from './index.js';
import { createScrutinyService } from './scrutinyService.js';

let t: TestApp;
let scrutiny: ScrutinyModule;
let plans: PlansModule;
let panel: Agent;
let editor: Agent;

const locationId = (res: { headers: Record<string, unknown> }) => String(res.headers.location).split('/').pop()!;

beforeAll(async () => {
  t = await buildTestApp();
  scrutiny = t.modules.find((m) => m.name === 'scrutiny') as ScrutinyModule;
  plans = t.modules.find((m) => m.name === 'plans') as PlansModule;
  await plans.loadDemo!();
  panel = await t.signInAs('panel-member', { name: 'Gov Officer' });
  editor = await t.signInAs('editor');
});
afterAll(async () => {
  await t?.close();
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
    await scrutiny.service.setCalendarSettings(SYSTEM_ACTOR, {
      ...(await scrutiny.service.calendarSettings()),
      reminderEmail: 'governance@example.test',
      reminderDays: 60,
    });
    await t.platform.jobs.runSchedules(t.clock.now());
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
    // The plan's class of information is the plan in force: its own title, address and month of publication.
    const scheme = textOf((await t.anonymous().get('/scrutiny/publication-schedule')).body);
    expect(scheme).toContain('Police and Crime Plan 2024–2029 The plan in force');
    expect(scheme).toContain('/plans/cleveland-2024-29 December 2024 Up to date');
    expect(scheme).not.toContain('Police and crime plan');
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
