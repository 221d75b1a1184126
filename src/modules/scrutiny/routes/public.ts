import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParams, typedRoutes } from '../../../platform/typedRoutes.js';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import { addDays } from '../../../platform/dates.js';
import { hmicfrsCommentsDue } from '../deadlines.js';
import { buildICalendar } from '../ical.js';
import { panelSaidPresenter, publicRecommendation, publicReportResponse } from '../presenters/panel.js';
import { actionsTable, calendarTables, decisionsTable, inspectionsTable, meetingsTable, publicationTable } from '../presenters/tables.js';
import type { ScrutinyService } from '../scrutinyService.js';
import { sendDocument } from './download.js';

const P = '/scrutiny';
const refParams = z.object({ ref: z.string() });
const FINDING_LABELS: Record<string, string> = {
  'cause-of-concern': 'Cause of concern',
  recommendation: 'Recommendation',
  'area-for-improvement': 'Area for improvement',
};

export function publicRoutes(platform: Platform, service: ScrutinyService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    const names = () => platform.settings.getArea();

    app.get(P, async (_request, reply) => {
      const area = await names();
      return reply.view('scrutiny/views/list.njk', {
        title: 'Scrutiny and accountability',
        intro: [`How the ${area.electedHeadTitle} is held to account by the ${area.scrutinyBodyName}, and holds the ${area.chiefOfficerTitle} to account.`],
        links: [
          { text: `Meetings and papers of the ${area.scrutinyBodyName}`, href: `${P}/meetings` },
          { text: `The ${area.scrutinyBodyName} said, the ${area.electedHeadTitle} did`, href: `${P}/recommendations` },
          { text: 'Decisions', href: `${P}/decisions` },
          { text: 'HMICFRS inspections and our comments', href: `${P}/inspections` },
          { text: 'Statutory calendar', href: `${P}/calendar` },
          { text: 'Publication schedule', href: `${P}/publication-schedule` },
        ],
      });
    });

    app.get(`${P}/meetings`, async (_request, reply) => {
      const area = await names();
      const [panel, acc] = await Promise.all([service.listMeetings('panel'), service.listMeetings('accountability')]);
      return reply.view('scrutiny/views/list.njk', {
        title: 'Meetings and papers',
        back: { text: 'Scrutiny and accountability', href: P },
        tables: [
          meetingsTable(panel, `Meetings of the ${area.scrutinyBodyName}`, `${P}/meetings`),
          meetingsTable(acc, `Accountability meetings with the ${area.chiefOfficerTitle}`, `${P}/meetings`),
        ],
        downloads: [
          { text: 'Meetings (CSV)', href: '/api/v1/scrutiny/meetings.csv' },
          { text: 'Meetings (JSON)', href: '/api/v1/scrutiny/meetings' },
        ],
      });
    });

    app.get(`${P}/meetings/:id`, { schema: { params: idParams } }, async (request, reply) => {
      const d = await service.meetingDetail(request.params.id);
      if (!d) throw notFound();
      const area = await names();
      return reply.view('scrutiny/views/public/meeting.njk', {
        title: d.meeting.title,
        ...d,
        kindLabel: d.meeting.kind === 'panel' ? `Meeting of the ${area.scrutinyBodyName}` : `Accountability meeting with the ${area.chiefOfficerTitle}`,
        actionsTable: actionsTable(d.actions, service.today(), 'Actions agreed'),
      });
    });

    app.get(`${P}/recommendations`, async (_request, reply) => {
      const area = await names();
      const v = panelSaidPresenter(await service.reportsWithRecommendations({ publishedOnly: true }), service.today(), area);
      return reply.view('scrutiny/views/public/recommendations.njk', {
        ...v,
        downloads: [
          { text: 'Recommendations and responses (CSV)', href: '/api/v1/scrutiny/recommendations.csv' },
          { text: 'Recommendations and responses (JSON)', href: '/api/v1/scrutiny/recommendations' },
        ],
      });
    });

    app.get(`${P}/panel-reports/:id`, { schema: { params: idParams } }, async (request, reply) => {
      const d = await service.reportDetail(request.params.id);
      if (!d || !d.report.published) throw notFound();
      const area = await names();
      const today = service.today();
      return reply.view('scrutiny/views/public/report.njk', {
        title: d.report.title,
        report: d.report,
        meeting: d.meeting,
        plan: d.plan && ['published', 'superseded'].includes(d.plan.status) ? d.plan : null,
        recommendations: d.recommendations.map((r) => publicRecommendation(r, today)),
        response: publicReportResponse(d.report),
        electedHeadTitle: area.electedHeadTitle,
        saidHeading: `The ${area.scrutinyBodyName} said`,
        didHeading: `The ${area.electedHeadTitle} did`,
        scrutinyBodyName: area.scrutinyBodyName,
      });
    });

    app.get(`${P}/decisions`, async (_request, reply) => {
      const rows = await service.listPublicDecisions();
      return reply.view('scrutiny/views/list.njk', {
        title: 'Decisions',
        back: { text: 'Scrutiny and accountability', href: P },
        tables: [decisionsTable(rows, `${P}/decisions`, false)],
        downloads: [
          { text: 'Decisions (CSV)', href: '/api/v1/scrutiny/decisions.csv' },
          { text: 'Decisions (JSON)', href: '/api/v1/scrutiny/decisions' },
        ],
      });
    });

    app.get(`${P}/decisions/:ref`, { schema: { params: refParams } }, async (request, reply) => {
      const d = await service.publicDecisionDetail(request.params.ref);
      if (!d) throw notFound();
      return reply.view('scrutiny/views/public/decision.njk', { title: `${d.decision.reference}: ${d.decision.title}`, ...d });
    });

    app.get(`${P}/inspections`, async (_request, reply) => {
      const items = await service.inspectionsWithFindings();
      return reply.view('scrutiny/views/list.njk', {
        title: 'HMICFRS inspections',
        back: { text: 'Scrutiny and accountability', href: P },
        intro: [
          'Reports of His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services on the force, what they found, what is being done, and our comments, which are due within 56 days of each report.',
        ],
        tables: [inspectionsTable(items, service.today(), `${P}/inspections`, false)],
        downloads: [
          { text: 'Inspections and findings (CSV)', href: '/api/v1/scrutiny/inspections.csv' },
          { text: 'Inspections and findings (JSON)', href: '/api/v1/scrutiny/inspections' },
        ],
      });
    });

    app.get(`${P}/inspections/:ref`, { schema: { params: refParams } }, async (request, reply) => {
      const d = await service.inspectionDetail(request.params.ref);
      if (!d) throw notFound();
      return reply.view('scrutiny/views/inspection.njk', {
        title: d.inspection.title,
        ...d,
        staff: false,
        findingLabels: FINDING_LABELS,
        commentsDue: hmicfrsCommentsDue(d.inspection.publishedOn),
        today: service.today(),
      });
    });

    app.get(`${P}/calendar`, async (_request, reply) => {
      const today = service.today();
      const events = await service.calendar(addDays(today, -92), addDays(today, 366), { includePrivate: false });
      return reply.view('scrutiny/views/list.njk', {
        title: 'Statutory calendar',
        back: { text: 'Scrutiny and accountability', href: P },
        intro: ['Deadlines the law sets, from the last three months and the coming year.'],
        tables: calendarTables(events, today),
        downloads: [
          { text: 'Add to your calendar (iCalendar feed)', href: '/calendar.ics' },
          { text: 'Calendar (CSV)', href: '/api/v1/scrutiny/calendar.csv' },
        ],
      });
    });

    app.get('/calendar.ics', async (_request, reply) => {
      const today = service.today();
      const area = await names();
      const now = platform.clock.now();
      const events = await service.calendar(addDays(today, -366), addDays(today, 731), { includePrivate: false });
      const host = new URL(platform.config.baseUrl).hostname || 'openpcc';
      const ics = buildICalendar({
        name: `${area.bodyName}: statutory calendar`,
        now,
        events: events.map((e) => ({
          uid: `${e.uid}@${host}`,
          date: e.date,
          summary: e.done ? `${e.title} (done)` : e.title,
          description: e.detail,
          url: e.href ? new URL(e.href, platform.config.baseUrl).toString() : undefined,
          categories: [e.kind],
        })),
      });
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="calendar.ics"').send(ics);
    });

    app.get(`${P}/publication-schedule`, async (_request, reply) => {
      const rows = await service.publicationSchedule();
      return reply.view('scrutiny/views/list.njk', {
        title: 'Publication schedule',
        back: { text: 'Scrutiny and accountability', href: P },
        intro: [
          'What the Elected Local Policing Bodies (Specified Information) Order 2011, as amended in 2021, requires us to publish, where it is and when it was last updated.',
        ],
        tables: [publicationTable(rows, service.today())],
        downloads: [{ text: 'Publication schedule (CSV)', href: '/api/v1/scrutiny/publication-schedule.csv' }],
      });
    });

    app.get(`${P}/documents/:id`, { schema: { params: idParams } }, async (request, reply) => {
      const f = await service.documentFile(request.params.id, { staff: false });
      if (!f) throw notFound();
      return sendDocument(reply, f.document, f.data);
    });
  };
}
