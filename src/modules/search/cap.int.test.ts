import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import { settableClock } from '../../platform/clock.js';
import type { SearchDocument } from '../../platform/searchDocuments.js';
import { MATCH_CAP, PAGE_SIZE, createSearchService } from './searchService.js';

let db: TestDb;
const clock = settableClock('2026-01-15');

/** `n` public documents that all hold the word "lantern"; the last 50 (stored after the first MATCH_CAP) in their title too. */
function lanterns(n: number): SearchDocument[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: i % 2 ? 'action' : 'priority',
    id: `l${i}`,
    title: i >= n - 50 ? `Lantern ${i}` : `Record ${i}`,
    body: `A lantern for the street, number ${i}.`,
    href: `/x/${i}`,
    year: 2020 + (i % 3),
    audience: 'public' as const,
  }));
}

beforeAll(async () => {
  db = await createTestDb();
}, 120_000);
afterAll(async () => {
  await db?.destroy();
});

describe('a search with more matches than it reads', () => {
  it('counts up to the cap, says there are more, ranks title matches first and offers every page', async () => {
    const service = createSearchService(db, [{ name: 'test', entityTypes: ['test'], read: async () => lanterns(MATCH_CAP + 200) }], clock);
    const first = await service.search({ q: 'lantern', role: null });
    expect(first).toMatchObject({ total: MATCH_CAP, more: true });
    expect(first.facets.counted).toBe(false);
    expect(first.facets.years.map((y) => y.year)).toEqual([2022, 2021, 2020]);
    expect(first.hits).toHaveLength(PAGE_SIZE);
    // Title words weigh most: the first page is all matches in titles, though none is among the first read.
    expect(first.hits.every((h) => h.title.startsWith('Lantern'))).toBe(true);
    const last = await service.search({ q: 'lantern', role: null, page: MATCH_CAP / PAGE_SIZE });
    expect(last.hits).toHaveLength(PAGE_SIZE);
    // Under the cap, everything is exact again: a filter narrows to fewer than it reads.
    const narrowed = await service.search({ q: 'lantern', role: null, kinds: ['priority'], year: 2020 });
    expect(narrowed).toMatchObject({ more: false });
    expect(narrowed.total).toBe(lanterns(MATCH_CAP + 200).filter((d) => d.kind === 'priority' && d.year === 2020).length);
    expect(narrowed.hits.every((h) => h.kind === 'priority' && h.year === 2020)).toBe(true);
    // The facets before filters are still too many to count.
    expect(narrowed.facets.counted).toBe(false);
  });
});
