import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import type { Database } from '../../db/index.js';
import type { SettingsService } from '../../platform/settings.js';
import type { Area, PerformanceDeps } from './deps.js';
import { monthRange } from './periods.js';
import { createPerformanceService } from './performanceService.js';
import { comparePage, yourAreaPage } from './presenters/pages.js';
import { poissonRateTest } from './stats.js';

/** Fakes of the geography and crime services (the interfaces performance codes against). */
const lad: Area = { code: 'E06000002', name: 'Middlesbrough', level: 'lad', parentCode: 'E23000013' };
const wards: Area[] = [
  { code: 'E05000001', name: 'Acklam', level: 'ward', parentCode: 'E06000002' },
  { code: 'E05000002', name: 'Park <End>', level: 'ward', parentCode: 'E06000002' },
];
const square = (code: string, name: string, x: number) => ({
  type: 'Feature' as const,
  properties: { code, name },
  geometry: {
    type: 'Polygon' as const,
    coordinates: [
      [
        [x, 54.5],
        [x, 54.6],
        [x + 0.1, 54.6],
        [x + 0.1, 54.5],
        [x, 54.5],
      ],
    ],
  },
});
const months = monthRange('2023-04', '2025-03');
const calls: unknown[] = [];

const deps: PerformanceDeps = {
  plans: { getTreeByReference: async () => undefined, current: async () => undefined },
  geography: {
    area: async (code) => [lad, ...wards].find((a) => a.code === code),
    children: async () => wards,
    areasOfForce: async (f, level) => (f !== 'cleveland' ? [] : level === 'lad' ? [lad] : level === 'ward' ? wards : []),
    boundaries: async () =>
      ({ type: 'FeatureCollection', features: [square('E05000001', 'Acklam', -1.3), square('E05000002', 'Park <End>', -1.2)] }) as FeatureCollection,
    population: async (code) => (code === 'E06000002' ? { year: 2021, population: 143900 } : code === 'E23000013' ? undefined : undefined),
    postcode: async (pc) =>
      pc === 'TS5 4AA'
        ? { postcode: pc, lsoa: 'E01000001', ward: 'E05000001', lad: 'E06000002', pfa: 'E23000013' }
        : pc === 'TS9 5AA'
          ? { postcode: pc, lsoa: null, ward: null, lad: null, pfa: null }
          : undefined,
    normalisePostcode: (t) => (/^TS\d \d[A-Z]{2}$/.test(t.trim().toUpperCase()) ? t.trim().toUpperCase() : undefined),
    postcodeCount: async () => 2,
    forces: async () => [
      { id: 'cleveland', name: 'Cleveland Police', code: 'E23000013' },
      { id: 'durham', name: 'Durham Constabulary', code: 'E23000008' },
    ],
  },
  crime: {
    async counts(q) {
      calls.push(q);
      if (q.by.includes('ward'))
        return [
          { ward: 'E05000001', wardName: 'Acklam', count: 30 },
          { ward: 'E05000002', wardName: 'Park <End>', count: 70 },
        ];
      if (q.by.includes('force')) {
        return ['2024-01', '2024-02', '2024-03'].flatMap((month) => [
          { force: 'cleveland', month, category: 'burglary', categoryName: 'Burglary', count: 100 },
          { force: 'durham', month, category: 'burglary', categoryName: 'Burglary', count: 80 },
        ]);
      }
      // month × category: burglary 50 a month in the first year, 40 in the second; robbery flat 5.
      return months.flatMap((month, i) => [
        { month, category: 'burglary', categoryName: 'Burglary', count: i < 12 ? 50 : 40 },
        { month, category: 'robbery', categoryName: 'Robbery', count: 5 },
      ]);
    },
    categories: async () => [
      { slug: 'burglary', name: 'Burglary' },
      { slug: 'robbery', name: 'Robbery' },
    ],
    months: async (force) => (force === 'cleveland' ? months : ['2024-01', '2024-02']),
    stopSearch: async (q) =>
      q.by.includes('officerDefinedEthnicity')
        ? months.flatMap((month) => [
            { month, officerDefinedEthnicity: 'Black', count: 3 },
            { month, officerDefinedEthnicity: 'White', count: 60 },
            { month, officerDefinedEthnicity: 'Asian', count: 9 },
          ])
        : months.map((month) => ({ month, count: 72 })),
  },
  areaActions: async (code) => (code === 'E06000002' ? [{ reference: 'A1', title: 'Hotspot patrols', status: 'on-track', progress: 40 }] : []),
};
const settings = { getArea: async () => ({ forceId: 'cleveland' }) } as unknown as SettingsService;
const service = createPerformanceService({} as Database, settings, deps);

