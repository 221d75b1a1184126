import { CrimeQueryError } from '../crimeReads.js';
import { CRIME_DIMS, type CountsQuery, type GroupedQuery } from '../types.js';

const list = (v: unknown) =>
  (Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * What every crime API's query string has: a force (`defaultForce` when omitted), a month range
 * and the dimensions in `by`, each one of `dims`.
 */
function parseBase<D extends string>(q: Record<string, unknown>, dims: readonly D[], defaultForce?: string) {
  const isDim = (d: string): d is D => dims.some((x) => x === d);
  const asked = list(q.by);
  for (const d of asked) if (!isDim(d)) throw new CrimeQueryError('by', `"${d}" is not one of ${dims.join(', ')}`);
  const by = asked.filter(isDim);
  const str = (k: string) => {
    const v = q[k];
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const force = str('force') ?? defaultForce;
  if (force && !/^[a-z0-9-]+$/.test(force)) throw new CrimeQueryError('force', 'force must be a police.uk force slug such as cleveland');
  return { force, from: str('from'), to: str('to'), by, str };
}

/** Turns the counts API's query string into a counts query, refusing what it does not understand. */
export function parseCountsQuery(q: Record<string, unknown>): CountsQuery {
  const { str, ...base } = parseBase(q, CRIME_DIMS);
  const category = list(q.category);
  return { ...base, category: category.length ? category : undefined, area: str('area') };
}

/** The query string of the outcomes and stop-and-search APIs: one force, the area's own when omitted. */
export function parseGroupedQuery<D extends string>(q: Record<string, unknown>, dims: readonly D[], ownForce: string): GroupedQuery<D> {
  const { force, from, to, by } = parseBase(q, dims, ownForce);
  return { force: force ?? ownForce, from, to, by };
}
