import { addDays } from '../../platform/dates.js';

/**
 * Reporting periods: the quarters of a delivery plan's year. An update is due from every open
 * action for every period, by the period's last day; reminders go out before that day and an
 * overdue notice after it.
 */
export interface Period {
  /** e.g. 2025-26-Q2 */
  key: string;
  quarter: number;
  label: string;
  start: string;
  end: string;
  /** The day the update is due. */
  due: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function iso(d: Date) {
  return d.toISOString().slice(0, 10);
}
function utc(s: string) {
  return new Date(`${s}T00:00:00Z`);
}
/** The quarters between two dates (the year of a delivery plan). */
export function reportingPeriods(yearStart: string, yearEnd: string): Period[] {
  const out: Period[] = [];
  const s = utc(yearStart);
  const prefix = `${s.getUTCFullYear()}-${String(utc(yearEnd).getUTCFullYear() % 100).padStart(2, '0')}`;
  for (let q = 0; q < 4; q++) {
    const start = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + q * 3, 1));
    if (iso(start) > yearEnd) break;
    const endD = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + q * 3 + 3, 0));
    const end = iso(endD) > yearEnd ? yearEnd : iso(endD);
    const m1 = MONTHS[start.getUTCMonth()];
    const m3 = MONTHS[endD.getUTCMonth()];
    out.push({
      key: `${prefix}-Q${q + 1}`,
      quarter: q + 1,
      label: `Quarter ${q + 1}: ${m1} to ${m3} ${endD.getUTCFullYear()}`,
      start: iso(start),
      end,
      due: end,
    });
  }
  return out;
}

export function periodFor(periods: readonly Period[], date: string): Period | undefined {
  return periods.find((p) => p.start <= date && date <= p.end);
}

/** How many days before the due date the reminder goes out. */
export const REMINDER_DAYS_BEFORE = 14;
/** Overdue notices are sent for periods whose due date passed at most this many days ago. */
export const OVERDUE_NOTICE_WINDOW_DAYS = 60;

export type ReminderKind = 'reminder' | 'overdue';

/** Which message, if any, is due for a period on a day (today as YYYY-MM-DD). */
export function reminderDue(period: Period, today: string): ReminderKind | undefined {
  if (today > period.due) return today <= addDays(period.due, OVERDUE_NOTICE_WINDOW_DAYS) ? 'overdue' : undefined;
  if (today >= addDays(period.due, -REMINDER_DAYS_BEFORE)) return 'reminder';
  return undefined;
}
