/**
 * Calendar days as ISO dates ("2025-04-01"), the one date module of the app (ADR 0020). Plans,
 * deadlines and financial years are whole days in the UK, so the app passes ISO date strings and
 * does its arithmetic in UTC, where a day is always 24 hours; `ukDate` turns an instant into the
 * UK's date. A library (date-fns) would add Date objects and time zones to every call for the
 * handful of functions here.
 */
import { ukDate } from './format.js';

export { ukDate };

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(v: string): boolean {
  if (!ISO.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}

/** The date as a UTC midnight; throws on anything but a real ISO date. */
export function parseIsoDate(iso: string): Date {
  if (!ISO.test(iso)) throw new Error(`Not an ISO date: ${iso}`);
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) throw new Error(`Not a real date: ${iso}`);
  return d;
}

/** The ISO date of a UTC instant (for dates made with `parseIsoDate` and arithmetic on them). */
export const isoOf = (d: Date) => d.toISOString().slice(0, 10);

/** The ISO date `days` after `iso` (before it when negative). */
export function addDays(iso: string, days: number): string {
  return isoOf(new Date(parseIsoDate(iso).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to`, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseIsoDate(to).getTime() - parseIsoDate(from).getTime()) / DAY_MS);
}

/** The ISO date `months` calendar months after `iso`, kept within the month (31 Jan + 1 → 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const d = parseIsoDate(iso);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return isoOf(target);
}

/** A financial year: its first and last days and its label ("2025/26"; "2025" when it starts in January). */
export interface FinancialYear {
  start: string;
  end: string;
  label: string;
}

/** The financial year starting in `startMonth` (April by default) of `startYear`. */
export function financialYear(startYear: number, startMonth = 4): FinancialYear {
  const start = isoOf(new Date(Date.UTC(startYear, startMonth - 1, 1)));
  const end = isoOf(new Date(Date.UTC(startYear + 1, startMonth - 1, 0)));
  const label = startMonth === 1 ? String(startYear) : `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
  return { start, end, label };
}

/** The financial year containing a date: 2025-03-31 → 2024/25, 2025-04-01 → 2025/26. */
export function financialYearOf(iso: string, startMonth = 4): FinancialYear {
  const d = parseIsoDate(iso);
  return financialYear(d.getUTCMonth() + 1 >= startMonth ? d.getUTCFullYear() : d.getUTCFullYear() - 1, startMonth);
}
