import { SEARCH_KINDS, SEARCH_KIND_LIST, isSearchKind, type SearchKind } from '../kinds.js';
import type { SearchHit } from '../searchRepository.js';
import { MATCH_CAP, MAX_QUERY_LENGTH, PAGE_SIZE, START_SEL, STOP_SEL, cleanQuery, type SearchResults } from '../searchService.js';

/** What the search page was asked for, read from the query string (anything may be in it). */
export interface SearchParams {
  q: string;
  kinds: SearchKind[];
  year: number | null;
  page: number;
}

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

export function parseSearchParams(query: unknown): SearchParams {
  const o: Record<string, unknown> = query && typeof query === 'object' ? { ...query } : {};
  const year = Number(list(o.year)[0]);
  const page = Number(list(o.page)[0]);
  return {
    q: cleanQuery(list(o.q)[0] ?? ''),
    kinds: [...new Set(list(o.kind).filter(isSearchKind))],
    year: Number.isInteger(year) && year >= 1900 && year <= 2200 ? year : null,
    page: Number.isInteger(page) && page >= 1 && page <= MATCH_CAP / PAGE_SIZE ? page : 1,
  };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The database's snippet as HTML: every character of the record's text escaped, then the marks
 * the database put around matched words (characters no stored text contains) made into <mark>.
 * A mark left open at the end of a fragment is closed.
 */
export function snippetHtml(snippet: string): string {
  const escaped = snippet.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
  let open = false;
  let out = '';
  for (const ch of escaped) {
    if (ch === START_SEL) {
      if (!open) out += '<mark>';
      open = true;
    } else if (ch === STOP_SEL) {
      if (open) out += '</mark>';
      open = false;
    } else out += ch;
  }
  return open ? `${out}</mark>` : out;
}

function href(p: SearchParams, page: number): string {
  const u = new URLSearchParams();
  u.set('q', p.q);
  for (const k of p.kinds) u.append('kind', k);
  if (p.year !== null) u.set('year', String(p.year));
  if (page > 1) u.set('page', String(page));
  return `/search?${u.toString()}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** A filter's label: with its count when the matches were counted. */
function labelled(text: string, count: number | null | undefined, counted: boolean): string {
  return counted ? `${text} (${(count ?? 0).toLocaleString('en-GB')})` : text;
}

/** The search page: the form with its filters, the count, the results and the pages. */
export function searchPresenter(p: SearchParams, r: SearchResults | null) {
  // More matches than the search counts: every kind and year is offered, without counts.
  const counted = r?.facets.counted ?? true;
  const kindCounts = new Map((r?.facets.kinds ?? []).map((k) => [k.kind, k.count]));
  const years = r?.facets.years ?? [];
  const kindItems = SEARCH_KIND_LIST.filter((k) => !counted || kindCounts.has(k) || p.kinds.includes(k)).map((k) => ({
    value: k,
    text: labelled(SEARCH_KINDS[k], kindCounts.get(k), counted),
    checked: p.kinds.includes(k),
  }));
  const yearValues = [...new Set([...years.map((y) => y.year), ...(p.year !== null ? [p.year] : [])])].sort((a, b) => b - a);
  const yearItems = [
    { value: '', text: 'Any year', selected: p.year === null },
    ...yearValues.map((y) => ({ value: String(y), text: String(y), selected: y === p.year })),
  ];
  const total = r?.total ?? 0;
  const more = r?.more ?? false;
  const pages = Math.min(MATCH_CAP / (r?.pageSize ?? 20), Math.ceil(total / (r?.pageSize ?? 20)));
  const filtered = p.kinds.length > 0 || p.year !== null;
  return {
    q: p.q,
    maxLength: MAX_QUERY_LENGTH,
    searched: p.q !== '',
    filtered,
    clearFiltersHref: href({ ...p, kinds: [], year: null }, 1),
    kindItems,
    yearItems,
    count: more ? `More than ${plural(total, 'result', 'results')}` : plural(total, 'result', 'results'),
    /** Too many to count: the page says so, shows the best ranked and suggests narrowing. */
    more,
    cap: MATCH_CAP.toLocaleString('en-GB'),
    kindHint: counted ? undefined : { text: 'Too many results to count them by kind.' },
    results: (r?.hits ?? []).map((h: SearchHit) => ({
      title: h.title,
      href: h.href,
      kind: isSearchKind(h.kind) ? SEARCH_KINDS[h.kind] : h.kind,
      year: h.year,
      snippetHtml: snippetHtml(h.snippet),
    })),
    pagination:
      pages > 1
        ? {
            previous: p.page > 1 ? { href: href(p, p.page - 1) } : undefined,
            next: p.page < pages ? { href: href(p, p.page + 1) } : undefined,
            items: Array.from({ length: pages }, (_, i) => i + 1)
              .filter((n) => n === 1 || n === pages || Math.abs(n - p.page) <= 2)
              .flatMap((n, i, all) => [...(i > 0 && n - all[i - 1]! > 1 ? [{ ellipsis: true }] : []), { number: n, href: href(p, n), current: n === p.page }]),
          }
        : null,
  };
}
