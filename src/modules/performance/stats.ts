/**
 * Statistics for performance measures. Pure functions, no I/O.
 *
 * - `poissonRateTest`: the exact two-sided test for the ratio of two Poisson rates, conditional on
 *   the total (the binomial test of x1 out of x1 + x2 with p = t1 / (t1 + t2)), as R's
 *   `poisson.test(c(x1, x2), c(t1, t2))`, including R's two-sided rule: the p-value sums the
 *   probabilities of every outcome no more likely than the one observed, with a relative
 *   tolerance of 1e-7.
 * - `binomPmf` uses Catherine Loader's saddle-point algorithm ("Fast and accurate computation of
 *   binomial probabilities", 2000), the one R's dbinom uses, so large counts stay exact.
 * - `controlLimits`: a c-chart (counts: mean ± 3√mean) or an XmR chart (other figures: mean ±
 *   2.66 × mean moving range, which is mean ± 3σ with σ estimated as mean moving range / 1.128).
 */

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const LOG_FACTORIAL_SMALL: number[] = (() => {
  const out = [0];
  for (let i = 1; i <= 15; i++) out.push(out[i - 1] + Math.log(i));
  return out;
})();

/** log(n!) − ((n + ½) log n − n + ½ log 2π): the error of Stirling's approximation. */
export function stirlerr(n: number): number {
  const S0 = 1 / 12;
  const S1 = 1 / 360;
  const S2 = 1 / 1260;
  const S3 = 1 / 1680;
  const S4 = 1 / 1188;
  if (n <= 15 && Number.isInteger(n)) {
    if (n === 0) return 0; // not used (x = 0 and x = n are handled apart)
    return LOG_FACTORIAL_SMALL[n] - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  }
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** x log(x / np) + np − x, computed without cancellation when x is near np. */
export function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < Number.MIN_VALUE) return s;
    let ej = 2 * x * v;
    v = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/** P(X = x) for X ~ Binomial(n, p). */
export function binomPmf(x: number, n: number, p: number): number {
  const q = 1 - p;
  if (x < 0 || x > n || !Number.isInteger(x)) return 0;
  if (p === 0) return x === 0 ? 1 : 0;
  if (q === 0) return x === n ? 1 : 0;
  if (x === 0) {
    if (n === 0) return 1;
    return Math.exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q));
  }
  if (x === n) return Math.exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p));
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = Math.log(2 * Math.PI) + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(lc - 0.5 * lf);
}

/** Σ pmf(i) for i from `from` to `to` (inclusive). Sums outward from the point nearest the mode,
 *  where terms only shrink (the pmf is unimodal), and stops once they no longer change the sum. */
function sumPmf(from: number, to: number, n: number, p: number): number {
  if (from > to) return 0;
  const mode = Math.min(n, Math.max(0, Math.floor((n + 1) * p)));
  const start = Math.min(Math.max(mode, from), to);
  let total = 0;
  for (let i = start; i >= from; i--) {
    const t = binomPmf(i, n, p);
    total += t;
    if (i < start && t <= total * 1e-18) break;
  }
  for (let i = start + 1; i <= to; i++) {
    const t = binomPmf(i, n, p);
    total += t;
    if (t <= total * 1e-18) break;
  }
  return total;
}

/** The two-sided exact binomial test of x successes in n trials against p, as R's binom.test. */
export function binomTestTwoSided(x: number, n: number, p: number): number {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) throw new RangeError('x and n must be whole numbers with 0 ≤ x ≤ n');
  if (!(p >= 0 && p <= 1)) throw new RangeError('p must be between 0 and 1');
  if (n === 0) return 1;
  const relErr = 1 + 1e-7;
  const d = binomPmf(x, n, p);
  const m = n * p;
  if (x === m) return 1;
  let pval: number;
  if (x < m) {
    // The outcomes ≥ ceil(m) whose probability is ≤ d form an upper tail [k, n] (the pmf is unimodal).
    let lo = Math.ceil(m);
    let hi = n + 1; // first index with pmf ≤ d·relErr lies in [lo, hi]
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (binomPmf(mid, n, p) <= d * relErr) hi = mid;
      else lo = mid + 1;
    }
    pval = sumPmf(0, x, n, p) + sumPmf(lo, n, n, p);
  } else {
    // Outcomes ≤ floor(m) with probability ≤ d form a lower tail [0, k].
    let lo = -1; // last index with pmf ≤ d·relErr lies in [lo, hi]
    let hi = Math.floor(m);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (binomPmf(mid, n, p) <= d * relErr) lo = mid;
      else hi = mid - 1;
    }
    pval = sumPmf(0, lo, n, p) + sumPmf(x, n, n, p);
  }
  return Math.min(1, pval);
}

export interface PoissonTestResult {
  /** Two-sided p-value. */
  pValue: number;
  /** Estimated ratio of the rates (x1/t1) / (x2/t2); Infinity or NaN when x2 is 0. */
  rateRatio: number;
  method: string;
}

