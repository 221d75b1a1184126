import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/index.js';
import { searchDocuments, searchState } from './schema.js';

/** A document ready to store. */
export interface StoredDocument {
  hash: string;
  kind: string;
  recordId: string;
  title: string;
  body: string;
  href: string;
  year: number | null;
  audiences: string[];
}

export interface SearchQuery {
  /** The words, as a person typed them (websearch syntax: "quoted phrases", or, -not). */
  text: string;
  /** `public` for someone signed out, else their role. */
  viewer: string;
  kinds: string[];
  year: number | null;
  limit: number;
  offset: number;
  /** Marks around each matched word in the snippet: characters that never occur in stored text. */
  startSel: string;
  stopSel: string;
}

export interface SearchHit {
  kind: string;
  recordId: string;
  title: string;
  href: string;
  year: number | null;
  snippet: string;
}

export interface SearchPage {
  total: number;
  hits: SearchHit[];
  facets: { kind: string; year: number | null; count: number }[];
}

const BATCH = 500;

function json<T>(v: unknown): T {
  // Cast: json_agg's rows, in the shape the query's select list gives them (PGlite parses json, node-postgres may not).
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export const searchRepository = {
  async revision(db: Db): Promise<string | undefined> {
    const [row] = rowsOf<{ revision: string }>(await db.execute(sql`select revision from ${searchState} where id = 1`));
    return row?.revision;
  },

  /**
   * The data's revision and the index's, in one query. The data's: the newest audit row of a
   * change to records and how many of the last thousand there are (a transaction that took its id
   * earlier but committed later changes that count). Sign-ins and residents' subscriptions change
   * no record, so they do not count.
   */
  async revisions(db: Db): Promise<{ data: string; index: string | undefined }> {
    const [row] = rowsOf<{ data: string; index: string | null }>(
      await db.execute(sql`
        with top as (select coalesce(max(id), 0) as id from audit_log where entity_type not in ('user', 'subscriber'))
        select top.id::text || ':' || (select count(*) from audit_log a where a.id > top.id - 1000 and a.entity_type not in ('user', 'subscriber'))::text as data,
          (select revision from ${searchState} where id = 1) as index
        from top`),
    );
    return { data: row?.data ?? '0:0', index: row?.index ?? undefined };
  },

  /** Holds other rebuilds (in any process) until this transaction ends. */
  async lock(db: Db): Promise<void> {
    await db.execute(sql`lock table ${searchState} in exclusive mode`);
  },

  /**
   * Makes the stored documents exactly `docs` (by digest: unchanged rows stay, so a rebuild after
   * one edit writes one row) and records the revision they were read at.
   */
  async replaceAll(db: Db, docs: StoredDocument[], revision: string): Promise<{ added: number; removed: number }> {
    const stored = rowsOf<{ id: number; hash: string }>(await db.execute(sql`select id, hash from ${searchDocuments}`));
    const wanted = new Map(docs.map((d) => [d.hash, d]));
    const kept = new Set<string>();
    const gone: number[] = [];
    for (const r of stored) {
      if (wanted.has(r.hash) && !kept.has(r.hash)) kept.add(r.hash);
      else gone.push(r.id);
    }
    for (let i = 0; i < gone.length; i += BATCH * 10)
      await db.execute(sql`delete from ${searchDocuments} where id = any(${sql.param(gone.slice(i, i + BATCH * 10))}::int[])`);
    const added = [...wanted.values()].filter((d) => !kept.has(d.hash));
    for (let i = 0; i < added.length; i += BATCH) await db.insert(searchDocuments).values(added.slice(i, i + BATCH));
    await db.insert(searchState).values({ id: 1, revision }).onConflictDoUpdate({ target: searchState.id, set: { revision } });
    return { added: added.length, removed: gone.length };
  },

  /**
   * One pass over the index: the matches this viewer may see, ranked (title above body); the
   * page of them that passes the filters, with snippets; their number; and the counts by kind
   * and year of all the viewer's matches (for the filters).
   */
  async search(db: Db, q: SearchQuery): Promise<SearchPage> {
    const options = `StartSel=${q.startSel}, StopSel=${q.stopSel}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
    const filters: SQL[] = [sql`true`];
    if (q.kinds.length) filters.push(sql`kind = any(${sql.param(q.kinds)}::text[])`);
    if (q.year !== null) filters.push(sql`year = ${q.year}`);
    const filtered = sql.join(filters, sql` and `);
    const [row] = rowsOf<{ total: number; facets: unknown; hits: unknown }>(
      await db.execute(sql`
        with q as (select websearch_to_tsquery('english', ${q.text}) as query),
        matches as materialized (
          select d.id, d.kind, d.year, ts_rank(d.document, q.query) as rank
          from ${searchDocuments} d, q
          where d.document @@ q.query and d.audiences && array[${q.viewer}]::text[]
        ),
        page as (select id, rank from matches where ${filtered} order by rank desc, id limit ${q.limit} offset ${q.offset})
        select
          (select count(*) from matches where ${filtered})::int as total,
          (select coalesce(json_agg(f), '[]') from (select kind, year, count(*)::int as count from matches group by kind, year) f) as facets,
          (select coalesce(json_agg(h order by h.rank desc, h.id), '[]') from (
            select page.id, page.rank, d.kind, d.record_id as "recordId", d.title, d.href, d.year,
              ts_headline('english', d.body, q.query, ${options}) as snippet
            from page join ${searchDocuments} d on d.id = page.id, q) h) as hits`),
    );
    return {
      total: row?.total ?? 0,
      facets: json<SearchPage['facets']>(row?.facets ?? []),
      hits: json<(SearchHit & { id: number; rank: number })[]>(row?.hits ?? []).map(({ kind, recordId, title, href, year, snippet }) => ({
        kind,
        recordId,
        title,
        href,
        year,
        snippet,
      })),
    };
  },
};
