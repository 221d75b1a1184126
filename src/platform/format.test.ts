import { describe, expect, it } from 'vitest';
import { formatNumber } from './format.js';

describe('formatNumber', () => {
  it('formats in UK English as toLocaleString would', () => {
    for (const [n, max, min] of [
      [1234567.891, 2, 0],
      [0.5, 0, 0],
      [12.3456, 2, 2],
      [-1500, 0, 0],
      [3, 1, 1],
    ] as const) {
      expect(formatNumber(n, max, min)).toBe(n.toLocaleString('en-GB', { maximumFractionDigits: max, minimumFractionDigits: min }));
    }
    expect(formatNumber(1234.5)).toBe('1,235');
  });
});
