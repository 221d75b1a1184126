import { describe, expect, it } from 'vitest';
import { PageStore, etagOf, noneMatch, notModified, pageKey, type CachedPage } from './pageStore.js';

const page = (key: string, bytes: number, rev = '1'): CachedPage => ({
  key,
  rev,
  body: Buffer.alloc(bytes, 'x'),
  etag: '"e"',
  headers: {},
  lastModified: null,
  expiresAt: Infinity,
});

describe('pageKey', () => {
  it('puts the query in a stable order, keeping the order of a repeated name', () => {
    expect(pageKey('/your-area?b=2&a=1', 'D')).toBe('D /your-area?a=1&b=2');
    expect(pageKey('/your-area?a=1&b=2', 'D')).toBe('D /your-area?a=1&b=2');
    expect(pageKey('/x?k=2&a=0&k=1', 'D')).toBe('D /x?a=0&k=2&k=1');
    expect(pageKey('/x?k=1&k=2', 'D')).not.toBe(pageKey('/x?k=2&k=1', 'D'));
  });

  it('reads an empty query as none and one encoding as another', () => {
    expect(pageKey('/plans?', 'D')).toBe('D /plans');
    expect(pageKey('/plans', 'D')).toBe('D /plans');
    expect(pageKey('/search?q=knife+crime', 'D')).toBe(pageKey('/search?q=knife%20crime', 'D'));
  });

  it('keeps the day and the path apart', () => {
    expect(pageKey('/plans', '2026-12-06')).not.toBe(pageKey('/plans', '2026-12-07'));
    expect(pageKey('/plans/a', 'D')).not.toBe(pageKey('/Plans/a', 'D'));
  });

  it('refuses addresses too long or not a path', () => {
    expect(pageKey(`/x?q=${'a'.repeat(2000)}`, 'D')).toBeUndefined();
    expect(pageKey('http://evil/x', 'D')).toBeUndefined();
  });
});

describe('PageStore', () => {
  it('drops the least recently used pages once past its bytes', () => {
    const s = new PageStore(14_100); // each page counts 3,502 bytes: 2,000, its key, and its headers
    s.set(page('a', 2000));
    s.set(page('b', 2000));
    s.set(page('c', 2000));
    expect(s.get('a', '1', 0)).toBeDefined(); // a is now the most recently used
    s.set(page('d', 2000));
    s.set(page('e', 2000));
    expect(s.bytes).toBeLessThanOrEqual(14_100);
    expect(s.get('b', '1', 0)).toBeUndefined();
    expect(s.get('a', '1', 0)).toBeDefined();
    expect(s.get('e', '1', 0)).toBeDefined();
  });

  it('never holds more than its bytes, whatever is added', () => {
    const s = new PageStore(50_000);
    for (let i = 0; i < 500; i++) s.set(page(`k${i}`, 100 + ((i * 7919) % 9000)));
    expect(s.bytes).toBeLessThanOrEqual(50_000);
    expect(s.size).toBeGreaterThan(0);
  });

  it('keeps no page bigger than a quarter of its bytes', () => {
    const s = new PageStore(10_000);
    s.set(page('big', 5000));
    expect(s.size).toBe(0);
  });

  it('counts a replaced page once', () => {
    const s = new PageStore(100_000);
    s.set(page('a', 1000));
    s.set(page('a', 3000));
    expect(s.size).toBe(1);
    s.clear();
    expect(s.bytes).toBe(0);
  });

  it('gives nothing for another revision or after the page expired', () => {
    const s = new PageStore(100_000);
    s.set(page('a', 10, '1'));
    expect(s.get('a', '2', 0)).toBeUndefined();
    expect(s.size).toBe(0);
    s.set({ ...page('b', 10), expiresAt: 100 });
    expect(s.get('b', '1', 99)).toBeDefined();
    expect(s.get('b', '1', 100)).toBeUndefined();
  });
});

describe('conditional requests', () => {
  const etag = etagOf(Buffer.from('<p>hello</p>'));

  it('tags different bytes differently, and the same bytes the same', () => {
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    expect(etagOf(Buffer.from('<p>hello</p>'))).toBe(etag);
    expect(etagOf(Buffer.from('<p>hello!</p>'))).not.toBe(etag);
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    expect(noneMatch(undefined, etag)).toBeUndefined();
    expect(noneMatch(etag, etag)).toBe(false);
    expect(noneMatch(`"other", W/${etag}`, etag)).toBe(false);
    expect(noneMatch('*', etag)).toBe(false);
    expect(noneMatch('"other"', etag)).toBe(true);
  });

  it('lets If-None-Match decide over If-Modified-Since', () => {
    const p = { etag, lastModified: Date.parse('2026-12-06T10:00:00Z') };
    expect(notModified({ 'if-none-match': etag }, p)).toBe(true);
    expect(notModified({ 'if-none-match': '"old"', 'if-modified-since': 'Sun, 06 Dec 2026 11:00:00 GMT' }, p)).toBe(false);
    expect(notModified({ 'if-modified-since': 'Sun, 06 Dec 2026 10:00:00 GMT' }, p)).toBe(true);
    expect(notModified({ 'if-modified-since': 'Sun, 06 Dec 2026 09:59:59 GMT' }, p)).toBe(false);
    expect(notModified({ 'if-modified-since': 'not a date' }, p)).toBe(false);
  });

  it('never answers If-Modified-Since for a page without Last-Modified', () => {
    expect(notModified({ 'if-modified-since': 'Sun, 06 Dec 2099 10:00:00 GMT' }, { etag, lastModified: null })).toBe(false);
  });
});
