/** Presenters for the dashboards, "your area" and the peer comparison. Pure. */
import { escapeXml } from '../../../platform/svg.js';
import { barChart, lineChart } from '../../../platform/charts/svg.js';
import { choropleth } from '../../../platform/charts/map.js';
import { periodLabel, shortPeriodLabel, spanLabel } from '../periods.js';
import type { MeasureView, PerformanceService } from '../performanceService.js';
import { fmt, GENERAL_METHOD, measureCard, RAG_TAG } from './measure.js';

type Dashboard = Awaited<ReturnType<PerformanceService['dashboard']>>;
type YourArea = NonNullable<Awaited<ReturnType<PerformanceService['yourArea']>>>;
type Compare = Awaited<ReturnType<PerformanceService['compare']>>;
type Choices = Awaited<ReturnType<PerformanceService['areaChoices']>>;

export function dashboardPage(d: Dashboard) {
  const card = (v: MeasureView) => measureCard(v.measure, v.evaluation, v.series.displayUnit);
  return {
    planTitle: d.plan?.title ?? null,
    planReference: d.plan?.reference ?? null,
    priorityLabel: d.plan?.priorityLabel ?? 'Priority',
    groups: d.groups.map((g) => ({ reference: g.priority.reference, title: g.priority.title, measures: g.measures.map(card) })),
    unlinked: d.unlinked.map(card),
    total: d.all.length,
    method: GENERAL_METHOD,
  };
}

export function areaChoiceItems(c: Choices, selected: string | undefined) {
  const ladName = new Map(c.lads.map((l) => [l.code, l.name]));
  return [
    { value: '', text: 'Choose an area' },
    ...c.lads.map((l) => ({ value: l.code, text: `${l.name} (local authority)`, selected: l.code === selected })),
    ...[...c.wards]
      .sort((a, b) => (ladName.get(a.parentCode ?? '') ?? '').localeCompare(ladName.get(b.parentCode ?? '') ?? '') || a.name.localeCompare(b.name))
      .map((w) => ({ value: w.code, text: `${w.name} ward, ${ladName.get(w.parentCode ?? '') ?? ''}`, selected: w.code === selected })),
  ];
}

/** Areas that match a place name, each with its local authority, for a resident to choose from. */
export function areaMatches(areas: Choices['wards'], c: Choices) {
  const ladName = new Map(c.lads.map((l) => [l.code, l.name]));
  return areas.map((a) => ({
    href: `/your-area?area=${a.code}`,
    text: a.level === 'lad' ? `${a.name} (local authority)` : `${a.name} ward, ${ladName.get(a.parentCode ?? '') ?? ''}`,
  }));
}

const wardLink = (code: string, name: string) => `<a class="govuk-link" href="/your-area?area=${escapeXml(code)}">${escapeXml(name)}</a>`;

