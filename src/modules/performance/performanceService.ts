import type { Database } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import { notFound, RuleError } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import type { SettingsService } from '../../platform/settings.js';
import { areaFigures, createAreasService, sumBy } from './areasService.js';
import type { PerformanceDeps } from './deps.js';
import { evaluate, type Evaluation, type SeriesPoint } from './evaluate.js';
import { parseFiguresCsv } from './figuresCsv.js';
import { addMonths, isPeriod, monthRange, PERIOD_EXAMPLES, periodLabel } from './periods.js';
import { performanceRepository as repo, type Measure, type MeasureInsert } from './performanceRepository.js';
import { formatP, poissonRateTest } from './stats.js';

export type MeasureInput = Omit<MeasureInsert, 'id' | 'createdAt' | 'updatedAt'>;

export interface SeriesResult {
  points: SeriesPoint[];
  /** Disproportionality only: the latest 12 months' search rates of the two groups, tested against each other. */
  groups?: { from: string; to: string; a: number; b: number; ratio: number; pValue: number; pText: string; text: string; method: string };
  isCount: boolean;
  /** The unit as shown beside a figure, e.g. "crimes per 1,000 people". */
  displayUnit: string;
  /** What the figure is, e.g. "crimes per 1,000 people (population 143,900, 2021)". */
  basis: string;
}

export interface MeasureView {
  measure: Measure;
  series: SeriesResult;
  evaluation: Evaluation;
}

