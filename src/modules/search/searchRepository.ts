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
  /** The matches that pass the filters, counted up to MATCH_CAP + 1 (more than MATCH_CAP: "more than"). */
  total: number;
  hits: SearchHit[];
  /** The counts by kind and year of the viewer's matches before filters; null when there are more than MATCH_CAP. */
  facets: { kind: string; year: number | null; count: number }[] | null;
}

/**
 * The most matches a search reads (each is a visit to a table row, the bulk of a search's cost).
 * Up to this many, the count, the counts by kind and year and the ranking are exact; beyond it a
 * search ranks this many matches and the first TITLE_CAP with the words in their title (title
 * words weigh most, so the best are among them), and says "more than" this many. It is also the
 * most results the pages offer (25 pages of 20), so every page offered has its results.
 */
export const MATCH_CAP = 500;
/** Beyond MATCH_CAP matches, how many matches in titles are also ranked. */
const TITLE_CAP = 100;

/** The state the index was last brought up to date at. */
export interface IndexState {
  revision: string;
  /** The newest audit row it had seen, and that row's thousand-row window, counted by entity type. */
  top: number;
  counts: Record<string, number>;
}

/** The audit log since a state: what is new, and what committed late into the old window. */
export interface AuditChanges {
  /** The data's revision now (without the day), the same as `revisions` gives. */
  data: string;
  top: number;
  /** The window of the newest row now, by entity type (the next state's `counts`). */
  counts: Record<string, number>;
  /** Entity types with a row newer than the old state's top, or more rows in its window than it counted. */
  changed: string[];
}

const BATCH = 500;
/** Audit rows that change no record: sign-ins and residents' subscriptions. */
const NOT_RECORDS = sql`('user', 'subscriber')`;