export const POISSON_METHOD = 'Exact two-sided test for the ratio of two Poisson rates (conditional binomial test, as R poisson.test)';

/** Results by their four inputs: dashboards test the same counts on every request. */
const poissonMemo = new Map<string, PoissonTestResult>();

/** Compares x1 events over exposure t1 with x2 events over exposure t2 (e.g. months, or person-years). */
export function poissonRateTest(x1: number, t1: number, x2: number, t2: number): PoissonTestResult {
  if (!(t1 > 0 && t2 > 0)) throw new RangeError('exposures must be positive');
  const key = `${x1},${t1},${x2},${t2}`;
  const hit = poissonMemo.get(key);
  if (hit) return { ...hit };
  const result = computePoissonRateTest(x1, t1, x2, t2);
  const oldest = poissonMemo.keys().next();
  if (poissonMemo.size >= 10_000 && !oldest.done) poissonMemo.delete(oldest.value);
  poissonMemo.set(key, result);
  return { ...result };
}

function computePoissonRateTest(x1: number, t1: number, x2: number, t2: number): PoissonTestResult {
  const pValue = binomTestTwoSided(x1, x1 + x2, t1 / (t1 + t2));
  return { pValue, rateRatio: x1 / t1 / (x2 / t2), method: POISSON_METHOD };
}

export const ALPHA = 0.05;

/** `neutral`: a real change in a measure with no good direction (no red or green). */
export type Rag = 'green' | 'amber' | 'red' | 'grey' | 'neutral';
/** `neither`: a measure with no good direction, such as the number of stops and searches. */
export type Polarity = 'lower' | 'higher' | 'neither';

export interface Significance {
  rag: Rag;
  /** The change in words a resident understands, e.g. "Fewer crimes than … — a real fall, not chance." */
  label: string;
  /** Two or three words for the tag beside it; they always agree with the colour. */
  short: string;
  direction: 'up' | 'down' | 'same';
  significant: boolean;
}

/**
 * Turns a test into a colour and plain English. A real change for the better → green, for the worse
 * → red, a change that could be chance → amber; a measure with no good direction is never red or
 * green (`neutral`). `noun` names what is counted ("crimes"); `comparison` the period compared with.
 */
export function judge(pValue: number, rateRatio: number, polarity: Polarity, comparison: string, noun = 'events', alpha = ALPHA): Significance {
  const direction = rateRatio > 1 ? 'up' : rateRatio < 1 ? 'down' : 'same';
  const significant = pValue < alpha && direction !== 'same';
  if (!significant) {
    const label =
      direction === 'same'
        ? `The same number of ${noun} as ${comparison}.`
        : `${direction === 'up' ? 'Slightly more' : 'Slightly fewer'} ${noun} than ${comparison}, but the difference could be chance.`;
    return { rag: 'amber', label, short: 'No real change', direction, significant };
  }
  const what =
    direction === 'up' ? `More ${noun} than ${comparison} — a real rise, not chance.` : `Fewer ${noun} than ${comparison} — a real fall, not chance.`;
  if (polarity === 'neither') return { rag: 'neutral', label: what, short: direction === 'up' ? 'Rising' : 'Falling', direction, significant };
  const better = (direction === 'down') === (polarity === 'lower');
  return {
    rag: better ? 'green' : 'red',
    label: `${what} ${better ? 'That is better.' : 'That is worse.'}`,
    short: better ? 'Getting better' : 'Getting worse',
    direction,
    significant,
  };
}

export interface ControlLimits {
  kind: 'c-chart' | 'xmr';
  description: string;
  centre: number;
  upper: number;
  lower: number;
  /** Indexes of points outside the limits (special-cause variation). */
  outside: number[];
}

/** Control limits for a monthly series: c-chart for counts, XmR for other figures. Needs ≥ 2 points. */
export function controlLimits(values: number[], kind: 'c-chart' | 'xmr'): ControlLimits | undefined {
  if (values.length < 2) return undefined;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  let sigma: number;
  let description: string;
  if (kind === 'c-chart') {
    sigma = Math.sqrt(mean);
    description = 'c-chart: mean ± 3 × √mean (counts assumed Poisson)';
  } else {
    let mr = 0;
    for (let i = 1; i < values.length; i++) mr += Math.abs(values[i] - values[i - 1]);
    mr /= values.length - 1;
    sigma = mr / 1.128;
    description = 'XmR chart: mean ± 2.66 × mean moving range (3σ, σ = mean moving range / 1.128)';
  }
  const upper = mean + 3 * sigma;
  const lower = Math.max(kind === 'c-chart' ? 0 : -Infinity, mean - 3 * sigma);
  const outside = values.flatMap((v, i) => (v > upper || v < lower ? [i] : []));
  return { kind, description, centre: mean, upper, lower: Number.isFinite(lower) ? lower : mean - 3 * sigma, outside };
}

/** A p-value for people: "p = 0.032", "p < 0.001". */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p.toFixed(3)}`;
}
