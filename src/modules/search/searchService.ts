import { createHash } from 'node:crypto';
import type { Database } from '../../db/index.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { ROLES, type Role } from '../../platform/roles.js';
import type { SearchDocument, SearchSource } from '../../platform/searchDocuments.js';
import { isSearchKind, type SearchKind } from './kinds.js';
import { searchRepository as repo, type SearchHit, type StoredDocument } from './searchRepository.js';

/** Marks put around matched words by the database; removed from every stored text first. */
export const START_SEL = '\u0001';
export const STOP_SEL = '\u0002';
// Control characters other than tab and new line: never in a page, and the marks are among them.
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export const MAX_QUERY_LENGTH = 200;
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
  total: number;
  page: number;
  pageSize: number;
  /** How many of the person's matches there are of each kind and year (before filters). */
  facets: { kinds: { kind: string; count: number }[]; years: { year: number; count: number }[] };
}

function facetsOf(rows: { kind: string; year: number | null; count: number }[]): SearchResults['facets'] {
  const kinds = new Map<string, number>();
  const years = new Map<number, number>();
  for (const r of rows) {
    kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + r.count);
    if (r.year !== null) years.set(r.year, (years.get(r.year) ?? 0) + r.count);
  }
  return {
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
 * Site-wide search over the modules' records, in the database's own full-text index (English
 * stemming). The index is a copy: before each search it is compared with the data's revision (the
 * newest audit row and the number of them, since every change is audited in its own transaction,
 * and the day, for anything published from a date) and rebuilt from the modules' sources when it
 * differs, so a draft never shows to the public and an edit shows on the next search.
 */
export function createSearchService(database: Database, sources: SearchSource[], clock: Pick<Clock, 'today'> = systemClock) {
  const { db } = database;
  let rebuilding: { revision: string; done: Promise<void> } | undefined;

  async function rebuild(revision: string): Promise<void> {
    const docs = toStored((await Promise.all(sources.map((s) => s()))).flat());
    await database.transaction(async (tx) => {
      await repo.lock(tx);
      if ((await repo.revision(tx)) === revision) return;
      await repo.replaceAll(tx, docs, revision);
    });
  }

  /** Makes the index match the data as it is now (as read when this call starts), or newer. */
  async function refresh(): Promise<void> {
    const first = await repo.revisions(db);
    const revision = `${first.data}:${clock.today()}`;
    if (first.index === revision) return;
    if (rebuilding?.revision === revision) return rebuilding.done;
    // One rebuild at a time in this process: wait for one of an older revision, then check again.
    if (rebuilding) await rebuilding.done.catch(() => undefined);
    if (rebuilding?.revision === revision) return rebuilding.done;
    if ((await repo.revision(db)) === revision) return;
    const done = rebuild(revision).finally(() => {
      if (rebuilding?.done === done) rebuilding = undefined;
    });
    rebuilding = { revision, done };
    return done;
  }

  async function search(r: SearchRequest): Promise<SearchResults> {
    const q = cleanQuery(r.q);
    const page = Math.max(1, Math.min(Math.floor(r.page ?? 1), 50));
    const empty = { q, hits: [], total: 0, page, pageSize: PAGE_SIZE, facets: { kinds: [], years: [] } };
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
    return { q, hits: found.hits, total: found.total, page, pageSize: PAGE_SIZE, facets: facetsOf(found.facets) };
  }

  return { search, refresh };
}

export type SearchService = ReturnType<typeof createSearchService>;