export function yourAreaPage(a: YourArea) {
  if (a.noData) return { area: a.area, noData: true as const };
  const curSpan = spanLabel(a.current.from, a.current.to);
  const prevSpan = spanLabel(a.previous.from, a.previous.to);
  const trendChart = lineChart({
    title: `All crime and antisocial behaviour in ${a.area.name}, month by month`,
    period: `${curSpan} against ${prevSpan}`,
    xLabel: 'Month',
    yLabel: 'Crimes and incidents',
    description: `Monthly totals for ${curSpan} against ${prevSpan}. The table that follows gives the figures.`,
    labels: a.trend.map((t) => shortPeriodLabel('monthly', t.month).slice(0, 3)),
    series: [
      { name: curSpan, values: a.trend.map((t) => t.current) },
      { name: prevSpan, values: a.trend.map((t) => t.previous) },
    ],
  });
  const trendTable = {
    caption: `Crimes and antisocial behaviour each month in ${a.area.name}`,
    head: [{ text: 'Month' }, { text: 'This period', format: 'numeric' }, { text: 'Month a year before' }, { text: 'A year before', format: 'numeric' }],
    rows: a.trend.map((t) => [
      { text: periodLabel('monthly', t.month) },
      { text: fmt(t.current, 0), format: 'numeric' },
      { text: periodLabel('monthly', t.previousMonth) },
      { text: fmt(t.previous, 0), format: 'numeric' },
    ]),
  };
  const categoryChart = barChart({
    title: `Crime by category in ${a.area.name}`,
    period: `${curSpan} against ${prevSpan}`,
    categoryLabel: 'Crime category',
    description:
      'Two bars per category: the latest period and the period before. The table that follows gives the figures and whether each change is more than chance.',
    valueLabel: 'Crimes and incidents',
    categories: a.categories.map((c) => c.name),
    series: [
      { name: curSpan, values: a.categories.map((c) => c.current) },
      { name: prevSpan, values: a.categories.map((c) => c.previous) },
    ],
  });
  const categoryTable = {
    caption: `Crime by category in ${a.area.name}`,
    head: [
      { text: 'Category' },
      { text: curSpan, format: 'numeric' },
      { text: prevSpan, format: 'numeric' },
      { text: 'Change', format: 'numeric' },
      { text: 'Better or worse?' },
    ],
    rows: [
      ...a.categories.map((c) => [
        { text: c.name },
        { text: fmt(c.current, 0), format: 'numeric' },
        { text: fmt(c.previous, 0), format: 'numeric' },
        { text: c.change === null ? '–' : `${c.change > 0 ? '+' : ''}${fmt(c.change, 1)}%`, format: 'numeric' },
        { text: c.label },
      ]),
      [
        { text: 'All categories' },
        { text: fmt(a.total.current, 0), format: 'numeric' },
        { text: fmt(a.total.previous, 0), format: 'numeric' },
        {
          text: a.total.previous
            ? `${a.total.current >= a.total.previous ? '+' : ''}${fmt(((a.total.current - a.total.previous) / a.total.previous) * 100, 1)}%`
            : '–',
          format: 'numeric',
        },
        { text: a.total.label },
      ],
    ],
  };
  let map: { svg: string; table: object; ladName: string } | null = null;
  if (a.map && a.lad && a.map.boundaries.features.length) {
    const values = new Map(a.map.rows.map((r) => [r.code, a.map!.perThousand ? (r.rate ?? 0) : r.count]));
    const measureText = a.map.perThousand ? 'crimes per 1,000 people' : 'crimes (counts: no ward populations are loaded)';
    map = {
      ladName: a.lad.name,
      svg: choropleth({
        title: `Map of ${a.lad.name} by ward: ${measureText}, ${curSpan}`,
        description: `Each ward is shaded from light (fewest) to dark (most). ${a.area.level === 'ward' ? `${a.area.name} is outlined in yellow. ` : ''}The table that follows gives every ward's figure.`,
        boundaries: a.map.boundaries,
        values,
        highlight: a.area.level === 'ward' ? a.area.code : null,
        legendLabel: measureText,
      }),
      table: {
        caption: `Crimes by ward in ${a.lad.name}, ${curSpan}`,
        head: [{ text: 'Ward' }, { text: 'Crimes', format: 'numeric' }, ...(a.map.perThousand ? [{ text: 'Per 1,000 people', format: 'numeric' }] : [])],
        rows: a.map.rows.map((r) => [
          r.code === a.area.code ? { text: `${r.name} (this ward)` } : { html: wardLink(r.code, r.name) },
          { text: fmt(r.count, 0), format: 'numeric' },
          ...(a.map!.perThousand ? [{ text: fmt(r.rate, 1), format: 'numeric' }] : []),
        ]),
      },
    };
  }
  return {
    noData: false as const,
    area: a.area,
    lad: a.lad,
    comparison: a.comparison,
    curSpan,
    prevSpan,
    headline: `${fmt(a.total.current, 0)} crimes and incidents of antisocial behaviour in ${curSpan}, against ${fmt(a.total.previous, 0)} in ${prevSpan}.`,
    change: a.total.label,
    method: [
      ...GENERAL_METHOD.slice(0, 2),
      ...(a.total.pText ? [`All crimes and incidents: ${a.total.pText}.`] : []),
      ...a.categories.filter((c) => c.pText).map((c) => `${c.name}: ${c.pText}.`),
    ],
    population: a.population ? `${fmt(a.population.population, 0)} people (${a.population.year})` : null,
    perThousand: a.population ? fmt((a.total.current / a.population.population) * 1000, 1) : null,
    trendChart,
    trendTable,
    categoryChart,
    categoryTable,
    map,
    actions: a.actions,
  };
}

