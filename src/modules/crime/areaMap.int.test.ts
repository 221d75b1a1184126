import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import type { LsoaPlace } from '../geography/types.js';
import { replaceAreaMap } from './areaCounts.js';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.destroy());

const place = (lsoa: string, extra: Partial<LsoaPlace> = {}): LsoaPlace => ({
  lsoa,
  lsoaName: `Place ${lsoa}`,
  vintage: '2021',
  ward: 'E05000001',
  wardName: 'Ward',
  lad: 'E06000001',
  ladName: 'Hartlepool',
  csp: null,
  pfa: 'E23000013',
  ...extra,
});

describe('the area map crime figures are placed by', () => {
  it('takes names with commas, quotes and line breaks as they are, and keeps a missing value missing', async () => {
    const places = [
      place('E01000001', { wardName: 'Stockton-on-Tees, "Town" Centre', ladName: 'Redcar and\nCleveland' }),
      place('E01000002', { ward: null, wardName: null, lsoaName: '' }),
    ];
    await replaceAreaMap(db, places, async () => {});
    const rows = await db.query<Record<string, string | null>>(sql`select lsoa, lsoa_name, ward, ward_name, lad_name, csp from crime_area_map order by lsoa`);
    expect(rows).toEqual([
      {
        lsoa: 'E01000001',
        lsoa_name: 'Place E01000001',
        ward: 'E05000001',
        ward_name: 'Stockton-on-Tees, "Town" Centre',
        lad_name: 'Redcar and\nCleveland',
        csp: null,
      },
      { lsoa: 'E01000002', lsoa_name: '', ward: null, ward_name: null, lad_name: 'Hartlepool', csp: null },
    ]);
  });

  it('replaces the whole map, and changes nothing when the step after the swap fails', async () => {
    await replaceAreaMap(db, [place('E01000003')], async () => {});
    expect(await db.query(sql`select lsoa from crime_area_map`)).toEqual([{ lsoa: 'E01000003' }]);
    await expect(
      replaceAreaMap(db, [place('E01000004')], async () => {
        throw new Error('the revision could not be written');
      }),
    ).rejects.toThrow('the revision could not be written');
    expect(await db.query(sql`select lsoa from crime_area_map`)).toEqual([{ lsoa: 'E01000003' }]);
    // No staging table is left behind either way.
    expect(await db.query(sql`select tablename from pg_tables where tablename like 'crime_area_map_stage_%'`)).toEqual([]);
  });
});
