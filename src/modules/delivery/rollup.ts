/**
 * The progress roll-up: a weighted mean of the progress of the actions underneath.
 *
 *   progress = Σ (weight × progress) ÷ Σ weight
 *
 * An action without a weight counts with weight 1, so when no action has a weight this is the
 * plain mean. Actions whose status leaves them out (deferred, cancelled) are not passed in.
 * No actions → no figure (null), never 0.
 */
export interface RollupItem {
  reference: string;
  progress: number;
  weight: number | null;
}

export interface Rollup {
  /** Rounded to one decimal place; null when there are no actions. */
  value: number | null;
  count: number;
  totalWeight: number;
  /** True when at least one action has its own weight. */
  weighted: boolean;
  /** The sum written out, so anyone can reproduce the figure. */
  working: string;
}

export const ROLLUP_FORMULA =
  'Progress = Σ (weight × progress) ÷ Σ weight, over the actions underneath; an action with no weight counts as 1 (so with no weights this is the plain mean); deferred and cancelled actions are left out; with no actions there is no figure.';

function fmt(n: number) {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

export function rollup(items: readonly RollupItem[]): Rollup {
  if (items.length === 0) return { value: null, count: 0, totalWeight: 0, weighted: false, working: 'No actions, so no figure.' };
  const weighted = items.some((i) => i.weight !== null && i.weight !== undefined);
  let num = 0;
  let den = 0;
  for (const i of items) {
    const w = i.weight ?? 1;
    num += w * i.progress;
    den += w;
  }
  const value = den > 0 ? Math.round((num / den) * 10) / 10 : null;
  const terms = items.map((i) => (weighted ? `${fmt(i.weight ?? 1)} × ${fmt(i.progress)}` : fmt(i.progress)));
  const working = weighted
    ? `(${terms.join(' + ')}) ÷ ${fmt(den)} = ${value === null ? 'no figure' : `${fmt(value)}%`}`
    : `(${terms.join(' + ')}) ÷ ${items.length} = ${value === null ? 'no figure' : `${fmt(value)}%`}`;
  return { value, count: items.length, totalWeight: den, weighted, working };
}
