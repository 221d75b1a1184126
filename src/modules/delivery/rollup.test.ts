import { describe, expect, it } from 'vitest';
import { rollup } from './rollup.js';

describe('rollup', () => {
  it('gives no figure for zero children', () => {
    const r = rollup([]);
    expect(r.value).toBeNull();
    expect(r.count).toBe(0);
    expect(r.working).toMatch(/no figure/i);
  });

  it('is the plain mean when no action has a weight (nil weights)', () => {
    const r = rollup([
      { reference: 'A1', progress: 0, weight: null },
      { reference: 'A2', progress: 50, weight: null },
      { reference: 'A3', progress: 100, weight: null },
    ]);
    expect(r.value).toBe(50);
    expect(r.weighted).toBe(false);
    expect(r.working).toBe('(0 + 50 + 100) ÷ 3 = 50%');
  });

  it('is the weighted mean when weights are given', () => {
    const r = rollup([
      { reference: 'A1', progress: 20, weight: 3 },
      { reference: 'A2', progress: 100, weight: 1 },
    ]);
    // (3×20 + 1×100) / 4 = 40
    expect(r.value).toBe(40);
    expect(r.totalWeight).toBe(4);
    expect(r.working).toBe('(3 × 20 + 1 × 100) ÷ 4 = 40%');
  });

  it('counts a missing weight as 1 when others have weights', () => {
    const r = rollup([
      { reference: 'A1', progress: 10, weight: 2 },
      { reference: 'A2', progress: 70, weight: null },
    ]);
    expect(r.value).toBe(30);
  });

  it('rounds to one decimal place', () => {
    expect(
      rollup([
        { reference: 'A1', progress: 0, weight: null },
        { reference: 'A2', progress: 0, weight: null },
        { reference: 'A3', progress: 100, weight: null },
      ]).value,
    ).toBe(33.3);
  });
});
