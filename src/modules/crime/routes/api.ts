import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import type { Platform } from '../../../platform/context.js';
import { HttpError } from '../../../platform/http.js';
import { CrimeQueryError } from '../crimeReads.js';
import { parseCountsQuery, parseGroupedQuery } from '../presenters/countsQuery.js';
import { OUTCOME_DIMS, STOP_SEARCH_DIMS, type CountRow, type CrimeService, type GroupedQuery } from '../types.js';

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
  return stringify(
    rows.map((r) => present.map((c) => r[c] ?? '')),
    { header: true, columns: present },
  );
}

const groupedSchema = (dims: readonly string[]) =>
  ({
    type: 'object',
    properties: {
      force: { type: 'string', description: "police.uk force slug, e.g. cleveland (the area's own force when omitted)" },
      from: { type: 'string', description: 'first month, YYYY-MM' },
      to: { type: 'string', description: 'last month, YYYY-MM' },
      by: { type: 'string', description: `comma-separated: ${dims.join(', ')}` },
    },
  }) as const;

/** Rows of the outcomes or stop-and-search API as CSV: the dimensions asked for, then the count. */
export function groupedCsv(rows: Array<Record<string, string | number>>, by: string[]): string {
  const columns = [...new Set(by.flatMap((d) => (d === 'category' ? ['category', 'categoryName'] : [d]))), 'count'];
  return stringify(
    rows.map((r) => columns.map((c) => r[c] ?? '')),
    { header: true, columns },
  );
}

/** The query string as parsed by Fastify (checked by the route's JSON Schema, which does not type it). */
const queryRecord = (q: unknown): Record<string, unknown> => (typeof q === 'object' && q !== null ? Object.fromEntries(Object.entries(q)) : {});

export function apiRoutes(platform: Platform, service: CrimeService) {
  return async function (app: FastifyInstance) {
    /**
     * One API's handler: the query parsed (a CrimeQueryError is a 400 problem), the rows read, sent
     * as JSON or as CSV (for `.csv`, or Accept: text/csv).
     */
    const serve =
      <Q, R>(name: string, parse: (query: Record<string, unknown>) => Promise<Q>, read: (q: Q) => Promise<R[]>, csvOf: (rows: R[], q: Q) => string) =>
      (csv: boolean) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        let q: Q;
        let rows: R[];
        try {
          q = await parse(queryRecord(request.query));
          rows = await read(q);
        } catch (e) {
          if (e instanceof CrimeQueryError) throw new HttpError(400, `Invalid parameter: ${e.param}`, e.message);
          throw e;
        }
        reply.header('cache-control', 'public, max-age=300');
        if (csv || /text\/csv/.test(String(request.headers.accept ?? ''))) {
          return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="crime-${name}.csv"`).send(csvOf(rows, q));
        }
        return { data: rows };
      };
    const handler = serve(
      'counts',
      async (query) => parseCountsQuery(query),
      (q) => service.counts(q),
      (rows: CountRow[]) => toCsv(rows),
    );
    app.get(
      '/api/v1/crime/counts',
      {
        schema: {
          tags: ['crime'],
          summary: 'Recorded crime and ASB counts from police.uk, grouped by the dimensions in `by` (CSV with Accept: text/csv)',
          querystring: querySchema,
        },
      },
      handler(false),
    );
    app.get('/api/v1/crime/counts.csv', { schema: { tags: ['crime'], summary: 'The same counts as CSV', querystring: querySchema } }, handler(true));
    // Outcomes (by the category of their crime, where its street file is imported) and stop and
    // search (by month in UK local time, ethnicity, age, object and outcome), from their rollups.
    const ownForce = async () => (await platform.settings.getArea()).forceId;
    const grouped = <D extends string>(name: string, dims: readonly D[], read: (q: GroupedQuery<D>) => Promise<Array<Record<string, string | number>>>) =>
      serve(
        name,
        async (query) => parseGroupedQuery(query, dims, await ownForce()),
        read,
        (rows, q) => groupedCsv(rows, q.by),
      );
    const outcomes = grouped('outcomes', OUTCOME_DIMS, (q) => service.outcomes(q));
    app.get(
      '/api/v1/crime/outcomes',
      {
        schema: {
          tags: ['crime'],
          summary: 'police.uk outcomes counts for a force, by month (of the outcome), outcome and the category of the crime (CSV with Accept: text/csv)',
          querystring: groupedSchema(OUTCOME_DIMS),
        },
      },
      outcomes(false),
    );
    app.get(
      '/api/v1/crime/outcomes.csv',
      { schema: { tags: ['crime'], summary: 'The same outcomes counts as CSV', querystring: groupedSchema(OUTCOME_DIMS) } },
      outcomes(true),
    );
    const stopSearch = grouped('stop-search', STOP_SEARCH_DIMS, (q) => service.stopSearch(q));
    app.get(
      '/api/v1/crime/stop-search',
      {
        schema: {
          tags: ['crime'],
          summary:
            'police.uk stop and search counts for a force, by month (UK local time), ethnicity (self-defined and officer-defined), age range, gender, object of search and outcome (CSV with Accept: text/csv)',
          querystring: groupedSchema(STOP_SEARCH_DIMS),
        },
      },
      stopSearch(false),
    );
    app.get(
      '/api/v1/crime/stop-search.csv',
      { schema: { tags: ['crime'], summary: 'The same stop and search counts as CSV', querystring: groupedSchema(STOP_SEARCH_DIMS) } },
      stopSearch(true),
    );
    app.get('/api/v1/crime/categories', { schema: { tags: ['crime'], summary: 'police.uk crime categories (slug and display name)' } }, async () => ({
      data: await service.categories(),
    }));
    app.get(
      '/api/v1/crime/months',
      {
        schema: {
          tags: ['crime'],
          summary: 'Months with street data for a force',
          querystring: { type: 'object', required: ['force'], properties: { force: { type: 'string' } } },
        },
      },
      async (request) => ({ data: await service.months(String(queryRecord(request.query).force)) }),
    );
  };
}
