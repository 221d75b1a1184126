import type { Role } from './roles.js';

/**
 * One record as the site-wide search sees it. Each module describes its own records (its own
 * reads and its own permission table decide who may open what); the search module indexes them.
 * A record that the public may see and staff may open in the staff area comes as two documents:
 * the published text with its public page, and the current text with its staff page.
 */
export interface SearchDocument {
  /** The kind of record (see SEARCH_KINDS in modules/search). */
  kind: string;
  /** The record's id, the same in both of its documents. */
  id: string;
  title: string;
  /** The text searched and quoted in the snippet (untrusted: it is escaped when shown). */
  body: string;
  /** The page that shows it to whoever the document is for. */
  href: string;
  /** The calendar year it belongs to (its term, financial year start or date), if any. */
  year: number | null;
  /** `public`: anyone, signed in or not; otherwise the roles that may open `href`. */
  audience: 'public' | readonly Role[];
}

/**
 * A module's searchable records. The search index re-reads a source only when an audit row of one
 * of its `entityTypes` is new (or the day changes), and rewrites only that source's documents.
 */
export interface SearchSource {
  /** The source's name (its module's): its documents are stored and replaced under it. */
  name: string;
  /**
   * The audit log's entity types whose changes can change these documents: the module's own, and
   * those of the records it reads through another module's service (e.g. a plan's publication
   * decides whether its delivery actions are public). A type no source names re-reads every source.
   */
  entityTypes: readonly string[];
  /** All the source's documents, read afresh. */
  read(): Promise<SearchDocument[]>;
}

/** A source, written as the modules do: `return searchSource('plans', PLANS_SEARCH_ENTITY_TYPES, async () => …)`. */
export function searchSource(name: string, entityTypes: readonly string[], read: () => Promise<SearchDocument[]>): SearchSource {
  return { name, entityTypes, read };
}

/** The year of an ISO date (or of a `YYYY` / `YYYY-MM` string), or null. */
export function yearOf(value: string | Date | null | undefined): number | null {
  if (!value) return null;
  const s = value instanceof Date ? value.toISOString() : value;
  const y = Number(s.slice(0, 4));
  return Number.isInteger(y) && y > 1900 ? y : null;
}

/** Joins the parts of a record's text that are present, one per line. */
export function joinText(...parts: (string | null | undefined | readonly string[])[]): string {
  return parts
    .flatMap((p) => (Array.isArray(p) ? p : [p]))
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .join('\n');
}
