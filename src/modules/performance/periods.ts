/** Periods of measures: months YYYY-MM, calendar quarters YYYY-Qn, years YYYY. Pure. */
import type { Frequency } from './schema.js';

export const PERIOD_PATTERNS: Record<Frequency, RegExp> = {
  monthly: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarterly: /^(\d{4})-Q([1-4])$/,
  annual: /^(\d{4})$/,
};
export const PERIOD_EXAMPLES: Record<Frequency, string> = { monthly: '2025-03', quarterly: '2025-Q1', annual: '2025' };

export function isPeriod(frequency: Frequency, s: string): boolean {
  return PERIOD_PATTERNS[frequency].test(s);
}

/** A sortable index of a period (months since year 0, quarter or year number). */
export function periodIndex(frequency: Frequency, s: string): number {
  const m = PERIOD_PATTERNS[frequency].exec(s);
  if (!m) throw new RangeError(`not a ${frequency} period: ${s}`);
  const y = Number(m[1]);
  if (frequency === 'monthly') return y * 12 + Number(m[2]) - 1;
  if (frequency === 'quarterly') return y * 4 + Number(m[2]) - 1;
  return y;
}

export function addMonths(month: string, n: number): string {
  const i = periodIndex('monthly', month) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to` inclusive. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; periodIndex('monthly', m) <= periodIndex('monthly', to); m = addMonths(m, 1)) out.push(m);
  return out;
}

export function quarterOfMonth(month: string): string {
  const i = periodIndex('monthly', month);
  return `${Math.floor(i / 12)}-Q${Math.floor((i % 12) / 3) + 1}`;
}

/** The months of a calendar quarter. */
export function monthsOfQuarter(quarter: string): string[] {
  const m = PERIOD_PATTERNS.quarterly.exec(quarter);
  if (!m) throw new RangeError(`not a quarter: ${quarter}`);
  const first = `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}`;
  return monthRange(first, addMonths(first, 2));
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SHORT = MONTHS.map((m) => m.slice(0, 3));

/** "March 2025", "January to March 2025", "2025". */
export function periodLabel(frequency: Frequency, s: string): string {
  const m = PERIOD_PATTERNS[frequency].exec(s);
  if (!m) return s;
  if (frequency === 'monthly') return `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  if (frequency === 'quarterly') {
    const q = Number(m[2]);
    return `${MONTHS[(q - 1) * 3]} to ${MONTHS[(q - 1) * 3 + 2]} ${m[1]}`;
  }
  return s;
}

/** "Mar 2025" for chart axes. */
export function shortPeriodLabel(frequency: Frequency, s: string): string {
  const m = PERIOD_PATTERNS[frequency].exec(s);
  if (!m) return s;
  if (frequency === 'monthly') return `${SHORT[Number(m[2]) - 1]} ${m[1]}`;
  if (frequency === 'quarterly') return `Q${m[2]} ${m[1]}`;
  return s;
}

/** "April 2024 to March 2025". */
export function spanLabel(from: string, to: string): string {
  return from === to ? periodLabel('monthly', from) : `${periodLabel('monthly', from)} to ${periodLabel('monthly', to)}`;
}
