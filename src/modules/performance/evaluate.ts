/**
 * Judges a measure's series: the latest figure, the change against the previous window with its
 * significance (counts only), control limits, and the target. Pure: the service supplies the series.
 */
import { controlLimits, formatP, judge, poissonRateTest, POISSON_METHOD, type ControlLimits, type Rag } from './stats.js';
import { periodLabel, spanLabel } from './periods.js';
import type { Frequency, PolarityKey, TargetKind } from './schema.js';
import { formatNumber } from '../../platform/format.js';

export interface SeriesPoint {
  period: string;
  /** The figure shown (a count, a rate per 1,000 or an entered value). */
  value: number;
  /** The underlying count of events, when the figure is a count or a rate of counts. */
  count?: number;
}

export interface MeasureShape {
  polarity: PolarityKey;
  frequency: Frequency;
  targetKind: TargetKind;
  targetValue: number | null;
  baselineFrom: string | null;
  baselineTo: string | null;
  unit: string;
}

export interface Evaluation {
  latest?: SeriesPoint & { label: string };
  /** Comparison of the latest window with the one before (counts only). */
  change?: {
    window: number;
    currentFrom: string;
    currentTo: string;
    previousFrom: string;
    previousTo: string;
    current: number;
    previous: number;
    percent: number;
    pValue: number;
    pText: string;
    rateRatio: number;
    method: string;
    label: string;
    significant: boolean;
  };
  notTestedReason?: string;
  limits?: ControlLimits;
  target?: { text: string; met: boolean | null; value: number | null; current: number | null };
  rag: Rag;
  ragLabel: string;
}

const RAG_WORDS: Record<Rag, string> = { green: 'Improving', amber: 'No significant change', red: 'Worsening', grey: 'Not assessed' };

function sum(xs: number[]) {
  return xs.reduce((a, b) => a + b, 0);
}
function round(n: number, d = 1) {
  const f = 10 ** d;
  return Math.round(n * f) / f;
}

export function evaluate(m: MeasureShape, series: SeriesPoint[], isCount: boolean): Evaluation {
  const points = series.filter((p) => Number.isFinite(p.value));
  const out: Evaluation = { rag: 'grey', ragLabel: RAG_WORDS.grey };
  if (!points.length) {
    out.notTestedReason = 'There are no figures yet.';
    return out;
  }
  const last = points[points.length - 1];
  out.latest = { ...last, label: periodLabel(m.frequency, last.period) };
  out.limits = m.frequency === 'monthly' ? monthlyLimits(points, isCount) : undefined;

  // Significance of the change: the latest window of counts against the window before it.
  const perYear = m.frequency === 'monthly' ? 12 : m.frequency === 'quarterly' ? 4 : 1;
  const window = Math.min(perYear, Math.floor(points.length / 2));
  if (!isCount) {
    out.notTestedReason = 'These figures are not counts of events, so the Poisson test does not apply; the control limits show unusual variation.';
  } else if (window < 1) {
    out.notTestedReason = 'At least two periods are needed to test a change.';
  } else {
    const cur = points.slice(-window);
    const prev = points.slice(-2 * window, -window);
    const x1 = sum(cur.map((p) => p.count ?? p.value));
    const x2 = sum(prev.map((p) => p.count ?? p.value));
    const test = poissonRateTest(x1, window, x2, window);
    const comparison =
      window === perYear && m.frequency !== 'annual'
        ? `the same ${m.frequency === 'monthly' ? '12 months' : '4 quarters'} last year`
        : window === 1
          ? `the ${m.frequency === 'annual' ? 'year' : m.frequency === 'quarterly' ? 'quarter' : 'month'} before`
          : `the previous ${window} ${m.frequency === 'monthly' ? 'months' : 'quarters'}`;
    const j = judge(test.pValue, test.rateRatio, m.polarity, comparison);
    out.change = {
      window,
      currentFrom: cur[0].period,
      currentTo: cur[cur.length - 1].period,
      previousFrom: prev[0].period,
      previousTo: prev[prev.length - 1].period,
      current: x1,
      previous: x2,
      percent: x2 > 0 ? round(((x1 - x2) / x2) * 100) : NaN,
      pValue: test.pValue,
      pText: formatP(test.pValue),
      rateRatio: test.rateRatio,
      method: `${POISSON_METHOD}, α = 0.05: ${x1.toLocaleString('en-GB')} events in ${window} ${m.frequency === 'monthly' ? 'months' : 'periods'} against ${x2.toLocaleString('en-GB')}`,
      label: j.label,
      significant: j.significant,
    };
    out.rag = j.rag;
    out.ragLabel = j.significant ? (j.rag === 'green' ? 'Significantly better' : 'Significantly worse') : RAG_WORDS.amber;
  }

  out.target = targetStatus(m, points);
  if (!isCount && out.target.met !== null) {
    out.rag = out.target.met ? 'green' : 'red';
    out.ragLabel = out.target.met ? 'Meeting target' : 'Not meeting target';
  }
  return out;
}

