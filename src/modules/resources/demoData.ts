/**
 * Pure helpers for the demo data (tested): the figures from the Police and Crime Plan 2014/17
 * refresh (March 2014) and the synthetic, labelled records around them.
 */
import { financialYear, financialYearOf } from '../../platform/dates.js';

/** The financial years of the refresh's resources table. */
export const SEED_YEARS = ['2013/14', '2014/15', '2015/16', '2016/17'] as const;

/** "Employee Numbers (average per year) FTE", exactly as the refresh gives them. */
export const SEED_WORKFORCE = {
  'police-officers': [1441, 1378, 1349, 1349],
  pcsos: [158, 145, 132, 132],
} as const;

/**
 * "Funding forecast (£) 137,458k 134,253k 130,397 127,937". The source prints the first two
 * figures with "k" and the last two without; all four are read as thousands of pounds (£k),
 * because £130,397 after £134,253k would be a 99.9% fall in one year. Stored in pence.
 */
export const SEED_FUNDING_THOUSANDS = [137_458, 134_253, 130_397, 127_937] as const;
export const thousandsToPence = (k: number) => k * 1000 * 100;

/** "reduced the budget of the OPCC by 23% (£270k) when compared to Cleveland Police Authority". */
export const SEED_OPCC_CUT = { percent: 23, pence: 270 * 1000 * 100 } as const;

/** "This has distributed £39,000 to 46 community-led projects". */
export const SEED_PROPERTY_ACT_FUND = { awards: 46, totalPence: 39_000 * 100 } as const;

/**
 * Plausible grant amounts (whole pounds, between £250 and £2,000) that add up to exactly
 * `totalPence` over `count` awards. Deterministic, so the demo is the same every time.
 */
export function demoAwardAmounts(count: number, totalPence: number): number[] {
  if (count <= 0) return [];
  const pattern = [500, 750, 1000, 600, 900, 1200, 800, 650, 1000, 700];
  const amounts = Array.from({ length: count }, (_, i) => pattern[i % pattern.length] * 100);
  let diff = totalPence - amounts.reduce((s, a) => s + a, 0);
  // Spread the difference in £50 steps, keeping every amount within bounds; the last absorbs the rest.
  for (let i = 0; diff !== 0 && i < count * 40; i++) {
    const j = i % count;
    const step = Math.sign(diff) * Math.min(Math.abs(diff), 5000);
    const next = amounts[j] + step;
    if (next >= 25_000 && next <= 200_000) {
      amounts[j] = next;
      diff -= step;
    }
  }
  if (diff !== 0) throw new Error('Cannot spread the total over these awards');
  return amounts;
}

/** The UK financial years (April to March) a term touches: 2024-05-09 to 2029-05-31 → 2024/25 … 2029/30. */
export function financialYearsOf(start: string, end: string): string[] {
  const fy = (iso: string) => Number(financialYearOf(iso).start.slice(0, 4));
  const years: string[] = [];
  for (let y = fy(start); y <= fy(end); y++) years.push(financialYear(y).label);
  return years;
}

/** The label every made-up figure carries where it shows. */
export const DEMO_FIGURE_SOURCE = 'Demo figure: made up for the demonstration, not from a public source';

/**
 * Made-up figures for the years of the current plan (labelled as demo where they show): funding
 * rising 3% a year from £190m, officers and PCSOs steady with small changes. Deterministic.
 */
export function demoCurrentPlanFigures(years: string[]) {
  return years.map((year, i) => ({
    year,
    fundingThousands: Math.round(190_000 * 1.03 ** i),
    officers: 1_480 + 10 * i,
    pcsos: 120 - 2 * i,
  }));
}
