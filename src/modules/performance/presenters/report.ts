/** The quarterly performance report for the Panel: one shape for HTML, Word and PDF. Pure. */
import type { AreaSettings } from '../../../platform/settings.js';
import { periodLabel } from '../periods.js';
import type { PerformanceService } from '../performanceService.js';
import type { ChartLayout } from '../../../platform/charts/layout.js';
import { layoutLineChart } from '../../../platform/charts/line.js';
import { chartName } from '../../../platform/charts/svg.js';
import { fmt, RAG_TAG, trendChart, trendChartInput } from './measure.js';

type Report = Awaited<ReturnType<PerformanceService['report']>>;

export interface ReportItem {
  reference: string;
  name: string;
  priority: string | null;
  basis: string;
  latest: string;
  target: string;
  rag: { text: string; classes: string };
  ragLabel: string;
  significance: string;
  pText: string;
  method: string;
  commentary: string | null;
  commentaryBy: string | null;
  chartSvg: string;
  /** The same chart laid out for the documents (vector shapes in the PDF, SVG in Word); `name` is its title and period. */
  chart: { layout: ChartLayout; name: string; description: string } | null;
  /** The figures behind the chart (the last 12 periods at most). */
  recent: { period: string; value: string }[];
  recentRows: { text: string; format?: string }[][];
  values: number[];
  rules: { label: string; value: number }[];
  isDemo: boolean;
}

export interface ReportPage {
  title: string;
  quarterLabel: string;
  bodyName: string;
  planTitle: string | null;
  items: ReportItem[];
  summary: { green: number; amber: number; red: number; grey: number; neutral: number };
}

export function reportPage(r: Report, area: AreaSettings): ReportPage {
  const priorityOf = new Map<string, string>();
  for (const g of r.groups)
    for (const v of g.measures) if (!priorityOf.has(v.measure.id)) priorityOf.set(v.measure.id, `${g.priority.reference}: ${g.priority.title}`);
  const items: ReportItem[] = r.items.map((v) => {
    const e = v.evaluation;
    const m = v.measure;
    const recentPoints = v.series.points.slice(-12);
    return {
      reference: m.reference,
      name: m.isDemo && m.sourceKind === 'entered' && !/demo/i.test(m.name) ? `${m.name} (demo figures)` : m.name,
      priority: priorityOf.get(m.id) ?? null,
      basis: v.series.basis,
      latest: e.latest ? `${fmt(e.latest.value)} (${e.latest.label})` : 'No figures yet',
      target: e.target?.text ?? 'No target',
      rag: RAG_TAG[e.rag],
      ragLabel: e.ragLabel,
      significance: e.change ? e.change.label : (e.notTestedReason ?? ''),
      pText: e.change?.pText ?? '',
      method: e.change?.method ?? (e.limits ? e.limits.description : ''),
      commentary: v.commentary?.body ?? null,
      commentaryBy: v.commentary
        ? `${v.commentary.author.includes('@') ? area.bodyName : v.commentary.author}, ${periodLabel(v.commentary.period.includes('Q') ? 'quarterly' : 'monthly', v.commentary.period)}`
        : null,
      chartSvg: v.series.points.length ? trendChart(m, v.series.points, e, v.series.basis) : '',
      chart: v.series.points.length
        ? ((input) => ({ layout: layoutLineChart(input), name: chartName(input.title, input.period), description: input.description }))(
            trendChartInput(m, v.series.points, e, v.series.basis),
          )
        : null,
      recent: recentPoints.map((p) => ({ period: periodLabel(m.frequency, p.period), value: fmt(p.value) })),
      recentRows: recentPoints.map((p) => [{ text: periodLabel(m.frequency, p.period) }, { text: fmt(p.value), format: 'numeric' }]),
      values: v.series.points.map((p) => p.value),
      rules: e.target?.value !== null && e.target?.value !== undefined && m.targetKind !== 'direction' ? [{ label: 'Target', value: e.target.value }] : [],
      isDemo: m.isDemo && m.sourceKind === 'entered',
    };
  });
  const summary = { green: 0, amber: 0, red: 0, grey: 0, neutral: 0 };
  for (const v of r.items) summary[v.evaluation.rag] += 1;
  const quarterLabel = periodLabel('quarterly', r.quarter);
  return {
    title: `Performance report: ${quarterLabel}`,
    quarterLabel,
    bodyName: area.bodyName,
    planTitle: r.plan?.title ?? null,
    items,
    summary,
  };
}
