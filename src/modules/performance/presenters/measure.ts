/** Shapes measures for pages and documents. Pure: no database, no requests. */
import type { LineChartInput } from '../../../platform/charts/line.js';
import { lineChart } from '../../../platform/charts/svg.js';
import type { Evaluation, SeriesPoint } from '../evaluate.js';
import { periodLabel, shortPeriodLabel } from '../periods.js';
import type { Measure } from '../performanceRepository.js';
import type { Rag } from '../stats.js';
import { formatNumber } from '../../../platform/format.js';

/** The colour of each judgement; the tag's words come from the evaluation, so they always agree. */
export const RAG_TAG: Record<Rag, { text: string; classes: string }> = {
  green: { text: 'Green', classes: 'govuk-tag--green' },
  amber: { text: 'Amber', classes: 'govuk-tag--yellow' },
  red: { text: 'Red', classes: 'govuk-tag--red' },
  grey: { text: 'Not assessed', classes: 'govuk-tag--grey' },
  neutral: { text: 'No good direction', classes: 'govuk-tag--blue' },
};
const POLARITY_WORDS = { lower: 'Lower', higher: 'Higher', neither: 'Neither: a change is reported, not judged' } as const;

const SOURCE_LABEL: Record<Measure['sourceKind'], string> = {
  crime: 'police.uk street-level crime data',
  'stop-search': 'police.uk stop and search data',
  disproportionality: 'police.uk stop and search data and group populations',
  entered: 'figures entered or imported by the OPCC',
};
const TARGET_LABEL = { 'reduce-by': 'Reduce by a percentage', reach: 'Reach a value', direction: 'Direction only' } as const;

/** How every measure's change is judged, for the "How we work this out" sections. */
export const GENERAL_METHOD = [
  'For counts of events (crimes, incidents, searches) we compare the latest 12 months with the same 12 months a year before. We ask how likely a difference that big would be by chance alone if nothing had really changed; if that chance is below 1 in 20 we call the change real.',
  'The test is the exact two-sided test for the ratio of two Poisson rates (the conditional binomial test, as R poisson.test), at the 5% level.',
  'Charts of monthly figures show the usual range (control limits): a c-chart (average ± 3 × √average) for counts, or an XmR chart (average ± 2.66 × the average month-to-month change) for other figures or for counts that vary more than chance alone would make them. A month outside that range is unusual.',
  'Figures that are not counts (averages, ratios) are judged against their target instead.',
];

export function fmt(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return formatNumber(n, digits);
}

export interface MeasureCard {
  reference: string;
  name: string;
  unit: string;
  latestText: string;
  latestPeriod: string;
  rag: { text: string; classes: string };
  ragLabel: string;
  /** The change in plain English (a whole sentence), or why it is not tested. */
  significance: string;
  /** The p-value, for the "How we work this out" sections and staff reports only. */
  pText: string;
  targetText: string;
  isDemo: boolean;
}

export function measureCard(m: Measure, e: Evaluation, displayUnit = m.unit): MeasureCard {
  return {
    reference: m.reference,
    name: m.name,
    unit: displayUnit,
    latestText: e.latest ? fmt(e.latest.value) : 'No figures yet',
    latestPeriod: e.latest?.label ?? '',
    rag: { text: e.ragLabel, classes: RAG_TAG[e.rag].classes },
    ragLabel: e.ragLabel,
    significance: e.change ? e.change.label : (e.notTestedReason ?? ''),
    pText: e.change?.pText ?? '',
    targetText: e.target?.text ?? '',
    /** Only entered demo figures are synthetic; demo measures of police.uk data show real figures. */
    isDemo: m.isDemo && m.sourceKind === 'entered',
  };
}

/** The trend chart's input, for the page (SVG) and the documents (drawn from the same layout). */
export function trendChartInput(m: Measure, points: SeriesPoint[], e: Evaluation, basis: string): LineChartInput {
  const rules: { label: string; value: number; dashed?: boolean }[] = [];
  // Limits are computed on the counts; a rate of a fixed population is the count times a constant.
  const ref = points.find((p) => p.count !== undefined && p.count > 0);
  const scale = e.limits && ref && ref.count !== ref.value ? ref.value / ref.count! : 1;
  if (e.limits) {
    rules.push(
      { label: 'Usual high', value: e.limits.upper * scale, dashed: true },
      { label: 'Average', value: e.limits.centre * scale },
      { label: 'Usual low', value: e.limits.lower * scale, dashed: true },
    );
  }
  if (e.target?.value !== null && e.target?.value !== undefined && m.targetKind !== 'direction') rules.push({ label: 'Target', value: e.target.value });
  const span = points.length ? `${periodLabel(m.frequency, points[0].period)} to ${periodLabel(m.frequency, points[points.length - 1].period)}` : '';
  return {
    title: m.name,
    period: span,
    xLabel: m.frequency === 'monthly' ? 'Month' : m.frequency === 'quarterly' ? 'Quarter' : 'Year',
    yLabel: basis,
    description: `${points.length} ${m.frequency} figures from ${points[0] ? periodLabel(m.frequency, points[0].period) : '–'} to ${points.length ? periodLabel(m.frequency, points[points.length - 1].period) : '–'}. The table that follows gives every figure.`,
    labels: points.map((p) => shortPeriodLabel(m.frequency, p.period)),
    series: [{ name: m.name, values: points.map((p) => p.value) }],
    rules: rules.filter((r) => Number.isFinite(r.value) && r.value >= 0),
  };
}

