import { describe, expect, it } from 'vitest';
import { searchArea } from './areaSearch.js';
import type { Area } from './deps.js';

const lads: Area[] = [{ code: 'E06000004', name: 'Stockton-on-Tees', level: 'lad', parentCode: null }];
const wards: Area[] = [
  { code: 'E05000010', name: 'Billingham East', level: 'ward', parentCode: 'E06000004' },
  { code: 'E05000011', name: 'Billingham West & Wolviston', level: 'ward', parentCode: 'E06000004' },
  { code: 'E05000012', name: 'Norton South', level: 'ward', parentCode: 'E06000004' },
];
const base = { forceName: 'Cleveland Police', lads, wards, postcodesLoaded: true };

describe('searchArea', () => {
  it('offers every ward of a town when the town has several', () => {
    const r = searchArea({ ...base, text: 'Billingham' });
    expect(r).toMatchObject({ kind: 'choices', areas: [{ code: 'E05000010' }, { code: 'E05000011' }] });
  });
  it('matches "and" for "&" and ignores case and punctuation', () => {
    expect(searchArea({ ...base, text: 'billingham west and wolviston' })).toEqual({ kind: 'area', code: 'E05000011' });
    expect(searchArea({ ...base, text: 'stockton on tees' })).toEqual({ kind: 'area', code: 'E06000004' });
  });
  it('falls back to the local authority when a postcode has no ward of the force', () => {
    expect(searchArea({ ...base, text: 'TS20 1AA', postcode: 'TS20 1AA', place: { ward: 'E05999999', lad: 'E06000004' } })).toEqual({
      kind: 'area',
      code: 'E06000004',
    });
  });
  it('says so when no postcodes have been imported', () => {
    expect(searchArea({ ...base, postcodesLoaded: false, text: 'TS20 1AA', postcode: 'TS20 1AA' })).toMatchObject({
      kind: 'problem',
      message: expect.stringContaining('Postcodes have not been loaded'),
    });
  });
});