function json<T>(v: unknown): T {
  // Cast: json_agg's rows, in the shape the query's select list gives them (PGlite parses json, node-postgres may not).
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export const searchRepository = {
  async state(db: Db): Promise<IndexState | undefined> {
    const [row] = rowsOf<{ revision: string; top: string | number; counts: unknown }>(
      await db.execute(sql`select revision, top, counts from ${searchState} where id = 1`),
    );
    return row && { revision: row.revision, top: Number(row.top), counts: json<Record<string, number>>(row.counts) };
  },

  /**
   * The data's revision and the index's, in one query (before every search). The data's: the
   * newest audit row of a change to records and how many of the thousand before it there are (a
   * transaction that took its id earlier but committed later changes that count).
   */
  async revisions(db: Db): Promise<{ data: string; index: string | undefined }> {
    const [row] = rowsOf<{ data: string; index: string | null }>(
      await db.execute(sql`
        with top as (select coalesce(max(id), 0) as id from audit_log where entity_type not in ${NOT_RECORDS})
        select top.id::text || ':' || (select count(*) from audit_log a where a.id > top.id - 1000 and a.id <= top.id and a.entity_type not in ${NOT_RECORDS})::text as data,
          (select revision from ${searchState} where id = 1) as index
        from top`),
    );
    return { data: row?.data ?? '0:0', index: row?.index ?? undefined };
  },

  /**
   * Which entity types changed since `since` (the index's state; none: every type there is is
   * new), read by the audit log's primary key from the older window on: new rows, and rows that
   * committed late into the old window (its count by type grew).
   */
  async changesSince(db: Db, since: IndexState | undefined): Promise<AuditChanges> {
    const old = since?.top ?? 0;
    const rows = rowsOf<{ top: string | number; entity_type: string | null; now: number; old: number; newer: number }>(
      await db.execute(sql`
        with top as (select coalesce(max(id), 0) as id from audit_log where entity_type not in ${NOT_RECORDS})
        select top.id as top, a.entity_type,
          (count(*) filter (where a.id > top.id - 1000 and a.id <= top.id))::int as now,
          (count(*) filter (where a.id > ${old}::bigint - 1000 and a.id <= ${old}::bigint))::int as old,
          (count(*) filter (where a.id > ${old}::bigint))::int as newer
        from top left join audit_log a on a.id > least(top.id, ${old}::bigint) - 1000 and a.entity_type not in ${NOT_RECORDS}
        group by top.id, a.entity_type`),
    );
    const top = Number(rows[0]?.top ?? 0);
    const counts: Record<string, number> = {};
    const changed: string[] = [];
    for (const r of rows) {
      if (r.entity_type === null) continue;
      if (r.now > 0) counts[r.entity_type] = r.now;
      if (!since || r.newer > 0 || r.old !== (since.counts[r.entity_type] ?? 0)) changed.push(r.entity_type);
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return { data: `${top}:${total}`, top, counts, changed };
  },

  /** Holds other refreshes (in any process) until this transaction ends. */
  async lock(db: Db): Promise<void> {
    await db.execute(sql`lock table ${searchState} in exclusive mode`);
  },

  /**
   * Makes one source's stored documents exactly `docs`, by digest: unchanged rows stay, so after
   * one edit one row is written. Other sources' rows are not read or touched.
   */
  async replaceSource(db: Db, source: string, docs: StoredDocument[]): Promise<{ added: number; removed: number }> {
    const stored = rowsOf<{ id: number; hash: string }>(await db.execute(sql`select id, hash from ${searchDocuments} where source = ${source}`));
    const wanted = new Map(docs.map((d) => [d.hash, d]));
    const kept = new Set<string>();
    const gone: number[] = [];
    for (const r of stored) {
      if (wanted.has(r.hash) && !kept.has(r.hash)) kept.add(r.hash);
      else gone.push(r.id);
    }
    for (let i = 0; i < gone.length; i += BATCH * 10)
      await db.execute(sql`delete from ${searchDocuments} where id = any(${sql.param(gone.slice(i, i + BATCH * 10))}::int[])`);
    const added = [...wanted.values()].filter((d) => !kept.has(d.hash)).map((d) => ({ ...d, source }));
    for (let i = 0; i < added.length; i += BATCH) await db.insert(searchDocuments).values(added.slice(i, i + BATCH));
    return { added: added.length, removed: gone.length };
  },

  async saveState(db: Db, s: IndexState): Promise<void> {
    const counts = sql`${JSON.stringify(s.counts)}::jsonb`;
    await db.execute(sql`
      insert into ${searchState} (id, revision, top, counts) values (1, ${s.revision}, ${s.top}, ${counts})
      on conflict (id) do update set revision = excluded.revision, top = excluded.top, counts = excluded.counts`);
  },

  /**
   * Merges the GIN indexes' pending lists (where writes go first, to be cheap) into the indexes, so
   * that no search reads them through: PGlite runs no autovacuum that would. Only the indexes' owner
   * may (as for VACUUM); where the application is not, PostgreSQL's autovacuum does it.
   */
  async mergePending(db: Db): Promise<void> {
    await db.execute(sql`
      select gin_clean_pending_list(c.oid) from pg_class c
      where c.oid in ('search_documents_words_idx'::regclass, 'search_documents_title_words_idx'::regclass) and pg_has_role(c.relowner, 'USAGE')`);
  },

  /** Fresh statistics for the planner after many rows changed (PGlite runs no autovacuum). */
  async analyze(db: Db): Promise<void> {
    await db.execute(sql`analyze ${searchDocuments}`);
  },

  /** The years the viewer's documents belong to, newest first (a walk along the year index, a step a year). */
  async years(db: Db, viewer: string): Promise<number[]> {
    const theirs = sql`audiences && array[${viewer}]::text[]`;
    const rows = rowsOf<{ year: number }>(
      await db.execute(sql`
        with recursive y(year) as (
          select min(year) from ${searchDocuments} where ${theirs}
          union all select (select min(year) from ${searchDocuments} where year > y.year and ${theirs}) from y where y.year is not null)
        select year from y where year is not null order by year desc`),
    );
    return rows.map((r) => r.year);
  },

  /**
   * One query for the page. The viewer's matches that pass the filters, at most MATCH_CAP + 1
   * (one GIN index holds the words and the audiences, so only the viewer's matches are read),
   * ranked as they are read; when there are more, the matches in titles too. The page of the
   * best ranked, and the database's snippet for those rows only. The counts by kind and year of
   * the viewer's matches before filters, when there are no more than MATCH_CAP of them.
   */
  async search(db: Db, q: SearchQuery): Promise<SearchPage> {
    const options = `StartSel=${q.startSel}, StopSel=${q.stopSel}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
    // The query in line (not from a CTE), so that the planner sees its words and their frequency:
    // a common word is read by a plain scan that stops at the cap, a rare one by the index.
    const tsq = sql`websearch_to_tsquery('english', ${q.text})`;
    const viewer = sql`d.audiences && array[${q.viewer}]::text[]`;
    const filters: SQL[] = [];
    if (q.kinds.length) filters.push(sql`d.filters && ${sql.param(q.kinds.map((k) => `kind:${k}`))}::text[]`);
    if (q.year !== null) filters.push(sql`d.filters @> array[${`year:${q.year}`}]::text[]`);
    const filtered = sql.join([viewer, ...filters], sql` and `);
    // Without filters the facets count the same matches; with them, the viewer's unfiltered ones.
    const everything = filters.length
      ? sql`select d.kind, d.year from ${searchDocuments} d where d.document @@ ${tsq} and ${viewer} limit ${MATCH_CAP + 1}`
      : sql`select kind, year from matches`;
    const [row] = rowsOf<{ total: number; facets: unknown; hits: unknown }>(
      await db.execute(sql`
        with matches as materialized (
          select d.id, d.kind, d.year, ts_rank(d.document, ${tsq}) as rank
          from ${searchDocuments} d
          where d.document @@ ${tsq} and ${filtered}
          limit ${MATCH_CAP + 1}
        ),
        titled as materialized (
          select d.id, ts_rank(d.document, ${tsq}) as rank
          from ${searchDocuments} d
          where (select count(*) from matches) > ${MATCH_CAP} and d.title_document @@ ${tsq} and d.document @@ ${tsq} and ${filtered}
          limit ${TITLE_CAP}
        ),
        page as (
          select id, rank from (select id, rank from matches union select id, rank from titled) c
          order by rank desc, id limit ${q.limit} offset ${q.offset}
        ),
        everything as materialized (${everything})
        select
          (select count(*) from matches)::int as total,
          case when (select count(*) from everything) > ${MATCH_CAP} then null else (select coalesce(json_agg(f), '[]') from (
            select kind, year, count(*)::int as count from everything group by kind, year) f) end as facets,
          (select coalesce(json_agg(h order by h.rank desc, h.id), '[]') from (
            select page.id, page.rank, d.kind, d.record_id as "recordId", d.title, d.href, d.year,
              ts_headline('english', d.body, ${tsq}, ${options}) as snippet
            from page join ${searchDocuments} d on d.id = page.id) h) as hits`),
    );
    return {
      total: row?.total ?? 0,
      facets: row?.facets === null || row?.facets === undefined ? null : json<NonNullable<SearchPage['facets']>>(row.facets),
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
