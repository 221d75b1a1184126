import type { SettingsService } from '../../platform/settings.js';
import { searchArea } from './areaSearch.js';
import { monthsInCommon, mostSimilar, perThousand } from './comparison.js';
import type { Area, PerformanceDeps } from './deps.js';
import { addMonths, monthRange } from './periods.js';
import type { MeasureSource } from './schema.js';
import { formatP, judge, poissonRateTest } from './stats.js';

export function sumBy<T>(rows: T[], key: (r: T) => string, val: (r: T) => number) {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + val(r));
  return m;
}

/** The force a measure is about, and the population figures rates are worked out from. */
export function areaFigures(settings: SettingsService, deps: PerformanceDeps) {
  async function forceId(source?: MeasureSource) {
    return source?.force || (await settings.getArea()).forceId;
  }

  /** Population of an area, or of a force area (its own figure, else the sum of its local authorities). */
  async function populationOf(code: string | null, force: string): Promise<{ population: number; year: number } | undefined> {
    if (code) return deps.geography.population(code);
    const forces = await deps.geography.forces();
    const f = forces.find((x) => x.id === force);
    if (f?.code) {
      const own = await deps.geography.population(f.code);
      if (own) return own;
    }
    const lads = await deps.geography.areasOfForce(force, 'lad');
    if (!lads.length) return undefined;
    const pops = await Promise.all(lads.map((l) => deps.geography.population(l.code)));
    if (pops.some((p) => !p)) return undefined;
    return { population: pops.reduce((a, p) => a + p!.population, 0), year: Math.max(...pops.map((p) => p!.year)) };
  }

  return { forceId, populationOf };
}

