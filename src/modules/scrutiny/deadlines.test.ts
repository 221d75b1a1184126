import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, ukDate } from '../../platform/dates.js';
import { annualReportDue, hmicfrsCommentsDue, planIssueDeadline, preceptDeadlines } from './deadlines.js';

describe('HMICFRS comments deadline (Police Act 1996 s.55(5A))', () => {
  it.each([
    ['2024-01-01', '2024-02-25'],
    ['2024-02-15', '2024-04-10'], // across a leap February
    ['2023-02-15', '2023-04-11'],
    ['2024-12-20', '2025-02-13'], // across a year end
    ['2025-03-30', '2025-05-24'], // across the clocks changing
  ])('a report published on %s has comments due by %s', (published, due) => {
    expect(hmicfrsCommentsDue(published)).toBe(due);
  });
  it('the period is 56 days counting the publication day as day 1', () => {
    expect(daysBetween('2024-06-03', hmicfrsCommentsDue('2024-06-03')) + 1).toBe(56);
  });
  it('refuses dates that are not real', () => {
    expect(() => hmicfrsCommentsDue('2024-02-30')).toThrow();
    expect(() => hmicfrsCommentsDue('3 May 2024')).toThrow();
  });
});

describe('other statutory deadlines', () => {
  it('the precept goes to the Panel by 1 February and the Panel reports by 8 February', () => {
    expect(preceptDeadlines(2026)).toEqual({ proposalToPanel: '2026-02-01', panelReport: '2026-02-08' });
  });
  it('a plan is issued by the end of the financial year of the election', () => {
    expect(planIssueDeadline('2024-05-02')).toBe('2025-03-31');
    expect(planIssueDeadline('2021-05-06')).toBe('2022-03-31');
    expect(planIssueDeadline('2012-11-15')).toBe('2013-03-31');
    expect(planIssueDeadline('2028-03-20')).toBe('2028-03-31');
  });
  it('the annual report falls due after the year it covers', () => {
    expect(annualReportDue(2024, '07-31')).toBe('2025-07-31');
    expect(annualReportDue(2024, '03-31')).toBe('2026-03-31');
  });
  it('adds days and reads the UK date of an instant', () => {
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(ukDate(new Date('2024-06-30T23:30:00Z'))).toBe('2024-07-01');
    expect(ukDate(new Date('2024-12-31T23:30:00Z'))).toBe('2024-12-31');
  });
});
