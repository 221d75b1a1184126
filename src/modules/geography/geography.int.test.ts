import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { GeographyFileInvalid } from './geographyFiles.js';
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
    await expect(geo.service.importFile(SYSTEM_ACTOR, 'bad.csv', bad)).rejects.toThrow(GeographyFileInvalid);
    await expect(geo.service.importFile(SYSTEM_ACTOR, 'bad.csv', bad)).rejects.toMatchObject({ problems: [{ line: 3, column: 'population' }] });
    expect(await geo.service.population('E06000001', 2024)).toBeUndefined();
  });
});