/** "Your area" (a resident's local authority or ward) and the comparison of forces. */
export function createAreasService(settings: SettingsService, deps: PerformanceDeps) {
  const { forceId, populationOf } = areaFigures(settings, deps);

  // ---- your area -----------------------------------------------------------------------------

  async function areaChoices() {
    const force = await forceId();
    const [lads, wards] = await Promise.all([deps.geography.areasOfForce(force, 'lad'), deps.geography.areasOfForce(force, 'ward')]);
    return { force, lads, wards };
  }

  /** The area a resident means by a postcode or a place name (see areaSearch). */
  async function findArea(text: string) {
    const { force, lads, wards } = await areaChoices();
    const forceName = (await deps.geography.forces()).find((f) => f.id === force)?.name ?? force;
    const postcode = deps.geography.normalisePostcode(text);
    const [place, count] = postcode ? await Promise.all([deps.geography.postcode(postcode), deps.geography.postcodeCount()]) : [undefined, 0];
    return searchArea({ text, forceName, lads, wards, postcode, place, postcodesLoaded: count > 0 });
  }

  async function yourArea(code: string) {
    const { force, lads, wards } = await areaChoices();
    const area = lads.find((a) => a.code === code) ?? wards.find((a) => a.code === code);
    if (!area) return undefined;
    const lad: Area | undefined =
      area.level === 'lad'
        ? area
        : (lads.find((l) => l.code === area.parentCode) ?? (area.parentCode ? await deps.geography.area(area.parentCode) : undefined));
    const months = await deps.crime.months(force);
    if (months.length === 0) return { noData: true as const, area, lad, months, force };
    const to = months[months.length - 1];
    const window = months.length >= 24 ? 12 : Math.max(1, Math.floor(months.length / 2));
    const curFrom = addMonths(to, -(window - 1));
    const prevTo = addMonths(curFrom, -1);
    const prevFrom = addMonths(prevTo, -(window - 1));
    const rows = await deps.crime.counts({ force, from: prevFrom, to, by: ['month', 'category'], area: area.code });
    const categories = await deps.crime.categories();
    const catName = new Map(categories.map((c) => [c.slug, c.name]));
    const curMonths = monthRange(curFrom, to);
    const prevMonths = monthRange(prevFrom, prevTo);
    const byCat = new Map<string, { current: number; previous: number; name: string }>();
    const monthly = new Map<string, number>();
    for (const r of rows) {
      const slug = r.category ?? 'unknown';
      const e = byCat.get(slug) ?? { current: 0, previous: 0, name: r.categoryName ?? catName.get(slug) ?? slug };
      if (r.month && r.month >= curFrom) e.current += r.count;
      else e.previous += r.count;
      byCat.set(slug, e);
      if (r.month) monthly.set(r.month, (monthly.get(r.month) ?? 0) + r.count);
    }
    const comparison = window === 12 ? 'the same months last year' : `the ${window} months before`;
    const categoryRows = [...byCat.entries()]
      .map(([slug, e]) => {
        const test = e.current + e.previous > 0 ? poissonRateTest(e.current, window, e.previous, window) : undefined;
        const j = test ? judge(test.pValue, test.rateRatio, 'lower', comparison, slug === 'anti-social-behaviour' ? 'incidents' : 'crimes') : undefined;
        return {
          slug,
          ...e,
          change: e.previous ? Math.round(((e.current - e.previous) / e.previous) * 1000) / 10 : null,
          pValue: test?.pValue ?? null,
          pText: test ? formatP(test.pValue) : '',
          label: j?.label ?? 'No crimes recorded.',
          rag: j?.rag ?? 'grey',
        };
      })
      .sort((a, b) => b.current - a.current);
    const total = { current: categoryRows.reduce((s, r) => s + r.current, 0), previous: categoryRows.reduce((s, r) => s + r.previous, 0) };
    const totalTest = total.current + total.previous > 0 ? poissonRateTest(total.current, window, total.previous, window) : undefined;
    const trend = curMonths.map((m, i) => ({
      month: m,
      current: monthly.get(m) ?? 0,
      previousMonth: prevMonths[i],
      previous: monthly.get(prevMonths[i]) ?? 0,
    }));

    // Ward map of the local authority: crimes in the latest window, per 1,000 people where known.
    let map:
      | {
          boundaries: Awaited<ReturnType<PerformanceDeps['geography']['boundaries']>>;
          rows: { code: string; name: string; count: number; rate: number | null }[];
          perThousand: boolean;
        }
      | undefined;
    if (lad) {
      const [boundaries, wardRows] = await Promise.all([
        deps.geography.boundaries('ward', lad.code),
        deps.crime.counts({ force, from: curFrom, to, by: ['ward'], area: lad.code }),
      ]);
      const counts = new Map(wardRows.map((r) => [r.ward ?? '', r.count]));
      const names = new Map(wardRows.map((r) => [r.ward ?? '', r.wardName ?? '']));
      const features = boundaries.features.map((f) => ({ code: String(f.properties?.code ?? ''), name: String(f.properties?.name ?? '') }));
      const pops = await Promise.all(features.map((f) => deps.geography.population(f.code)));
      const perThousand = pops.length > 0 && pops.every((p) => p && p.population > 0);
      const mapRows = features
        .map((f, i) => ({
          code: f.code,
          name: f.name || names.get(f.code) || f.code,
          count: counts.get(f.code) ?? 0,
          rate: perThousand ? Math.round(((counts.get(f.code) ?? 0) / pops[i]!.population) * 10000) / 10 : null,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      map = { boundaries, rows: mapRows, perThousand };
    }
    const actions = deps.areaActions
      ? [...(await deps.areaActions(area.code)), ...(lad && lad.code !== area.code ? await deps.areaActions(lad.code) : [])]
      : [];
    const population = await deps.geography.population(area.code);
    return {
      noData: false as const,
      force,
      area,
      lad,
      months,
      window,
      current: { from: curFrom, to },
      previous: { from: prevFrom, to: prevTo },
      comparison,
      categories: categoryRows,
      total: {
        ...total,
        pValue: totalTest?.pValue ?? null,
        pText: totalTest ? formatP(totalTest.pValue) : '',
        label: totalTest ? judge(totalTest.pValue, totalTest.rateRatio, 'lower', comparison, 'crimes and incidents').label : 'No crimes recorded.',
      },
      trend,
      map,
      actions,
      population,
    };
  }

  // ---- peer comparison -------------------------------------------------------------------------

  /**
   * The forces compared by rates per 1,000 residents over the months every one of them has. A force
   * with no population figure is named in `withoutPopulation` and left out of the rates; when no
   * two forces have populations the figures are counts, and the page says they cannot be ranked.
   */
  async function compare(forceIds: string[]) {
    const forces = await deps.geography.forces();
    const pops = await Promise.all(forceIds.map((f) => populationOf(null, f)));
    const withPop = forceIds.filter((_, i) => pops[i] && pops[i]!.population > 0);
    const usesRates = withPop.length >= 1 && (withPop.length >= 2 || forceIds.length === 1);
    const compared = usesRates ? withPop : forceIds;
    const withoutPopulation = usesRates ? forceIds.filter((f) => !withPop.includes(f)) : [];
    const popOf = new Map(forceIds.map((f, i) => [f, pops[i]]));
    const shared = monthsInCommon(await Promise.all(compared.map((f) => deps.crime.months(f))));
    const from = shared[0];
    const to = shared[shared.length - 1];
    const rows = from ? await deps.crime.counts({ from, to, by: ['force', 'month', 'category'] }) : [];
    const catName = new Map((await deps.crime.categories()).map((c) => [c.slug, c.name]));
    const sharedSet = new Set(shared);
    const wanted = new Set(compared);
    const used = rows.filter((r) => r.force && wanted.has(r.force) && r.month && sharedSet.has(r.month));
    const value = (count: number, f: string) => (usesRates ? perThousand(count, popOf.get(f)!.population) : count);
    const byForceMonth = compared.map((f) =>
      shared.map((m) =>
        value(
          used.filter((r) => r.force === f && r.month === m).reduce((s, r) => s + r.count, 0),
          f,
        ),
      ),
    );
    const cats = [...new Set(used.map((r) => r.category ?? ''))].sort();
    const byCategory = cats.map((c) => ({
      slug: c,
      name: used.find((r) => r.category === c)?.categoryName ?? catName.get(c) ?? c,
      values: compared.map((f) =>
        value(
          used.filter((r) => r.force === f && r.category === c).reduce((s, r) => s + r.count, 0),
          f,
        ),
      ),
    }));
    const nameOf = (id: string) => forces.find((f) => f.id === id)?.name ?? id;
    return {
      forces: compared.map((id) => ({ id, name: nameOf(id), population: popOf.get(id) ?? null })),
      withoutPopulation: withoutPopulation.map((id) => ({ id, name: nameOf(id) })),
      allForces: forces,
      months: shared,
      perThousand: usesRates,
      byForceMonth,
      byCategory: byCategory.sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  /** The forces most like this area's force by size and crime mix, over its latest 12 months. */
  async function similarForces(own: string, n = 5) {
    const available = (await forcesWithData()).filter((f) => f.code);
    const months = await deps.crime.months(own);
    if (!months.length) return [];
    const last = months.slice(-12);
    const rows = await deps.crime.counts({ from: last[0], to: last[last.length - 1], by: ['force', 'category'] });
    const profile = async (id: string) => ({
      id,
      population: (await populationOf(null, id))?.population ?? null,
      byCategory: sumBy(
        rows.filter((r) => r.force === id),
        (r) => r.category ?? '',
        (r) => r.count,
      ),
    });
    const others = await Promise.all(available.filter((f) => f.id !== own).map((f) => profile(f.id)));
    return mostSimilar(await profile(own), others, n).map((s) => s.id);
  }

  /** Forces that have crime data imported, in name order. */
  async function forcesWithData() {
    const forces = await deps.geography.forces();
    const withData = await Promise.all(forces.map(async (f) => ({ ...f, months: (await deps.crime.months(f.id)).length })));
    return withData.filter((f) => f.months > 0);
  }

  return { areaChoices, findArea, yourArea, compare, similarForces, forcesWithData };
}
