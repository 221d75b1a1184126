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
    expect(burglary.label).toBe('significantly lower than the same 12 months last year');
    expect(a.categories.find((c) => c.slug === 'robbery')!.label).toBe('no significant change');
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