/**
 * Counts get a c-chart (σ = √mean) when they vary as a Poisson process would. Monthly crime
 * counts are often over-dispersed (seasons, operations), and then c-chart limits are so narrow
 * that most months look "special": when the moving-range σ is more than 1.5 × √mean, the XmR
 * chart is used instead and the page says why.
 */
export function monthlyLimits(points: SeriesPoint[], isCount: boolean): ControlLimits | undefined {
  const counts = points.map((p) => (isCount && p.count !== undefined ? p.count : p.value));
  if (!isCount) return controlLimits(counts, 'xmr');
  const c = controlLimits(counts, 'c-chart');
  const x = controlLimits(counts, 'xmr');
  if (!c || !x) return c;
  const sigmaC = (c.upper - c.centre) / 3;
  const sigmaX = (x.upper - x.centre) / 3;
  if (sigmaX > 1.5 * sigmaC) {
    return {
      ...x,
      lower: Math.max(0, x.lower),
      outside: counts.flatMap((v, i) => (v > x.upper || v < Math.max(0, x.lower) ? [i] : [])),
      description: `${x.description}; used instead of a c-chart because the counts vary more than a Poisson process would (moving-range σ ${sigmaX.toFixed(1)} against √mean ${sigmaC.toFixed(1)})`,
    };
  }
  return c;
}

function inBaseline(m: MeasureShape, p: SeriesPoint) {
  return m.baselineFrom && m.baselineTo && p.period >= m.baselineFrom && p.period <= m.baselineTo;
}

function fmt(n: number) {
  return formatNumber(n, 2);
}

/** Where the measure stands against its target. */
export function targetStatus(m: MeasureShape, points: SeriesPoint[]): NonNullable<Evaluation['target']> {
  const better = (a: number, b: number) => (m.polarity === 'lower' ? a <= b : a >= b);
  const base = points.filter((p) => inBaseline(m, p));
  const baseLabel =
    m.baselineFrom && m.baselineTo ? (m.frequency === 'monthly' ? spanLabel(m.baselineFrom, m.baselineTo) : `${m.baselineFrom} to ${m.baselineTo}`) : '';
  const latest = points[points.length - 1];
  if (m.targetKind === 'reach') {
    if (m.targetValue === null) return { text: 'No target value set.', met: null, value: null, current: null };
    const met = better(latest.value, m.targetValue);
    return {
      text: `Target: ${m.polarity === 'lower' ? 'at or below' : 'at or above'} ${fmt(m.targetValue)} ${m.unit}. Latest: ${fmt(latest.value)}.`,
      met,
      value: m.targetValue,
      current: latest.value,
    };
  }
  if (!base.length) {
    return {
      text:
        m.targetKind === 'direction'
          ? `Aim: ${m.polarity === 'lower' ? 'lower' : 'higher'} is better. No baseline figures.`
          : 'No baseline figures to measure the target against.',
      met: null,
      value: null,
      current: null,
    };
  }
  // Compare like with like: the mean of the baseline periods against the mean of as many latest periods.
  const recent = points.slice(-base.length);
  const baseMean = sum(base.map((p) => p.value)) / base.length;
  const recentMean = sum(recent.map((p) => p.value)) / recent.length;
  if (m.targetKind === 'reduce-by') {
    const pct = m.targetValue ?? 0;
    const goal = baseMean * (1 - pct / 100);
    return {
      text: `Target: ${fmt(pct)}% below the baseline (${baseLabel}, average ${fmt(baseMean)} a period), so ${fmt(goal)} or fewer. Latest ${recent.length} periods average ${fmt(recentMean)}.`,
      met: recentMean <= goal,
      value: goal,
      current: recentMean,
    };
  }
  return {
    text: `Aim: ${m.polarity === 'lower' ? 'lower' : 'higher'} than the baseline (${baseLabel}, average ${fmt(baseMean)} a period). Latest ${recent.length} periods average ${fmt(recentMean)}.`,
    met: recentMean === baseMean ? false : better(recentMean, baseMean),
    value: baseMean,
    current: recentMean,
  };
}
