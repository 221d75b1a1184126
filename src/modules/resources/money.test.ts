import { describe, expect, it } from 'vitest';
import { daysBetween, financialYearOf } from '../../platform/dates.js';
import { financialQuarterOf, formatPounds, formatThousands, isFinancialYear, parsePounds } from './money.js';

describe('money', () => {
  it('formats pence as pounds', () => {
    expect(formatPounds(123456)).toBe('£1,234.56');
    expect(formatPounds(3_900_000, { wholePounds: true })).toBe('£39,000');
    expect(formatPounds(3_900_050, { wholePounds: true })).toBe('£39,000.50');
    expect(formatPounds(-500)).toBe('−£5.00');
    expect(formatPounds(null)).toBe('');
  });
  it('formats large sums in thousands', () => {
    expect(formatThousands(13_745_800_000)).toBe('£137,458k');
  });
  it('parses amounts people type', () => {
    expect(parsePounds('£1,234.5')).toBe(123450);
    expect(parsePounds('500')).toBe(50000);
    expect(parsePounds(' 0.07 ')).toBe(7);
    expect(parsePounds('-12')).toBe(-1200);
    expect(parsePounds('12.345')).toBeUndefined();
    expect(parsePounds('twelve')).toBeUndefined();
    expect(parsePounds('')).toBeUndefined();
  });
  it('knows UK financial years', () => {
    expect(isFinancialYear('2014/15')).toBe(true);
    expect(isFinancialYear('1999/00')).toBe(true);
    expect(isFinancialYear('2014/16')).toBe(false);
    expect(isFinancialYear('2014-15')).toBe(false);
    expect(financialYearOf('2025-03-31').label).toBe('2024/25');
    expect(financialYearOf('2025-04-01').label).toBe('2025/26');
    expect(financialQuarterOf('2025-05-10')).toBe('2025/26 Q1');
    expect(financialQuarterOf('2026-02-01')).toBe('2025/26 Q4');
  });
  it('counts days', () => {
    expect(daysBetween('2025-01-01', '2025-04-01')).toBe(90);
    expect(daysBetween('2025-04-01', '2025-01-01')).toBe(-90);
  });
});
