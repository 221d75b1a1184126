/** Presenters for the dashboards, "your area" and the peer comparison. Pure. */
import { barChart, choropleth, lineChart } from '../charts.js';
import { periodLabel, shortPeriodLabel, spanLabel } from '../periods.js';
import type { MeasureView, PerformanceService } from '../performanceService.js';
import { fmt, measureCard, RAG_TAG } from './measure.js';

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

export function yourAreaPage(a: YourArea) {
  if (a.noData) return { area: a.area, noData: true as const };
  const curSpan = spanLabel(a.current.from, a.current.to);
  const prevSpan = spanLabel(a.previous.from, a.previous.to);
  const trendChart = lineChart({
    title: `All crime and antisocial behaviour in ${a.area.name}, month by month`,
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
    title: `Crime by category in ${a.area.name}: ${curSpan} against ${prevSpan}`,
    description:
      'Two bars per category: the latest period and the period before. The table that follows gives the figures and whether each change is significant.',
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
      { text: 'Significance' },
    ],
    rows: [
      ...a.categories.map((c) => [
        { text: c.name },
        { text: fmt(c.current, 0), format: 'numeric' },
        { text: fmt(c.previous, 0), format: 'numeric' },
        { text: c.change === null ? '–' : `${c.change > 0 ? '+' : ''}${fmt(c.change, 1)}%`, format: 'numeric' },
        { text: `${c.label}${c.pText ? ` (${c.pText})` : ''}` },
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
        { text: `${a.total.label}${a.total.pText ? ` (${a.total.pText})` : ''}` },
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
          { text: r.name + (r.code === a.area.code ? ' (your choice)' : '') },
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
    headline: `${fmt(a.total.current, 0)} crimes and incidents of antisocial behaviour in ${curSpan}, against ${fmt(a.total.previous, 0)} in ${prevSpan}: ${a.total.label}${a.total.pText ? ` (${a.total.pText})` : ''}.`,
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
  if (!c.months.length) return { noData: true as const, forces: c.forces };
  const unit = c.perThousand ? 'crimes per 1,000 people' : 'crimes (counts: not every force has a population figure)';
  const monthLabels = c.months.map((m) => shortPeriodLabel('monthly', m));
  return {
    noData: false as const,
    forces: c.forces,
    unit,
    span: spanLabel(c.months[0], c.months[c.months.length - 1]),
    chart:
      c.months.length > 1
        ? lineChart({
            title: `Crime each month: ${c.forces.map((f) => f.name).join(', ')} (${unit})`,
            description: 'One line per force. The table that follows gives the figures.',
            labels: monthLabels,
            series: c.forces.map((f, i) => ({ name: f.name, values: c.byForceMonth[i] })),
          })
        : barChart({
            title: `Crime in ${periodLabel('monthly', c.months[0])} (${unit})`,
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
      title: `Crime by category (${unit}), ${spanLabel(c.months[0], c.months[c.months.length - 1])}`,
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
