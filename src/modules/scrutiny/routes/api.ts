import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import { addDays } from '../deadlines.js';
import { registers, toCsv } from '../presenters/registers.js';
import type { ScrutinyService } from '../scrutinyService.js';

const API = '/api/v1/scrutiny';

/** Each register as JSON (`{ data }`) and as CSV (`.csv`), public records only. */
export function apiRoutes(_platform: Platform, service: ScrutinyService) {
  return async function (app: FastifyInstance) {
    const today = () => service.today();
    const sources: Record<string, { summary: string; rows: () => Promise<Record<string, unknown>[]> }> = {
      meetings: { summary: 'Panel meetings and accountability meetings', rows: async () => registers.meetings(await service.listMeetings()) },
      recommendations: {
        summary: 'Recommendations of the Panel with the published responses ("the Panel said / the elected head did")',
        rows: async () => registers.recommendations(await service.reportsWithRecommendations({ publishedOnly: true }), today()),
      },
      decisions: {
        summary: 'Published decision notices (exempt parts are never included)',
        rows: async () => registers.decisions(await service.listPublicDecisions()),
      },
      inspections: {
        summary: 'HMICFRS inspections, their findings and the 56-day comments deadline',
        rows: async () => registers.inspections(await service.inspectionsWithFindings()),
      },
      risks: { summary: 'Risks and horizon scanning', rows: async () => registers.risks(await service.listRisks()) },
      actions: {
        summary: 'Actions from accountability meetings, tracked to closure',
        rows: async () => registers.actions(await service.allActions(), today()),
      },
      'publication-schedule': {
        summary: 'Classes of information of the Specified Information Order and their status',
        rows: async () => registers.publicationSchedule(await service.publicationSchedule(), today()),
      },
      calendar: {
        summary: 'Statutory deadlines from three months ago to a year ahead',
        rows: async () => registers.calendar(await service.calendar(addDays(today(), -92), addDays(today(), 366), { includePrivate: false })),
      },
    };

    const sendCsv = (reply: FastifyReply, name: string, rows: Record<string, unknown>[]) =>
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(rows));

    for (const [name, src] of Object.entries(sources)) {
      app.get(`${API}/${name}`, { schema: { tags: ['scrutiny'], summary: src.summary } }, async () => ({ data: await src.rows() }));
      app.get(`${API}/${name}.csv`, { schema: { tags: ['scrutiny'], summary: `${src.summary} (CSV)` } }, async (_request, reply) =>
        sendCsv(reply, name, await src.rows()),
      );
    }

    app.get(`${API}/decisions/:ref`, { schema: { tags: ['scrutiny'], summary: 'One published decision (without exempt parts)' } }, async (request) => {
      const d = await service.publicDecisionDetail((request.params as { ref: string }).ref);
      if (!d) throw notFound('No published decision with this reference');
      return {
        data: {
          ...registers.decisions([d.decision])[0],
          documents: d.documents.map((x) => ({ title: x.title, url: x.fileKey ? `/scrutiny/documents/${x.id}` : x.url })),
        },
      };
    });
  };
}