export function comparePage(c: Compare) {
  const names = (xs: { name: string }[]) =>
    xs.length <= 1
      ? (xs[0]?.name ?? '')
      : `${xs
          .slice(0, -1)
          .map((x) => x.name)
          .join(', ')} and ${xs[xs.length - 1].name}`;
  const withoutPopulation = c.withoutPopulation.length
    ? `${names(c.withoutPopulation)} ${c.withoutPopulation.length === 1 ? 'has' : 'have'} no population figure, so ${c.withoutPopulation.length === 1 ? 'it is' : 'they are'} left out: comparing counts of forces of different sizes would not be fair.`
    : null;
  if (!c.months.length) return { noData: true as const, forces: c.forces, withoutPopulation };
  const unit = c.perThousand ? 'crimes per 1,000 people' : 'crimes (counts, not rates)';
  const span = spanLabel(c.months[0], c.months[c.months.length - 1]);
  const populations = c.forces.filter((f) => f.population).map((f) => `${f.name} ${fmt(f.population!.population, 0)} (${f.population!.year})`);
  const monthLabels = c.months.map((m) => shortPeriodLabel('monthly', m));
  return {
    noData: false as const,
    forces: c.forces,
    unit,
    span,
    summary: `Comparing ${names(c.forces)} over ${span}: the ${c.months.length === 1 ? 'month' : `${c.months.length} months`} every one of them has figures for.`,
    basis: c.perThousand
      ? `Figures are crimes per 1,000 residents, so forces of different sizes can be compared. Populations: ${populations.join('; ')}.`
      : c.forces.length > 1
        ? 'No population figures are loaded for these forces, so these are counts of crimes. Forces of different sizes cannot be ranked on counts: read them as each force’s own figures, not as a league table.'
        : null,
    withoutPopulation,
    chart:
      c.months.length > 1
        ? lineChart({
            title: `Crime each month (${unit})`,
            period: span,
            xLabel: 'Month',
            yLabel: c.perThousand ? 'Crimes per 1,000 people' : 'Crimes',
            description: 'One line per force. The table that follows gives the figures.',
            labels: monthLabels,
            series: c.forces.map((f, i) => ({ name: f.name, values: c.byForceMonth[i] })),
          })
        : barChart({
            title: `Crime by force (${unit})`,
            period: periodLabel('monthly', c.months[0]),
            categoryLabel: 'Crime',
            valueLabel: c.perThousand ? 'Crimes per 1,000 people' : 'Crimes',
            description: 'One bar per force. The table that follows gives the figures.',
            categories: ['All crime'],
            series: c.forces.map((f, i) => ({ name: f.name, values: [c.byForceMonth[i][0]] })),
          }),
    monthTable: {
      caption: `Crime each month by force (${unit})`,
      head: [{ text: 'Month' }, ...c.forces.map((f) => ({ text: f.name, format: 'numeric' }))],
      rows: c.months.map((m, mi) => [
        { text: periodLabel('monthly', m) },
        ...c.forces.map((_, fi) => ({ text: fmt(c.byForceMonth[fi][mi]), format: 'numeric' })),
      ]),
    },
    categoryChart: barChart({
      title: `Crime by category (${unit})`,
      period: span,
      categoryLabel: 'Crime category',
      valueLabel: c.perThousand ? 'Crimes per 1,000 people' : 'Crimes',
      description: 'One bar per force in each category. The table that follows gives the figures.',
      categories: c.byCategory.map((x) => x.name),
      series: c.forces.map((f, i) => ({ name: f.name, values: c.byCategory.map((x) => x.values[i]) })),
    }),
    categoryTable: {
      caption: `Crime by category and force (${unit})`,
      head: [{ text: 'Category' }, ...c.forces.map((f) => ({ text: f.name, format: 'numeric' }))],
      rows: c.byCategory.map((x) => [{ text: x.name }, ...x.values.map((v) => ({ text: fmt(v), format: 'numeric' }))]),
    },
  };
}

export { RAG_TAG };
