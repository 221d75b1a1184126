import { createHash } from 'node:crypto';
import type { Database } from '../../db/index.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { ROLES, type Role } from '../../platform/roles.js';
import type { SearchDocument, SearchSource } from '../../platform/searchDocuments.js';
import { isSearchKind, type SearchKind } from './kinds.js';
import { MATCH_CAP, searchRepository as repo, type SearchHit, type SearchPage, type StoredDocument } from './searchRepository.js';

/** Marks put around matched words by the database; removed from every stored text first. */
export const START_SEL = '\u0001';
export const STOP_SEL = '\u0002';
// Control characters other than tab and new line: never in a page, and the marks are among them.
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export const MAX_QUERY_LENGTH = 200;
export { MATCH_CAP };
export const PAGE_SIZE = 20;

export interface SearchRequest {
  q: string;
  /** The signed-in person's role, or null for the public. */
  role: Role | null;
  kinds?: SearchKind[];
  year?: number | null;
  page?: number;
}

export interface SearchResults {
  q: string;
  hits: SearchHit[];
  /** The matches that pass the filters; when `more`, only that there are more than this many. */
  total: number;
  more: boolean;
  page: number;
  pageSize: number;
  /**
   * How many of the person's matches there are of each kind and year (before filters). When they
   * have more than MATCH_CAP matches, not counted (`counted` false): the years are every year
   * the index holds and the kinds every kind, without counts.
   */
  facets: { counted: boolean; kinds: { kind: string; count: number | null }[]; years: { year: number; count: number | null }[] };
}

/** What a refresh did: the sources it read again, and the rows it wrote and removed. */
export interface RefreshResult {
  read: string[];
  added: number;
  removed: number;
}

const NOTHING: RefreshResult = { read: [], added: 0, removed: 0 };
/** After this many rows written or removed, the planner's statistics are brought up to date. */
const ANALYZE_AFTER = 1000;
/** Refreshes that lose the race to another process's start again; after this many, one reads every source and writes. */
const ATTEMPTS = 3;

function facetsOf(rows: NonNullable<SearchPage['facets']>): SearchResults['facets'] {
  const kinds = new Map<string, number>();
  const years = new Map<number, number>();
  for (const r of rows) {
    kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + r.count);
    if (r.year !== null) years.set(r.year, (years.get(r.year) ?? 0) + r.count);
  }
  return {
    counted: true,
    kinds: [...kinds].map(([kind, count]) => ({ kind, count })),
    years: [...years].map(([year, count]) => ({ year, count })).sort((a, b) => b.year - a.year),
  };
}

/** The words as the database should see them: no control characters, not too long, trimmed. */
export function cleanQuery(q: unknown): string {
  if (typeof q !== 'string') return '';
  return q.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH).trim();
}

/**
 * The documents as stored: each record's documents given their audiences so that every viewer
 * finds at most one of them. A role finds the first staff document it may open; everyone else
 * (signed out, or a role that may open none) finds the public one, if there is one.
 */
export function toStored(docs: SearchDocument[]): StoredDocument[] {
  const clean = (s: string) => s.replace(CONTROL, ' ');
  const byRecord = new Map<string, SearchDocument[]>();
  for (const d of docs) {
    const key = `${d.kind}\u0000${d.id}`;
    const list = byRecord.get(key);
    if (list) list.push(d);
    else byRecord.set(key, [d]);
  }
  const out: StoredDocument[] = [];
  for (const list of byRecord.values()) {
    const covered = new Set<string>();
    const withAudiences: [SearchDocument, string[]][] = [];
    for (const d of list) {
      if (d.audience === 'public') continue;
      const roles = d.audience.filter((r) => !covered.has(r));
      roles.forEach((r) => covered.add(r));
      if (roles.length) withAudiences.push([d, [...roles].sort()]);
    }
    const pub = list.find((d) => d.audience === 'public');
    if (pub) withAudiences.push([pub, ['public', ...ROLES.filter((r) => !covered.has(r))]]);
    for (const [d, audiences] of withAudiences) {
      const doc = { kind: d.kind, recordId: d.id, title: clean(d.title), body: clean(d.body), href: d.href, year: d.year, audiences };
      out.push({ ...doc, hash: createHash('sha256').update(JSON.stringify(doc)).digest('base64url') });
    }
  }
  return out;
}

