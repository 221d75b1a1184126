import { financialYearOf } from '../../platform/dates.js';

/** Money is pence as integers everywhere; these turn it into £ for people and back. */

/** "£1,234.50", or "£1,234" when `wholePounds` and the amount is a whole number of pounds. */
export function formatPounds(pence: number | null | undefined, opts: { wholePounds?: boolean } = {}): string {
  if (pence === null || pence === undefined || !Number.isFinite(pence)) return '';
  const negative = pence < 0;
  const abs = Math.abs(Math.round(pence));
  const pounds = Math.floor(abs / 100);
  const p = abs % 100;
  const whole = pounds.toLocaleString('en-GB');
  const text = opts.wholePounds && p === 0 ? `£${whole}` : `£${whole}.${String(p).padStart(2, '0')}`;
  return negative ? `−${text}` : text;
}

/** Large sums the way finance tables show them: "£137,458k" (thousands of pounds, rounded). */
export function formatThousands(pence: number | null | undefined): string {
  if (pence === null || pence === undefined || !Number.isFinite(pence)) return '';
  const k = Math.round(pence / 100_000);
  return `${k < 0 ? '−' : ''}£${Math.abs(k).toLocaleString('en-GB')}k`;
}

/**
 * Parses an amount typed by a person or found in a CSV: "£1,234.56", "1234.5", "1,234". Returns
 * pence, or undefined when it is not a plain amount of money (at most 2 decimal places).
 */
export function parsePounds(input: string): number | undefined {
  const s = input.trim().replace(/^£/, '').replace(/,/g, '').trim();
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  const pence = Number(m[2]) * 100 + (m[3] ? Number(m[3].padEnd(2, '0')) : 0);
  if (!Number.isSafeInteger(pence)) return undefined;
  return m[1] ? -pence : pence;
}

/** A UK financial year label, April to March: "2014/15". */
export const FINANCIAL_YEAR = /^(\d{4})\/(\d{2})$/;

export function isFinancialYear(v: string): boolean {
  const m = FINANCIAL_YEAR.exec(v);
  return Boolean(m && (Number(m[1]) + 1) % 100 === Number(m[2]));
}

/** Sorts financial-year labels in time order. */
export function compareYears(a: string, b: string): number {
  return a.localeCompare(b);
}

/** The quarter of the financial year a date is in: 2025-05-10 → "2025/26 Q1". */
export function financialQuarterOf(isoDate: string): string {
  const m = Number(isoDate.slice(5, 7));
  const q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
  return `${financialYearOf(isoDate).label} Q${q}`;
}
