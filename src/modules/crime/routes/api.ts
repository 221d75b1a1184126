import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import type { Platform } from '../../../platform/context.js';
import { HttpError } from '../../../platform/http.js';
import { CrimeQueryError } from '../crimeReads.js';
import { parseCountsQuery } from '../presenters/countsQuery.js';
import type { CountRow, CrimeService } from '../types.js';

const querySchema = {
  type: 'object',
  properties: {
    force: { type: 'string', description: 'police.uk force slug, e.g. cleveland (all forces when omitted)' },
    from: { type: 'string', description: 'first month, YYYY-MM' },
    to: { type: 'string', description: 'last month, YYYY-MM' },
    by: { type: 'string', description: 'comma-separated: month, category, force, localAuthority, ward, lsoa' },
    category: { type: 'string', description: 'comma-separated police.uk category slugs' },
    area: { type: 'string', description: 'ONS code of a force area, CSP, local authority, ward or LSOA' },
  },
} as const;

const COLUMNS: (keyof CountRow)[] = ['force', 'month', 'category', 'categoryName', 'localAuthority', 'localAuthorityName', 'ward', 'wardName', 'lsoa', 'count'];

export function toCsv(rows: CountRow[]): string {
  const present = COLUMNS.filter((c) => c === 'count' || rows.some((r) => r[c] !== undefined));
  return stringify(rows.map((r) => present.map((c) => r[c] ?? '')), { header: true, columns: present as string[] });
}

export function apiRoutes(_platform: Platform, service: CrimeService) {
  return async function (app: FastifyInstance) {
    const handler = (csv: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
      let rows: CountRow[];
      try {
        rows = await service.counts(parseCountsQuery(request.query as Record<string, unknown>));
      } catch (e) {
        if (e instanceof CrimeQueryError) throw new HttpError(400, `Invalid parameter: ${e.param}`, e.message);
        throw e;
      }
      const wantsCsv = csv || /text\/csv/.test(String(request.headers.accept ?? ''));
      reply.header('cache-control', 'public, max-age=300');
      if (wantsCsv) return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="crime-counts.csv"').send(toCsv(rows));
      return { data: rows };
    };
    app.get('/api/v1/crime/counts', {
      schema: {
        tags: ['crime'],
        summary: 'Recorded crime and ASB counts from police.uk, grouped by the dimensions in `by` (CSV with Accept: text/csv)',
        querystring: querySchema,
      },
    }, handler(false));
    app.get('/api/v1/crime/counts.csv', { schema: { tags: ['crime'], summary: 'The same counts as CSV', querystring: querySchema } }, handler(true));
    app.get('/api/v1/crime/categories', { schema: { tags: ['crime'], summary: 'police.uk crime categories (slug and display name)' } }, async () => ({ data: await service.categories() }));
    app.get('/api/v1/crime/months', {
      schema: { tags: ['crime'], summary: 'Months with street data for a force', querystring: { type: 'object', required: ['force'], properties: { force: { type: 'string' } } } },
    }, async (request) => ({ data: await service.months(String((request.query as { force: string }).force)) }));
  };
}