/**
 * The sources a change touches: those that name a changed entity type; every source when a
 * changed type is named by none (a record no source claims may still be read by one) or when
 * `all` (a new day: rounds and consultations open and close on dates).
 */
export function touchedSources(sources: readonly SearchSource[], changed: readonly string[], all: boolean): SearchSource[] {
  if (all || changed.some((t) => !sources.some((s) => s.entityTypes.includes(t)))) return [...sources];
  return sources.filter((s) => s.entityTypes.some((t) => changed.includes(t)));
}

/**
 * Site-wide search over the modules' records, in the database's own full-text index (English
 * stemming). The index is a copy: before each search it is compared with the data's revision (the
 * newest audit row and the number of the thousand before it, since every change is audited in its
 * own transaction, and the day, for anything published from a date). When it differs, the audit
 * rows since the index's state say which entity types changed; only the sources that name them
 * are read again, and only their changed documents are written. So a draft never shows to the
 * public and an edit shows on the next search, on this process or any other on the database.
 */
export function createSearchService(database: Database, sources: SearchSource[], clock: Pick<Clock, 'today'> = systemClock) {
  const { db } = database;
  let running: { revision: string; done: Promise<RefreshResult> } | undefined;

  async function update(): Promise<RefreshResult> {
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= ATTEMPTS;
      const before = await repo.state(db);
      const changes = await repo.changesSince(db, before);
      const day = clock.today();
      const revision = `${changes.data}:${day}`;
      if (before?.revision === revision) return NOTHING;
      // Read after the revision: what is read is at least as new as what the state will say.
      const chosen = touchedSources(sources, changes.changed, last || before?.revision.split(':')[2] !== day);
      const docs = await Promise.all(chosen.map(async (s) => ({ name: s.name, docs: toStored(await s.read()) })));
      const done = await database.transaction(async (tx): Promise<RefreshResult | null> => {
        await repo.lock(tx);
        const now = await repo.state(tx);
        if (now?.revision === revision) return NOTHING;
        // Another process moved the index meanwhile: what this one read is measured from a stale state.
        if (!last && now?.revision !== before?.revision) return null;
        let added = 0;
        let removed = 0;
        for (const d of docs) {
          const r = await repo.replaceSource(tx, d.name, d.docs);
          added += r.added;
          removed += r.removed;
        }
        if (added) await repo.mergePending(tx);
        if (added + removed >= ANALYZE_AFTER) await repo.analyze(tx);
        await repo.saveState(tx, { revision, top: changes.top, counts: changes.counts });
        return { read: chosen.map((s) => s.name), added, removed };
      });
      if (done) return done;
    }
  }

  /** Makes the index match the data as it is now (as read when this call starts), or newer. */
  async function refresh(): Promise<RefreshResult> {
    const first = await repo.revisions(db);
    const revision = `${first.data}:${clock.today()}`;
    if (first.index === revision) return NOTHING;
    if (running?.revision === revision) return running.done;
    // One refresh at a time in this process: wait for one of an older revision, then check again.
    if (running) await running.done.catch(() => undefined);
    if (running?.revision === revision) return running.done;
    const done = update().finally(() => {
      if (running?.done === done) running = undefined;
    });
    running = { revision, done };
    return done;
  }

  async function search(r: SearchRequest): Promise<SearchResults> {
    const q = cleanQuery(r.q);
    const page = Math.max(1, Math.min(Math.floor(r.page ?? 1), MATCH_CAP / PAGE_SIZE));
    const empty = { q, hits: [], total: 0, more: false, page, pageSize: PAGE_SIZE, facets: { counted: true, kinds: [], years: [] } };
    if (!q) return empty;
    await refresh();
    const query = {
      text: q,
      viewer: r.role ?? 'public',
      kinds: (r.kinds ?? []).filter(isSearchKind),
      year: r.year ?? null,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
      startSel: START_SEL,
      stopSel: STOP_SEL,
    };
    const found = await repo.search(db, query);
    const facets = found.facets
      ? facetsOf(found.facets)
      : { counted: false, kinds: [], years: (await repo.years(db, query.viewer)).map((year) => ({ year, count: null })) };
    const more = found.total > MATCH_CAP;
    return { q, hits: found.hits, total: Math.min(found.total, MATCH_CAP), more, page, pageSize: PAGE_SIZE, facets };
  }

  return { search, refresh };
}

export type SearchService = ReturnType<typeof createSearchService>;
