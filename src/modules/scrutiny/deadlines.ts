import { addDays, parseIsoDate } from '../../platform/dates.js';

/**
 * Statutory deadlines as pure functions on ISO dates (YYYY-MM-DD, calendar days, no time zone).
 * Each is unit-tested; the calendar and the registers only call these.
 */

/** The period the Police Act 1996 s.55(5A) gives for comments on an HMICFRS report, in days. */
export const HMICFRS_COMMENT_PERIOD_DAYS = 56;

/**
 * The last day on which the policing body's comments on an HMICFRS report may be published:
 * Police Act 1996 s.55(5A) requires publication "before the end of the period of 56 days beginning
 * with the day on which the report is published", so the publication day is day 1 and the last
 * day is day 56 (publication date + 55 days).
 */
export function hmicfrsCommentsDue(publishedOn: string): string {
  return addDays(publishedOn, HMICFRS_COMMENT_PERIOD_DAYS - 1);
}

/**
 * The Police and Crime Panels (Precepts and Chief Constable Appointments) Regulations 2012: the
 * proposed precept goes to the Panel by 1 February and the Panel reports on it by 8 February, for
 * the financial year starting on 1 April of that calendar year.
 */
export function preceptDeadlines(financialYearStart: number) {
  return {
    proposalToPanel: `${financialYearStart}-02-01`,
    panelReport: `${financialYearStart}-02-08`,
  };
}

/**
 * A plan must be issued after an ordinary election before the end of the financial year in which
 * the elected head took office (Police Reform and Social Responsibility Act 2011 s.5(3)): 31 March
 * after the election date.
 */
export function planIssueDeadline(electionDate: string): string {
  const d = parseIsoDate(electionDate);
  const y = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  return `${month >= 4 ? y + 1 : y}-03-31`;
}

/** The UK financial years (April–March) whose start falls within [from, to], as start years. */
export function financialYearsBetween(from: string, to: string): number[] {
  const a = parseIsoDate(from).getUTCFullYear();
  const b = parseIsoDate(to).getUTCFullYear();
  const years: number[] = [];
  for (let y = a; y <= b + 1; y++) years.push(y);
  return years;
}

/** The annual report is due each year on a configured month-day ("MM-DD") after the year it covers. */
export function annualReportDue(financialYearStart: number, monthDay: string): string {
  if (!/^\d{2}-\d{2}$/.test(monthDay)) throw new Error(`Not a month-day: ${monthDay}`);
  const [m] = monthDay.split('-').map(Number);
  // The report covers April (start) to March (start + 1); it falls due after that March.
  const year = m >= 4 ? financialYearStart + 1 : financialYearStart + 2;
  const iso = `${year}-${monthDay}`;
  parseIsoDate(iso);
  return iso;
}
