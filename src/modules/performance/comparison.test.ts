import { describe, expect, it } from 'vitest';
import { monthsInCommon, mostSimilar, perThousand } from './comparison.js';

const mix = (o: Record<string, number>) => new Map(Object.entries(o));

describe('fair comparison', () => {
  it('finds the forces most like ours by size and crime mix, only among forces with a population', () => {
    const own = { id: 'own', population: 500_000, byCategory: mix({ burglary: 100, violence: 300 }) };
    const others = [
      { id: 'twin', population: 520_000, byCategory: mix({ burglary: 210, violence: 590 }) },
      { id: 'big', population: 3_000_000, byCategory: mix({ burglary: 1000, violence: 3000 }) },
      { id: 'other-mix', population: 500_000, byCategory: mix({ burglary: 300, violence: 100 }) },
      { id: 'no-pop', population: null, byCategory: mix({ burglary: 100, violence: 300 }) },
    ];
    expect(mostSimilar(own, others, 2).map((s) => s.id)).toEqual(['twin', 'other-mix']);
    expect(mostSimilar(own, others).map((s) => s.id)).not.toContain('no-pop');
    expect(mostSimilar({ ...own, population: null }, others)).toEqual([]);
  });
  it('keeps only the months every force has', () => {
    expect(
      monthsInCommon([
        ['2024-01', '2024-02', '2024-03'],
        ['2024-02', '2024-03', '2024-04'],
      ]),
    ).toEqual(['2024-02', '2024-03']);
    expect(monthsInCommon([])).toEqual([]);
  });
  it('gives rates per 1,000 residents', () => {
    expect(perThousand(1439, 143_900)).toBe(10);
  });
});
