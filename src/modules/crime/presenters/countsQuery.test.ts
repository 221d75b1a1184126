import { describe, expect, it } from 'vitest';
import { CrimeQueryError } from '../crimeReads.js';
import { parseCountsQuery } from './countsQuery.js';
import { toCsv } from '../routes/api.js';

describe('parseCountsQuery', () => {
  it('reads comma lists and trims', () => {
    expect(parseCountsQuery({ force: 'cleveland', by: 'month, category', category: 'burglary,robbery', from: '2024-04', area: '' })).toEqual({
      force: 'cleveland',
      from: '2024-04',
      to: undefined,
      by: ['month', 'category'],
      category: ['burglary', 'robbery'],
      area: undefined,
    });
  });
  it('refuses unknown dimensions and odd force names', () => {
    expect(() => parseCountsQuery({ by: 'month,colour' })).toThrow(CrimeQueryError);
    expect(() => parseCountsQuery({ by: 'month', force: "x'; drop" })).toThrow(/force/);
  });
});

describe('toCsv', () => {
  it('has a column per present field and quotes names with commas', () => {
    expect(toCsv([{ month: '2024-04', category: 'burglary', categoryName: 'Burglary, all', count: 3 }])).toBe(
      'month,category,categoryName,count\n2024-04,burglary,"Burglary, all",3\n',
    );
  });
});
