import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../db/migrate.js';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { ImportRefused } from '../../platform/importKit.js';
import type { GeographyModule } from './index.js';

let t: TestApp;
let geo: GeographyModule;

beforeAll(async () => {
  t = await buildTestApp();
  geo = t.modules.find((m) => m.name === 'geography') as GeographyModule;
  await geo.loadDemo!();
});
afterAll(async () => t?.close());

describe('geography', () => {
  it('chains LSOA → ward → local authority → CSP → force area from the ONS lookups', async () => {
    expect(await geo.service.area('E06000002')).toMatchObject({ name: 'Middlesbrough', level: 'lad', parentCode: 'E22000029' });
    expect(await geo.service.area('E22000029')).toMatchObject({ level: 'csp', parentCode: 'E23000013' });
    expect(await geo.service.area('E23000013')).toMatchObject({ name: 'Cleveland', level: 'pfa' });
    const lads = await geo.service.areasOfForce('cleveland', 'lad');
    expect(lads.map((a) => a.name)).toEqual(['Hartlepool', 'Middlesbrough', 'Redcar and Cleveland', 'Stockton-on-Tees']);
    expect((await geo.service.areasOfForce('cleveland', 'ward')).length).toBe(83);
    expect((await geo.service.areasOfForce('cleveland', 'lsoa')).length).toBe(359);
    expect((await geo.service.children('E06000002', 'ward')).length).toBe(20);
    expect((await geo.service.forces()).find((f) => f.id === 'durham')?.code).toBe('E23000008');
    expect((await geo.service.forces()).find((f) => f.id === 'btp')?.code).toBeNull();
  });

  it('keeps 2011 LSOAs, placing them in the current ward of the same name', async () => {
    const old = await geo.service.area('E01011973');
    expect(old).toMatchObject({ level: 'lsoa', vintage: '2011' });
    const place = (await geo.service.lsoaPlaces()).find((p) => p.lsoa === 'E01011973')!;
    expect(place.lad).toBe('E06000001');
    expect(place.ward).toBeTruthy();
    expect((await geo.service.area(place.ward!))?.vintage).toBe('2023');
  });

  it('serves ward boundaries with code and name, and population', async () => {
    const fc = await geo.service.boundaries('ward', 'E06000002');
    expect(fc.features).toHaveLength(20);
    expect(fc.features[0].properties).toEqual({ code: expect.stringMatching(/^E05/), name: expect.any(String) });
    expect((await geo.service.boundaries('lsoa', 'E06000002')).features).toHaveLength(90);
    expect(await geo.service.population('E06000002')).toEqual({ year: 2021, population: 143900 });
    expect(await geo.service.population('E06000002', 1999)).toBeUndefined();
  });

  it('imports a population CSV (BOM, any year) and refuses a bad one with line and column, saving nothing', async () => {
    await geo.service.importFile(
      SYSTEM_ACTOR,
      'pop.csv',
      '\uFEFFarea_code,area_name,area_type,year,population,source\r\nE06000002,Middlesbrough,local-authority,2023,"148,285",ONS mid-year estimate\r\n',
    );
    expect(await geo.service.population('E06000002')).toEqual({ year: 2023, population: 148285 });
    const bad = 'area_code,year,population\nE06000001,2024,100\nE06000002,2024,lots\n';
    await expect(geo.service.importFile(SYSTEM_ACTOR, 'bad.csv', bad)).rejects.toThrow(ImportRefused);
    await expect(geo.service.importFile(SYSTEM_ACTOR, 'bad.csv', bad)).rejects.toMatchObject({ problems: [{ line: 3, column: 3, field: 'population' }] });
    expect(await geo.service.population('E06000001', 2024)).toBeUndefined();
  });
});

describe('postcodes', () => {
  const sample = readFileSync(join(ROOT_DIR, 'test/fixtures/geography/postcodes-sample.csv'), 'utf8');

  it('places each postcode point in the imported LSOA boundaries, and a point outside them in none', async () => {
    const s = await geo.service.importPostcodes(SYSTEM_ACTOR, 'postcodes-sample.csv', sample);
    expect(s).toMatchObject({ kind: 'postcode-points', rows: 11 });
    const centre = await geo.service.postcode(' ts1 1aa ');
    expect(centre).toMatchObject({ postcode: 'TS1 1AA', lad: 'E06000002', pfa: 'E23000013' });
    expect(centre?.lsoa).toMatch(/^E01/);
    expect((await geo.service.area(centre!.ward!))?.parentCode).toBe('E06000002');
    expect((await geo.service.postcode('TS24 0AA'))?.lad).toBe('E06000001');
    // TS9 5AA is in Stokesley, North Yorkshire: no Cleveland boundary holds it, and no guess is made.
    expect(await geo.service.postcode('TS9 5AA')).toMatchObject({ lsoa: null, ward: null, lad: null, pfa: null });
    expect(await geo.service.postcode('ZZ1 1ZZ')).toBeUndefined();
    expect(await geo.service.postcode('not a postcode')).toBeUndefined();
  });

  it('a second import updates the same postcodes, never duplicates them', async () => {
    const before = await geo.service.postcodeCount();
    await geo.service.importPostcodes(SYSTEM_ACTOR, 'postcodes-sample.csv', sample);
    expect(await geo.service.postcodeCount()).toBe(before);
  });

  it('accepts the official ONS postcode lookup (ONSPD columns) as published, leaving out ended postcodes', async () => {
    const onspd =
      'pcd,pcd2,pcds,dointr,doterm,oslaua,osward,lsoa21,lat,long\n"ZZ991AA","ZZ99 1AA","ZZ99 1AA","202001","","E06000004","E05012345","E01033478",99.999999,0.000000\n"ZZ991AB","ZZ99 1AB","ZZ99 1AB","202001","202301","E06000004","","",54.5,-1.3\n';
    const s = await geo.service.importPostcodes(SYSTEM_ACTOR, 'ONSPD_sample.csv', onspd);
    expect(s).toMatchObject({ kind: 'postcode-lookup', rows: 1 });
    expect(await geo.service.postcode('ZZ99 1AA')).toMatchObject({ lsoa: 'E01033478' });
    expect(await geo.service.postcode('ZZ99 1AB')).toBeUndefined();
  });

  it('refuses a file with a bad postcode or point, naming line and column, and saves nothing from it', async () => {
    const bad = 'Postcode,lat,long\nZZ9 9AB,54.57586,-1.24495\nNOPE,54.5,-1.2\nTS1 1AD,north,-1.2\n';
    await expect(geo.service.importPostcodes(SYSTEM_ACTOR, 'bad.csv', bad)).rejects.toMatchObject({
      problems: [
        { line: 3, column: 1, field: 'Postcode' },
        { line: 4, column: 2, field: 'lat' },
      ],
    });
    expect(await geo.service.postcode('ZZ9 9AB')).toBeUndefined();
  });
});