export function trendChart(m: Measure, points: SeriesPoint[], e: Evaluation, basis: string): string {
  return lineChart(trendChartInput(m, points, e, basis));
}

export function measurePage(
  v: { measure: Measure; series: { points: SeriesPoint[]; basis: string; isCount: boolean; displayUnit: string }; evaluation: Evaluation },
  categoryNames?: Map<string, string>,
) {
  const { measure: m, series: s, evaluation: e } = v;
  const src = m.source ?? {};
  const definition = [
    { key: { text: 'Description' }, value: { text: m.description ?? '–' } },
    { key: { text: 'Unit' }, value: { text: m.unit } },
    { key: { text: 'Better when' }, value: { text: POLARITY_WORDS[m.polarity] } },
    { key: { text: 'Frequency' }, value: { text: m.frequency } },
    { key: { text: 'Source' }, value: { text: SOURCE_LABEL[m.sourceKind] } },
    { key: { text: 'What the figure is' }, value: { text: s.basis } },
    ...(src.categories?.length
      ? [{ key: { text: 'Crime categories' }, value: { text: src.categories.map((c) => categoryNames?.get(c) ?? c).join(', ') } }]
      : []),
    ...(src.area ? [{ key: { text: 'Area' }, value: { text: src.area } }] : []),
    {
      key: { text: 'Baseline' },
      value: { text: m.baselineFrom && m.baselineTo ? `${periodLabel(m.frequency, m.baselineFrom)} to ${periodLabel(m.frequency, m.baselineTo)}` : 'None' },
    },
    {
      key: { text: 'Target' },
      value: {
        text: `${TARGET_LABEL[m.targetKind]}${m.targetValue !== null ? `: ${fmt(m.targetValue)}${m.targetKind === 'reduce-by' ? '%' : ` ${m.unit}`}` : ''}`,
      },
    },
    { key: { text: 'Owner' }, value: { text: m.owner ?? '–' } },
  ];
  const showCounts = s.points.some((p) => p.count !== undefined && p.count !== p.value);
  const outside = new Set(e.limits?.outside ?? []);
  const table = {
    caption: `${m.name}: every figure`,
    head: [
      { text: 'Period' },
      ...(showCounts ? [{ text: 'Count', format: 'numeric' }] : []),
      { text: s.displayUnit, format: 'numeric' },
      ...(e.limits ? [{ text: 'Unusual?' }] : []),
    ],
    rows: s.points.map((p, i) => [
      { text: periodLabel(m.frequency, p.period) },
      ...(showCounts ? [{ text: fmt(p.count ?? null, 0), format: 'numeric' }] : []),
      { text: fmt(p.value), format: 'numeric' },
      ...(e.limits ? [{ text: outside.has(i) ? 'Yes: outside the usual range' : 'No' }] : []),
    ]),
  };
  const significance = e.change
    ? [
        { key: { text: 'What changed' }, value: { text: e.change.label } },
        {
          key: { text: 'Latest period' },
          value: { text: `${periodLabel(m.frequency, e.change.currentFrom)} to ${periodLabel(m.frequency, e.change.currentTo)}: ${fmt(e.change.current, 0)}` },
        },
        {
          key: { text: 'Compared with' },
          value: {
            text: `${periodLabel(m.frequency, e.change.previousFrom)} to ${periodLabel(m.frequency, e.change.previousTo)}: ${fmt(e.change.previous, 0)}`,
          },
        },
        {
          key: { text: 'Change' },
          value: { text: Number.isFinite(e.change.percent) ? `${e.change.percent > 0 ? '+' : ''}${fmt(e.change.percent, 1)}%` : '–' },
        },
      ]
    : [{ key: { text: 'What changed' }, value: { text: e.notTestedReason ?? 'Not tested' } }];
  // The method, for the "How we work this out" section a resident can open.
  const method = [
    ...(e.change
      ? [
          `We count the ${m.unit || 'events'} in the latest period and in the period before, and ask how likely a difference this big would be by chance alone if nothing had really changed. ${e.change.significant ? 'That chance is below 1 in 20, so we call the change real.' : 'That chance is 1 in 20 or more, so the change could be chance.'}`,
          `Test: ${e.change.method}. Result ${e.change.pText} (exact value ${e.change.pValue.toPrecision(4)}).`,
        ]
      : []),
    ...(e.limits
      ? [
          `The usual range on the chart is where ${m.frequency === 'monthly' ? 'a month' : 'a period'}'s figure falls when nothing unusual is happening. ${e.limits.description}. Average ${fmt(e.limits.centre)}, usual high ${fmt(e.limits.upper)}, usual low ${fmt(e.limits.lower)}${showCounts ? ' (worked out on the monthly counts)' : ''}. ${e.limits.outside.length ? `${e.limits.outside.length} period${e.limits.outside.length === 1 ? ' is' : 's are'} outside the usual range.` : 'No period is outside the usual range.'}`,
        ]
      : []),
    ...(m.polarity === 'neither'
      ? ['This measure has no better or worse direction, so a change is never shown in red or green.']
      : ['Green means a real change for the better, red a real change for the worse, and amber a change that could be chance.']),
  ];
  return {
    card: measureCard(m, e, s.displayUnit),
    definition,
    chart: s.points.length ? trendChart(m, s.points, e, s.basis) : '',
    table,
    significance,
    method,
  };
}
