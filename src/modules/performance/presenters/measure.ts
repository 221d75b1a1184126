/** Shapes measures for pages and documents. Pure: no database, no requests. */
import { lineChart } from '../charts.js';
import type { Evaluation, SeriesPoint } from '../evaluate.js';
import { periodLabel, shortPeriodLabel } from '../periods.js';
import type { Measure } from '../performanceRepository.js';
import type { Rag } from '../stats.js';
import { formatNumber } from '../../../platform/format.js';

export const RAG_TAG: Record<Rag, { text: string; classes: string }> = {
  green: { text: 'Green', classes: 'govuk-tag--green' },
  amber: { text: 'Amber', classes: 'govuk-tag--yellow' },
  red: { text: 'Red', classes: 'govuk-tag--red' },
  grey: { text: 'Not assessed', classes: 'govuk-tag--grey' },
};

const SOURCE_LABEL: Record<Measure['sourceKind'], string> = {
  crime: 'police.uk street-level crime data',
  'stop-search': 'police.uk stop and search data',
  disproportionality: 'police.uk stop and search data and group populations',
  entered: 'figures entered or imported by the OPCC',
};
const TARGET_LABEL = { 'reduce-by': 'Reduce by a percentage', reach: 'Reach a value', direction: 'Direction only' } as const;

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
  significance: string;
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
    rag: RAG_TAG[e.rag],
    ragLabel: e.ragLabel,
    significance: e.change ? e.change.label : (e.notTestedReason ?? ''),
    pText: e.change?.pText ?? '',
    targetText: e.target?.text ?? '',
    /** Only entered demo figures are synthetic; demo measures of police.uk data show real figures. */
    isDemo: m.isDemo && m.sourceKind === 'entered',
  };
}

export function trendChart(m: Measure, points: SeriesPoint[], e: Evaluation, basis: string): string {
  const rules: { label: string; value: number; dashed?: boolean }[] = [];
  // Limits are computed on the counts; a rate of a fixed population is the count times a constant.
  const ref = points.find((p) => p.count !== undefined && p.count > 0);
  const scale = e.limits && ref && ref.count !== ref.value ? ref.value / ref.count! : 1;
  if (e.limits) {
    rules.push(
      { label: 'Upper limit', value: e.limits.upper * scale, dashed: true },
      { label: 'Mean', value: e.limits.centre * scale },
      { label: 'Lower limit', value: e.limits.lower * scale, dashed: true },
    );
  }
  if (e.target?.value !== null && e.target?.value !== undefined && m.targetKind !== 'direction') rules.push({ label: 'Target', value: e.target.value });
  return lineChart({
    title: `${m.name}: ${basis}`,
    description: `${points.length} ${m.frequency} figures from ${points[0] ? periodLabel(m.frequency, points[0].period) : '–'} to ${points.length ? periodLabel(m.frequency, points[points.length - 1].period) : '–'}. The table that follows gives every figure.`,
    labels: points.map((p) => shortPeriodLabel(m.frequency, p.period)),
    series: [{ name: m.name, values: points.map((p) => p.value) }],
    rules: rules.filter((r) => Number.isFinite(r.value) && r.value >= 0),
  });
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
    { key: { text: 'Better when' }, value: { text: m.polarity === 'lower' ? 'Lower' : 'Higher' } },
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
      ...(e.limits ? [{ text: 'Outside control limits' }] : []),
    ],
    rows: s.points.map((p, i) => [
      { text: periodLabel(m.frequency, p.period) },
      ...(showCounts ? [{ text: fmt(p.count ?? null, 0), format: 'numeric' }] : []),
      { text: fmt(p.value), format: 'numeric' },
      ...(e.limits ? [{ text: outside.has(i) ? 'Yes' : 'No' }] : []),
    ]),
  };
  const significance = e.change
    ? [
        { key: { text: 'Result' }, value: { text: e.change.label } },
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
        { key: { text: 'p-value' }, value: { text: `${e.change.pText} (exact value ${e.change.pValue.toPrecision(4)})` } },
        { key: { text: 'Method' }, value: { text: e.change.method } },
      ]
    : [{ key: { text: 'Result' }, value: { text: e.notTestedReason ?? 'Not tested' } }];
  const limits = e.limits
    ? {
        text: `${e.limits.description}. Centre ${fmt(e.limits.centre)}, upper ${fmt(e.limits.upper)}, lower ${fmt(e.limits.lower)}${showCounts ? ' (limits are on the monthly counts)' : ''}. ${e.limits.outside.length ? `${e.limits.outside.length} period${e.limits.outside.length === 1 ? '' : 's'} outside the limits.` : 'No period is outside the limits.'}`,
      }
    : null;
  return {
    card: measureCard(m, e, s.displayUnit),
    definition,
    chart: s.points.length ? trendChart(m, s.points, e, s.basis) : '',
    table,
    significance,
    limits,
  };
}
