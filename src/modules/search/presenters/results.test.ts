import { describe, expect, it } from 'vitest';
import { SEARCH_KIND_LIST } from '../kinds.js';
import { MATCH_CAP, START_SEL, STOP_SEL, toStored, touchedSources } from '../searchService.js';
import { parseSearchParams, searchPresenter, snippetHtml } from './results.js';

describe('snippetHtml', () => {
  it('escapes the text and turns only the database’s marks into <mark>', () => {
    expect(snippetHtml(`a <b>${START_SEL}violence${STOP_SEL}</b> & "x" 'y'`)).toBe(
      'a &lt;b&gt;<mark>violence</mark>&lt;/b&gt; &amp; &quot;x&quot; &#39;y&#39;',
    );
    expect(snippetHtml('<mark>not ours</mark>')).toBe('&lt;mark&gt;not ours&lt;/mark&gt;');
  });
  it('closes a mark left open and ignores a stray close', () => {
    expect(snippetHtml(`${STOP_SEL}x ${START_SEL}y`)).toBe('x <mark>y</mark>');
  });
});

describe('parseSearchParams', () => {
  it('keeps known kinds, a sensible year and page, and a clean query', () => {
    expect(parseSearchParams({ q: ' violence\u0000 ', kind: ['priority', 'nope', 'priority'], year: '2021', page: '2' })).toEqual({
      q: 'violence',
      kinds: ['priority'],
      year: 2021,
      page: 2,
    });
    expect(parseSearchParams({ q: ['a', 'b'], kind: 'x', year: '99999', page: '-1' })).toEqual({ q: 'a', kinds: [], year: null, page: 1 });
    expect(parseSearchParams(undefined)).toEqual({ q: '', kinds: [], year: null, page: 1 });
    expect(parseSearchParams({ q: 'x'.repeat(1000) }).q).toHaveLength(200);
  });
});

describe('searchPresenter', () => {
  it('shows the count, the filters with their counts and pages that keep the filters', () => {
    const v = searchPresenter(
      { q: 'violence', kinds: ['priority'], year: null, page: 1 },
      {
        q: 'violence',
        total: 45,
        page: 1,
        pageSize: 20,
        hits: [{ kind: 'priority', recordId: '1', title: 'T', href: '/plans/p/priorities/1', year: 2021, snippet: `${START_SEL}violence${STOP_SEL}` }],
        more: false,
        facets: { counted: true, kinds: [{ kind: 'priority', count: 45 }], years: [{ year: 2021, count: 45 }] },
      },
    );
    expect(v.count).toBe('45 results');
    expect(v.kindItems).toEqual([{ value: 'priority', text: 'Priorities (45)', checked: true }]);
    expect(v.yearItems.map((y) => y.text)).toEqual(['Any year', '2021']);
    expect(v.results[0]).toMatchObject({ kind: 'Priorities', snippetHtml: '<mark>violence</mark>' });
    expect(v.pagination?.next?.href).toBe('/search?q=violence&kind=priority&page=2');
    expect(v.pagination?.items).toHaveLength(3);
    expect(searchPresenter({ q: '', kinds: [], year: null, page: 1 }, null)).toMatchObject({ searched: false, results: [], pagination: null });
  });

  it('says honestly when there are more results than it counts, and offers every kind without counts', () => {
    const v = searchPresenter(
      { q: 'police', kinds: [], year: null, page: 1 },
      {
        q: 'police',
        total: MATCH_CAP,
        more: true,
        page: 1,
        pageSize: 20,
        hits: [],
        facets: { counted: false, kinds: [], years: [{ year: 2021, count: null }] },
      },
    );
    expect(v.count).toBe(`More than ${MATCH_CAP.toLocaleString('en-GB')} results`);
    expect(v.more).toBe(true);
    expect(v.kindItems).toHaveLength(SEARCH_KIND_LIST.length);
    expect(v.kindItems[0]).toEqual({ value: 'plan', text: 'Plans', checked: false });
    expect(v.kindHint).toEqual({ text: 'Too many results to count them by kind.' });
    expect(v.yearItems.map((y) => y.text)).toEqual(['Any year', '2021']);
    expect(v.pagination?.items.at(-1)).toMatchObject({ number: MATCH_CAP / 20 });
    expect(parseSearchParams({ q: 'x', page: String(MATCH_CAP / 20 + 1) }).page).toBe(1);
  });
});

describe('toStored', () => {
  it('gives each viewer at most one document of a record: roles that may open the staff copy find it, the rest the public one', () => {
    const base = { kind: 'plan', id: 'p1', title: 'T\u0001', body: 'B\u0002', year: 2021 };
    const docs = toStored([
      { ...base, href: '/plans/p1', audience: 'public' },
      { ...base, href: '/admin/plans/p1', audience: ['editor', 'admin'] },
    ]);
    expect(docs.map((d) => [d.href, d.audiences])).toEqual([
      ['/admin/plans/p1', ['admin', 'editor']],
      ['/plans/p1', ['public', 'analyst', 'force-lead', 'commissioner', 'panel-member']],
    ]);
    expect(docs[0]).toMatchObject({ title: 'T ', body: 'B ' });
    const staffOnly = toStored([{ ...base, href: '/admin/x', audience: ['analyst'] }]);
    expect(staffOnly.map((d) => d.audiences)).toEqual([['analyst']]);
  });
});

describe('touchedSources', () => {
  const read = async () => [];
  const sources = [
    { name: 'plans', entityTypes: ['plan', 'priority'], read },
    { name: 'delivery', entityTypes: ['delivery-action', 'plan'], read },
    { name: 'scrutiny', entityTypes: ['scrutiny-panel-report'], read },
  ];
  const names = (changed: string[], all = false) => touchedSources(sources, changed, all).map((s) => s.name);

  it('re-reads the sources that name a changed entity type, and only those', () => {
    expect(names(['priority'])).toEqual(['plans']);
    expect(names(['plan'])).toEqual(['plans', 'delivery']);
    expect(names(['scrutiny-panel-report', 'delivery-action'])).toEqual(['delivery', 'scrutiny']);
    expect(names([])).toEqual([]);
  });

  it('re-reads every source for a type none names, and on a new day', () => {
    expect(names(['priority', 'settings'])).toEqual(['plans', 'delivery', 'scrutiny']);
    expect(names([], true)).toEqual(['plans', 'delivery', 'scrutiny']);
  });
});
