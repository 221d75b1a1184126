import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, financialYearOf, isIsoDate, parseIsoDate } from './dates.js';
import { settableClock } from './clock.js';

describe('dates', () => {
  it('adds days across months, years and the clocks changing', () => {
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2025-03-29', '2025-10-27')).toBe(212);
    expect(daysBetween('2025-04-02', '2025-04-01')).toBe(-1);
  });
  it('adds months within the month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
  });
  it('knows real dates', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(() => parseIsoDate('2025-13-01')).toThrow(/Not a real date|Not an ISO date/);
  });
  it('gives the financial year of a date', () => {
    expect(financialYearOf('2025-03-31')).toEqual({ start: '2024-04-01', end: '2025-03-31', label: '2024/25' });
    expect(financialYearOf('2025-04-01').label).toBe('2025/26');
    expect(financialYearOf('2025-06-30', 1)).toEqual({ start: '2025-01-01', end: '2025-12-31', label: '2025' });
  });
  it('has a clock a test can move, in UK days', () => {
    const clock = settableClock('2025-06-01');
    expect(clock.today()).toBe('2025-06-01');
    clock.set(new Date('2025-06-30T23:30:00Z')); // 00:30 on 1 July in London (summer time)
    expect(clock.today()).toBe('2025-07-01');
    clock.reset();
    expect(clock.now().getFullYear()).toBeGreaterThanOrEqual(2026);
  });
});
