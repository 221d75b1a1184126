import { describe, expect, it } from 'vitest';
import { formatDate, pluralNoun } from './views.js';

describe('view helpers', () => {
  it('pluralises the labels plans use for their priorities', () => {
    expect(pluralNoun('Priority')).toBe('Priorities');
    expect(pluralNoun('Priority objective')).toBe('Priority objectives');
    expect(pluralNoun('Objective')).toBe('Objectives');
    expect(pluralNoun('Point')).toBe('Points');
    expect(pluralNoun('Key day')).toBe('Key days');
  });
  it('formats dates in UK style and London time', () => {
    expect(formatDate('2024-06-30T23:30:00Z')).toBe('1 July 2024');
    expect(formatDate('2024-04', 'month')).toBe('April 2024');
  });
});
