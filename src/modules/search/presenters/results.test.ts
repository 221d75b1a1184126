import { describe, expect, it } from 'vitest';
import { START_SEL, STOP_SEL, toStored } from '../searchService.js';
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
        facets: { kinds: [{ kind: 'priority', count: 45 }], years: [{ year: 2021, count: 45 }] },
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
