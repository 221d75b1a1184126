import { describe, expect, it } from 'vitest';
import { financialYear, financialYearOf } from '../../platform/dates.js';
import { periodFor, reminderDue, reportingPeriods } from './periods.js';

describe('reporting periods', () => {
  it('finds the financial year April–March of a date', () => {
    expect(financialYearOf('2025-03-31')).toEqual({ start: '2024-04-01', end: '2025-03-31', label: '2024/25' });
    expect(financialYearOf('2025-04-01')).toEqual({ start: '2025-04-01', end: '2026-03-31', label: '2025/26' });
    expect(financialYear(2013).label).toBe('2013/14');
  });

  it('cuts a year into four quarters due on their last day', () => {
    const ps = reportingPeriods('2025-04-01', '2026-03-31');
    expect(ps.map((p) => [p.key, p.start, p.end])).toEqual([
      ['2025-26-Q1', '2025-04-01', '2025-06-30'],
      ['2025-26-Q2', '2025-07-01', '2025-09-30'],
      ['2025-26-Q3', '2025-10-01', '2025-12-31'],
      ['2025-26-Q4', '2026-01-01', '2026-03-31'],
    ]);
    expect(ps[3].label).toBe('Quarter 4: January to March 2026');
    expect(periodFor(ps, '2025-08-15')?.quarter).toBe(2);
    expect(periodFor(ps, '2026-04-01')).toBeUndefined();
  });

  it('sends a reminder in the fortnight before the due date and an overdue notice after it', () => {
    const [q1] = reportingPeriods('2025-04-01', '2026-03-31');
    expect(reminderDue(q1, '2025-06-15')).toBeUndefined();
    expect(reminderDue(q1, '2025-06-16')).toBe('reminder');
    expect(reminderDue(q1, '2025-06-30')).toBe('reminder');
    expect(reminderDue(q1, '2025-07-01')).toBe('overdue');
    expect(reminderDue(q1, '2025-12-01')).toBeUndefined();
  });
});
