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

/** A module's searchable records, read afresh each time the index is rebuilt. */
export type SearchSource = () => Promise<SearchDocument[]>;

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
