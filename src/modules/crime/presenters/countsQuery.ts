import { CrimeQueryError } from '../crimeReads.js';
import { CRIME_DIMS, type CountsQuery, type CrimeDim, type GroupedQuery } from '../types.js';

const list = (v: unknown) =>
  (Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Turns the API's query string into a counts query, refusing what it does not understand. */
export function parseCountsQuery(q: Record<string, unknown>): CountsQuery {
  const by = list(q.by);
  for (const d of by) if (!(CRIME_DIMS as readonly string[]).includes(d)) throw new CrimeQueryError('by', `"${d}" is not one of ${CRIME_DIMS.join(', ')}`);
  const force = typeof q.force === 'string' && q.force.trim() ? q.force.trim() : undefined;
  if (force && !/^[a-z0-9-]+$/.test(force)) throw new CrimeQueryError('force', 'force must be a police.uk force slug such as cleveland');
  const str = (k: string) => (typeof q[k] === 'string' && (q[k] as string).trim() ? (q[k] as string).trim() : undefined);
  const category = list(q.category);
  return { force, from: str('from'), to: str('to'), by: by as CrimeDim[], category: category.length ? category : undefined, area: str('area') };
}

/**
 * The query string of the outcomes and stop-and-search APIs: a force (the area's own when
 * omitted), an optional month range and the dimensions in `by`, each one of `dims`.
 */
export function parseGroupedQuery<D extends string>(q: Record<string, unknown>, dims: readonly D[], ownForce: string): GroupedQuery<D> {
  const by = list(q.by);
  for (const d of by) if (!(dims as readonly string[]).includes(d)) throw new CrimeQueryError('by', `"${d}" is not one of ${dims.join(', ')}`);
  const force = (typeof q.force === 'string' ? q.force.trim() : '') || ownForce;
  if (!/^[a-z0-9-]+$/.test(force)) throw new CrimeQueryError('force', 'force must be a police.uk force slug such as cleveland');
  const str = (k: string) => (typeof q[k] === 'string' && (q[k] as string).trim() ? (q[k] as string).trim() : undefined);
  return { force, from: str('from'), to: str('to'), by: by as D[] };
}
