import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import { csvResponse, recordSchema, registerResponse, sendRecordsCsv } from '../../../platform/openData.js';
import { addDays } from '../../../platform/dates.js';
import { registerFields } from '../presenters/registerFields.js';
import { registers } from '../presenters/registers.js';
import type { ScrutinyService } from '../scrutinyService.js';

const API = '/api/v1/scrutiny';

type RegisterName = keyof typeof registerFields;

/** Each register as JSON (`{ data }`) and as CSV (`.csv`), public records only. */
export function apiRoutes(_platform: Platform, service: ScrutinyService) {
  return async function (app: FastifyInstance) {
    const today = () => service.today();
    const published = () => service.reportsWithRecommendations({ publishedOnly: true });
    const sources: Record<RegisterName, { summary: string; rows: () => Promise<Record<string, unknown>[]> }> = {
      meetings: { summary: 'Panel meetings and accountability meetings', rows: async () => registers.meetings(await service.listMeetings()) },
      'panel-reports': {
        summary: 'Published reports of the Police and Crime Panel, with how many recommendations each made and how many have a published response',
        rows: async () => registers.panelReports(await published()),
      },
      recommendations: {
        summary: 'Recommendations of the Panel with the published responses ("the Panel said / the elected head did")',
        rows: async () => registers.recommendations(await published(), today()),
      },
      decisions: {
        summary: 'Published decision notices (exempt parts are never included)',
        rows: async () => registers.decisions(await service.listPublicDecisions()),
      },
      inspections: {
        summary: 'HMICFRS inspections and their findings (causes of concern, recommendations, areas for improvement), with the 56-day comments deadline',
        rows: async () => registers.inspections(await service.inspectionsWithFindings()),
      },
      risks: { summary: 'Risks and horizon-scanning items marked public', rows: async () => registers.risks(await service.listRisks()) },
      actions: {
        summary: 'Actions from accountability meetings, tracked to closure',
        rows: async () => registers.actions(await service.allActions(), today()),
      },
      'publication-schedule': {
        summary: 'Classes of information of the Specified Information Order and their status',
        rows: async () => registers.publicationSchedule(await service.publicationSchedule(), today()),
      },
      calendar: {
        summary: 'Statutory deadlines and public meetings from three months ago to a year ahead',
        rows: async () => registers.calendar(await service.calendar(addDays(today(), -92), addDays(today(), 366), { includePrivate: false })),
      },
    };

    // Cast: Object.entries loses the keys' type; `sources` has exactly the register names as keys.
    for (const [name, src] of Object.entries(sources) as [RegisterName, (typeof sources)[RegisterName]][]) {
      const fields = registerFields[name];
      app.get(
        `${API}/${name}`,
        { schema: { tags: ['scrutiny'], summary: src.summary, response: registerResponse(fields, `${src.summary}, as JSON`) } },
        async () => ({
          data: await src.rows(),
        }),
      );
      app.get(
        `${API}/${name}.csv`,
        {
          schema: { tags: ['scrutiny'], summary: `${src.summary} (CSV)`, response: csvResponse(`One row per record; the columns are those of ${API}/${name}`) },
        },
        async (_request, reply) => sendRecordsCsv(reply, name, await src.rows(), Object.keys(fields)),
      );
    }

    app.get(
      `${API}/decisions/:ref`,
      {
        schema: {
          tags: ['scrutiny'],
          summary: 'One published decision (without exempt parts), with its documents',
          params: { type: 'object', properties: { ref: { type: 'string', description: 'The reference (or identifier) of the decision' } }, required: ['ref'] },
          response: {
            200: {
              type: 'object',
              properties: {
                data: {
                  ...recordSchema(registerFields.decisions),
                  properties: {
                    ...recordSchema(registerFields.decisions).properties,
                    documents: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' }, url: { type: ['string', 'null'] } } } },
                  },
                },
              },
            },
          },
        },
      },
      async (request) => {
        // Cast: this API route keeps its JSON Schema (it makes the OpenAPI document), which requires `ref`.
        const d = await service.publicDecisionDetail((request.params as { ref: string }).ref);
        if (!d) throw notFound('No published decision with this reference');
        return {
          data: {
            ...registers.decisions([d.decision])[0],
            documents: d.documents.map((x) => ({ title: x.title, url: x.fileKey ? `/scrutiny/documents/${x.id}` : x.url })),
          },
        };
      },
    );
  };
}