export function createPerformanceService(database: Database, settings: SettingsService, deps: PerformanceDeps) {
  const { db } = database;

  const { forceId, populationOf } = areaFigures(settings, deps);

  async function series(m: Measure): Promise<SeriesResult> {
    const src = m.source ?? {};
    const force = await forceId(src);
    if (m.sourceKind === 'entered') {
      const rows = await repo.figuresOf(db, m.id);
      return {
        points: rows.map((r) => ({ period: r.period, value: r.value })),
        isCount: false,
        displayUnit: m.unit,
        basis: `figures entered or imported (${m.unit})`,
      };
    }
    if (m.sourceKind === 'crime') {
      const rows = await deps.crime.counts({
        force,
        by: ['month'],
        category: src.categories?.length ? src.categories : undefined,
        area: src.area ?? undefined,
      });
      const byMonth = sumBy(
        rows,
        (r) => r.month ?? '',
        (r) => r.count,
      );
      const months = await deps.crime.months(force);
      const pop = src.perThousand ? await populationOf(src.area ?? null, force) : undefined;
      const points = months.map((month) => {
        const count = byMonth.get(month) ?? 0;
        return { period: month, count, value: pop ? Math.round((count / pop.population) * 1000 * 1000) / 1000 : count };
      });
      const basis = pop
        ? `${m.unit} per 1,000 people (population ${pop.population.toLocaleString('en-GB')}, ${pop.year})`
        : src.perThousand
          ? `${m.unit} (a count: no population figure for this area, so no rate per 1,000)`
          : `${m.unit} (a count)`;
      return { points, isCount: true, displayUnit: pop ? `${m.unit} per 1,000 people` : m.unit, basis };
    }
    if (m.sourceKind === 'stop-search') {
      const rows = await deps.crime.stopSearch({ force, by: ['month'] });
      const points = rows
        .map((r) => ({ period: String(r.month), value: Number(r.count), count: Number(r.count) }))
        .sort((a, b) => a.period.localeCompare(b.period));
      return { points, isCount: true, displayUnit: m.unit, basis: `${m.unit} (a count)` };
    }
    // Disproportionality: searches per head of group A's population over group B's, month by month.
    const field = src.ethnicityField ?? 'officerDefinedEthnicity';
    if (!src.groupA || !src.groupB || !src.populationA || !src.populationB) {
      return { points: [], isCount: false, displayUnit: m.unit, basis: 'Not computed: the definition needs both groups and the population of each group.' };
    }
    const rows = await deps.crime.stopSearch({ force, by: ['month', field] });
    const months = [...new Set(rows.map((r) => String(r.month)))].sort();
    const points = months.flatMap((month) => {
      const a = rows.filter((r) => r.month === month && r[field] === src.groupA).reduce((s, r) => s + Number(r.count), 0);
      const b = rows.filter((r) => r.month === month && r[field] === src.groupB).reduce((s, r) => s + Number(r.count), 0);
      if (!b) return [];
      return [{ period: month, value: Math.round((a / src.populationA! / (b / src.populationB!)) * 100) / 100 }];
    });
    const last12 = months.slice(-12);
    const sumOf = (g: string) => rows.filter((r) => last12.includes(String(r.month)) && r[field] === g).reduce((t, r) => t + Number(r.count), 0);
    const a = sumOf(src.groupA);
    const b = sumOf(src.groupB);
    let groups: SeriesResult['groups'];
    if (last12.length && a + b > 0) {
      const test = poissonRateTest(a, src.populationA, b, src.populationB);
      const ratio = Math.round(test.rateRatio * 100) / 100;
      groups = {
        from: last12[0],
        to: last12[last12.length - 1],
        a,
        b,
        ratio,
        pValue: test.pValue,
        pText: formatP(test.pValue),
        text: `${src.groupA} people were searched ${ratio} times as often as ${src.groupB} people per head (${a.toLocaleString('en-GB')} and ${b.toLocaleString('en-GB')} searches): ${test.pValue < 0.05 ? 'a real difference, not chance' : 'the difference could be chance'}.`,
        method: `${test.method}, with each group's population as its exposure`,
      };
    }
    return {
      points,
      groups,
      isCount: false,
      displayUnit: m.unit,
      basis: `searches of ${src.groupA} people per head over searches of ${src.groupB} people per head (${field === 'officerDefinedEthnicity' ? 'officer-defined' : 'self-defined'} ethnicity; populations ${src.populationA.toLocaleString('en-GB')} and ${src.populationB.toLocaleString('en-GB')}${src.populationSource ? `, ${src.populationSource}` : ''})`,
    };
  }

  async function view(m: Measure): Promise<MeasureView> {
    const s = await series(m);
    const evaluation = evaluate(m, s.points, s.isCount);
    if (!s.points.length && s.basis.startsWith('Not computed')) evaluation.notTestedReason = s.basis;
    return { measure: m, series: s, evaluation };
  }

  async function getMeasure(reference: string, opts: { publicOnly?: boolean } = {}) {
    const m = await repo.byReference(db, reference);
    if (!m || (opts.publicOnly && !m.isPublic)) return undefined;
    return m;
  }

  async function measureView(reference: string, opts: { publicOnly?: boolean } = {}) {
    const m = await getMeasure(reference, opts);
    if (!m) throw notFound('No such measure');
    const [v, comments] = await Promise.all([view(m), repo.commentaryOf(db, [m.id])]);
    const plan = m.planReference ? await deps.plans.getTreeByReference(m.planReference) : undefined;
    const priorities = plan ? plan.priorities.filter((p) => m.priorityRefs.includes(p.reference)) : [];
    const outcomes = plan ? plan.outcomes.filter((o) => m.outcomeRefs.includes(o.reference)) : [];
    // Commentary written before bylines were kept names its writer and role (never the e-mail
    // address), or the office when the writer is no longer known.
    const { bodyName } = await settings.getArea();
    const commentary = await Promise.all(
      comments.reverse().map(async (c) => ({
        ...c,
        periodLabel: periodLabel(m.frequency, c.period),
        author: c.author.includes('@') ? ((await deps.bylineOf?.(c.author)) ?? bodyName) : c.author,
      })),
    );
    return { ...v, commentary, plan, priorities, outcomes };
  }

  async function dashboard(opts: { publicOnly: boolean }) {
    const all = await repo.list(db, { publicOnly: opts.publicOnly });
    const views = await Promise.all(all.map(view));
    const plan = await deps.plans.current();
    const groups = (plan?.priorities ?? []).map((p) => ({
      priority: p,
      measures: views.filter((v) => v.measure.planReference === plan!.reference && v.measure.priorityRefs.includes(p.reference)),
    }));
    const linked = new Set(groups.flatMap((g) => g.measures.map((v) => v.measure.id)));
    return { plan, groups, unlinked: views.filter((v) => !linked.has(v.measure.id)), all: views };
  }

  function validateMeasure(input: MeasureInput) {
    if (input.baselineFrom && !isPeriod(input.frequency ?? 'monthly', input.baselineFrom))
      throw new RuleError(`The baseline must be ${input.frequency} periods like ${PERIOD_EXAMPLES[input.frequency ?? 'monthly']}`);
  }

  async function saveMeasure(actor: Actor, input: MeasureInput, existingId?: string): Promise<Measure> {
    validateMeasure(input);
    return database.transaction(async (tx) => {
      const clash = await repo.byReference(tx, input.reference);
      if (clash && clash.id !== existingId) throw new RuleError(`A measure with the reference ${input.reference} already exists`);
      if (existingId) {
        const before = clash?.id === existingId ? clash : await repo.byId(tx, existingId);
        const saved = await repo.update(tx, existingId, input);
        await recordAudit(tx, actor, {
          action: 'measure.update',
          entityType: 'measure',
          entityId: saved.id,
          summary: `Changed measure ${saved.name}`,
          before,
          after: input,
        });
        return saved;
      }
      const saved = await repo.insert(tx, input);
      await recordAudit(tx, actor, {
        action: 'measure.create',
        entityType: 'measure',
        entityId: saved.id,
        summary: `Created measure ${saved.name}`,
        after: input,
      });
      return saved;
    });
  }

  /** Creates or updates by reference (demo data and re-imports never duplicate). */
  async function upsertMeasure(actor: Actor, input: MeasureInput): Promise<Measure> {
    const existing = await repo.byReference(db, input.reference);
    return saveMeasure(actor, input, existing?.id);
  }

  async function enterFigure(actor: Actor, reference: string, period: string, value: number, note: string | null) {
    const m = await getMeasure(reference);
    if (!m) throw notFound('No such measure');
    if (m.sourceKind !== 'entered') throw new RuleError('This measure is computed from crime data; its figures cannot be entered');
    if (!isPeriod(m.frequency, period)) throw new RuleError(`Enter a ${m.frequency} period like ${PERIOD_EXAMPLES[m.frequency]}`);
    await database.transaction(async (tx) => {
      const before = await repo.figure(tx, m.id, period);
      await repo.upsertFigure(tx, m.id, period, value, note);
      await recordAudit(tx, actor, {
        action: 'figure.enter',
        entityType: 'measure',
        entityId: m.id,
        summary: `${m.name}: ${period} = ${value}`,
        before: before ? { value: before.value, note: before.note } : null,
        after: { period, value, note },
      });
    });
  }

  /** All-or-nothing import of entered figures; a re-import updates the same periods. */
  async function importFigures(actor: Actor, csv: string, fileName: string) {
    const all = await repo.list(db);
    // Refuses the whole file (ImportRefused) if any row has a problem.
    const rows = parseFiguresCsv(csv, new Map(all.map((m) => [m.reference, { frequency: m.frequency, sourceKind: m.sourceKind }])));
    const byRef = new Map(all.map((m) => [m.reference, m]));
    await database.transaction(async (tx) => {
      for (const r of rows) await repo.upsertFigure(tx, byRef.get(r.measure)!.id, r.period, r.value, r.note);
      await recordAudit(tx, actor, {
        action: 'figures.import',
        entityType: 'measure',
        entityId: 'figures',
        summary: `Imported ${rows.length} figures from ${fileName}`,
        after: { rows: rows.length, measures: [...new Set(rows.map((r) => r.measure))] },
      });
    });
    return { rows: rows.length };
  }

  /** `byline`: who the public sees the commentary is by, e.g. "Jo Bloggs, OPCC analyst". */
  async function writeCommentary(actor: Actor, reference: string, period: string, body: string, byline: string) {
    const m = await getMeasure(reference);
    if (!m) throw notFound('No such measure');
    await database.transaction(async (tx) => {
      const before = await repo.comment(tx, m.id, period);
      await repo.upsertCommentary(tx, m.id, period, body, byline);
      await recordAudit(tx, actor, {
        action: 'commentary.write',
        entityType: 'measure',
        entityId: m.id,
        summary: `Commentary on ${m.name} for ${period}`,
        before: before ? { body: before.body } : null,
        after: { period, body },
      });
    });
  }

  // ---- quarterly report ----------------------------------------------------------------------

  async function report(quarter: string, opts: { publicOnly: boolean }) {
    const d = await dashboard(opts);
    const all = await repo.commentaryOf(
      db,
      d.all.map((v) => v.measure.id),
    );
    const months = (() => {
      const [y, q] = quarter.split('-Q').map(Number);
      const first = `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}`;
      return monthRange(first, addMonths(first, 2));
    })();
    const commentFor = (measureId: string) =>
      all.filter((c) => c.measureId === measureId && (c.period === quarter || months.includes(c.period))).sort((a, b) => b.period.localeCompare(a.period))[0] ??
      null;
    // Evaluate each measure as it stood at the end of the quarter.
    const lastMonth = months[2];
    const items = d.all.map((v) => {
      const cut = v.series.points.filter((p) =>
        v.measure.frequency === 'monthly' ? p.period <= lastMonth : v.measure.frequency === 'quarterly' ? p.period <= quarter : p.period <= quarter.slice(0, 4),
      );
      return { ...v, series: { ...v.series, points: cut }, evaluation: evaluate(v.measure, cut, v.series.isCount), commentary: commentFor(v.measure.id) };
    });
    const order = new Map<string, number>();
    d.groups.forEach((g, gi) => g.measures.forEach((v, mi) => order.set(v.measure.id, gi * 1000 + mi)));
    items.sort((a, b) => (order.get(a.measure.id) ?? 1e9) - (order.get(b.measure.id) ?? 1e9));
    return { quarter, plan: d.plan, groups: d.groups, items };
  }

  async function categoryNames() {
    return new Map((await deps.crime.categories()).map((c) => [c.slug, c.name]));
  }

  return {
    categoryNames,
    list: (opts: { publicOnly?: boolean } = {}) => repo.list(db, opts),
    getMeasure,
    series,
    view,
    measureView,
    dashboard,
    saveMeasure,
    upsertMeasure,
    enterFigure,
    importFigures,
    writeCommentary,
    figuresOf: (m: Measure) => repo.figuresOf(db, m.id),
    report,
    ...createAreasService(settings, deps),
  };
}
export type PerformanceService = ReturnType<typeof createPerformanceService>;
