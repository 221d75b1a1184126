import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { csvResponse, registerResponse, sendRecordsCsv } from '../../../platform/openData.js';
import { ENGAGEMENT_API, engagementFields, type EngagementOpenData } from '../openData.js';

const tags = ['engagement'];
const yearQuery = {
  type: 'object',
  properties: { year: { type: 'integer', minimum: 2000, maximum: 2100, description: 'The calendar year (this year when not given)' } },
  additionalProperties: false,
} as const;

/** Engagement's registers as JSON (`{ data }`) and CSV (`.csv`): public records and counts only. */
export function apiRoutes(platform: Platform, openData: EngagementOpenData) {
  return async function (app: FastifyInstance) {
    const registers = {
      consultations: {
        summary: 'Public consultations with their stage, methods, response counts and published results',
        rows: () => openData.consultations(),
      },
      'you-said-we-did': {
        summary: '"You said, we did": the themes of each consultation whose feedback is published, with the priorities and actions that answer them',
        rows: () => openData.youSaidWeDid(),
      },
    } as const;

    // Cast: Object.entries types its keys as string; they are exactly the keys of `registers`.
    for (const [name, r] of Object.entries(registers) as [keyof typeof registers, (typeof registers)[keyof typeof registers]][]) {
      const fields = engagementFields[name];
      app.get(`${ENGAGEMENT_API}/${name}`, { schema: { tags, summary: r.summary, response: registerResponse(fields, `${r.summary}, as JSON`) } }, async () => ({
        data: await r.rows(),
      }));
      app.get(
        `${ENGAGEMENT_API}/${name}.csv`,
        { schema: { tags, summary: `${r.summary} (CSV)`, response: csvResponse(`One row per record; the columns are those of ${ENGAGEMENT_API}/${name}`) } },
        async (_request, reply) => sendRecordsCsv(reply, name, await r.rows(), Object.keys(fields)),
      );
    }

    const log = {
      summary: 'The engagement log of a year counted by ward: meetings and events, their kinds and attendance (counts only)',
      fields: engagementFields['engagement-log'],
    };
    // Cast: the API's routes keep JSON Schemas (for the OpenAPI document); yearQuery gives an optional number.
    const yearOf = (q: unknown) => (q as { year?: number }).year ?? platform.clock.now().getUTCFullYear();
    app.get(
      `${ENGAGEMENT_API}/engagement-log`,
      { schema: { tags, summary: log.summary, querystring: yearQuery, response: registerResponse(log.fields, `${log.summary}, as JSON`) } },
      async (request) => ({ data: await openData.logByWard(yearOf(request.query)) }),
    );
    app.get(
      `${ENGAGEMENT_API}/engagement-log.csv`,
      { schema: { tags, summary: `${log.summary} (CSV)`, querystring: yearQuery, response: csvResponse('One row per ward') } },
      async (request, reply) => {
        const year = yearOf(request.query);
        return sendRecordsCsv(reply, `engagement-log-${year}`, await openData.logByWard(year), Object.keys(log.fields));
      },
    );
  };
}
