import { describe, expect, it } from 'vitest';
import { SEED_FUNDING_THOUSANDS, SEED_PROPERTY_ACT_FUND, demoAwardAmounts, thousandsToPence } from './demoData.js';

describe('demo data', () => {
  it('spreads £39,000 over 46 plausible awards exactly', () => {
    const a = demoAwardAmounts(SEED_PROPERTY_ACT_FUND.awards, SEED_PROPERTY_ACT_FUND.totalPence);
    expect(a).toHaveLength(46);
    expect(a.reduce((s, x) => s + x, 0)).toBe(3_900_000);
    for (const x of a) {
      expect(x).toBeGreaterThanOrEqual(25_000);
      expect(x).toBeLessThanOrEqual(200_000);
      expect(x % 100).toBe(0);
    }
  });
  it('works for other totals and counts too', () => {
    expect(demoAwardAmounts(3, 100_000).reduce((s, x) => s + x, 0)).toBe(100_000);
    expect(demoAwardAmounts(0, 0)).toEqual([]);
  });
  it('reads every funding figure as thousands of pounds', () => {
    expect(SEED_FUNDING_THOUSANDS.map(thousandsToPence)).toEqual([13_745_800_000, 13_425_300_000, 13_039_700_000, 12_793_700_000]);
  });
});
