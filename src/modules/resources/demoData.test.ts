import { describe, expect, it } from 'vitest';
import { SEED_FUNDING_THOUSANDS, SEED_PROPERTY_ACT_FUND, demoAwardAmounts, demoCurrentPlanFigures, financialYearsOf, thousandsToPence } from './demoData.js';

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

describe('the years of the current plan', () => {
  it('lists every financial year a term touches, April to March', () => {
    expect(financialYearsOf('2024-05-09', '2029-05-31')).toEqual(['2024/25', '2025/26', '2026/27', '2027/28', '2028/29', '2029/30']);
    expect(financialYearsOf('2021-04-01', '2022-03-31')).toEqual(['2021/22']);
    expect(financialYearsOf('1999-01-15', '2000-06-01')).toEqual(['1998/99', '1999/00', '2000/01']);
  });
  it('gives one set of demo figures a year', () => {
    const f = demoCurrentPlanFigures(['2024/25', '2025/26']);
    expect(f.map((x) => x.year)).toEqual(['2024/25', '2025/26']);
    expect(f[1].fundingThousands).toBe(195_700);
  });
});