describe('your area (with fake geography and crime services)', () => {
  it('compares the latest 12 months with the 12 before, by category, with the Poisson test', async () => {
    const a = (await service.yourArea('E06000002'))!;
    if (a.noData) throw new Error('expected data');
    expect(a.current).toEqual({ from: '2024-04', to: '2025-03' });
    expect(a.previous).toEqual({ from: '2023-04', to: '2024-03' });
    const burglary = a.categories.find((c) => c.slug === 'burglary')!;
    expect([burglary.current, burglary.previous]).toEqual([480, 600]);
    expect(burglary.pValue).toBe(poissonRateTest(480, 12, 600, 12).pValue);
    expect(burglary.label).toBe('Fewer crimes than the same months last year — a real fall, not chance. That is better.');
    expect(a.categories.find((c) => c.slug === 'robbery')!.label).toBe('The same number of crimes as the same months last year.');
    expect(a.map?.rows.map((r) => [r.name, r.count])).toEqual([
      ['Acklam', 30],
      ['Park <End>', 70],
    ]);
    expect(a.actions.map((x) => x.reference)).toEqual(['A1']);
    expect(calls).toContainEqual({ force: 'cleveland', from: '2023-04', to: '2025-03', by: ['month', 'category'], area: 'E06000002' });
  });

  it('a ward shows its local authority’s map with the ward outlined', async () => {
    const a = (await service.yourArea('E05000002'))!;
    if (a.noData) throw new Error('expected data');
    expect(a.lad?.code).toBe('E06000002');
    const page = yourAreaPage(a);
    if (page.noData) throw new Error('expected data');
    expect(page.map?.svg).toContain('stroke="#ffdd00"');
    expect(page.map?.svg).toContain('Park &lt;End&gt;');
    expect(page.map?.svg).not.toContain('Park <End>');
    expect(page.trendTable.rows).toHaveLength(12);
  });

  it('refuses an area outside the force', async () => {
    expect(await service.yourArea('E06000047')).toBeUndefined();
  });
});

describe('finding your area from a postcode or a place', () => {
  it('goes from a postcode in the force to its ward, in any spelling', async () => {
    expect(await service.findArea('ts5 4aa')).toEqual({ kind: 'area', code: 'E05000001' });
  });
  it('names the force when a postcode is outside it, and never guesses', async () => {
    expect(await service.findArea('TS9 5AA')).toEqual({
      kind: 'problem',
      message: 'TS9 5AA is outside the Cleveland Police area, so this site has no figures for it',
    });
  });
  it('says when a postcode is unknown, and when it is not a full postcode', async () => {
    expect(await service.findArea('TS1 9ZZ')).toEqual({
      kind: 'problem',
      message: 'We do not know the postcode TS1 9ZZ: check it, or enter the name of your town or ward',
    });
    expect(await service.findArea('TS1')).toMatchObject({ kind: 'problem', message: expect.stringContaining('Enter a full postcode') });
    expect(await service.findArea('   ')).toMatchObject({ kind: 'problem', message: expect.stringContaining('Enter a postcode') });
  });
  it('finds a ward or local authority by name, whole or in part, and offers a choice when several match', async () => {
    expect(await service.findArea('acklam ward')).toEqual({ kind: 'area', code: 'E05000001' });
    expect(await service.findArea('MIDDLESBROUGH')).toEqual({ kind: 'area', code: 'E06000002' });
    expect(await service.findArea('park')).toEqual({ kind: 'area', code: 'E05000002' });
    expect(await service.findArea('a')).toMatchObject({ kind: 'problem' });
    expect(await service.findArea('Nowhere')).toEqual({
      kind: 'problem',
      message: 'No town, ward or local authority in the Cleveland Police area is called “Nowhere”: check the spelling, or enter a postcode',
    });
  });
});

describe('peer comparison', () => {
  it('uses only the months every force has, and counts when a force has no population', async () => {
    const c = await service.compare(['cleveland', 'durham']);
    expect(c.months).toEqual(['2024-01', '2024-02']);
    expect(c.perThousand).toBe(false);
    expect(c.byForceMonth).toEqual([
      [100, 100],
      [80, 80],
    ]);
    const page = comparePage(c);
    if (page.noData) throw new Error('expected data');
    expect(page.unit).toMatch(/counts/);
    expect(page.monthTable.head.map((h) => h.text)).toEqual(['Month', 'Cleveland Police', 'Durham Constabulary']);
    expect(page.basis).toContain('cannot be ranked on counts');
    expect(page.summary).toBe(
      'Comparing Cleveland Police and Durham Constabulary over January 2024 to February 2024: the 2 months every one of them has figures for.',
    );
  });
  it('gives rates per 1,000 residents where the population is known (the force summed from its local authorities)', async () => {
    const c = await service.compare(['cleveland']);
    expect(c.perThousand).toBe(true);
    expect(c.byForceMonth[0][c.months.indexOf('2024-02')]).toBe(0.69); // 100 crimes among 143,900 people
    expect(c.forces[0].population).toEqual({ year: 2021, population: 143900 });
  });
});

describe('stop and search disproportionality', () => {
  const measure = {
    id: 'x',
    reference: 'disp',
    name: 'Disproportionality',
    description: null,
    unit: 'ratio',
    polarity: 'lower' as const,
    frequency: 'monthly' as const,
    sourceKind: 'disproportionality' as const,
    baselineFrom: null,
    baselineTo: null,
    targetKind: 'reach' as const,
    targetValue: 1,
    owner: null,
    planReference: null,
    priorityRefs: [],
    outcomeRefs: [],
    isPublic: true,
    isDemo: false,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
  it('divides the groups’ search rates per head, month by month, and tests the latest 12 months', async () => {
    const s = await service.series({
      ...measure,
      source: { ethnicityField: 'officerDefinedEthnicity', groupA: 'Black', groupB: 'White', populationA: 10000, populationB: 500000 },
    });
    expect(s.points[0].value).toBe(2.5); // (3 / 10,000) / (60 / 500,000)
    expect(s.groups?.a).toBe(36);
    expect(s.groups?.b).toBe(720);
    expect(s.groups?.pValue).toBe(poissonRateTest(36, 10000, 720, 500000).pValue);
    expect(s.groups?.text).toMatch(/Black people were searched 2.5 times as often as White people per head/);
  });
  it('is not computed without the populations, and says so', async () => {
    const s = await service.series({ ...measure, source: { groupA: 'Black', groupB: 'White', populationA: null, populationB: null } });
    expect(s.points).toEqual([]);
    expect(s.basis).toMatch(/^Not computed/);
  });
});
