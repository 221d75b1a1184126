/**
 * Fair comparison between forces. Pure: the service supplies counts and populations.
 * Forces of different sizes are compared by rates per 1,000 residents, never by raw counts; a
 * force with no population is named and left out of the rates rather than ranked on its count.
 */

export interface ForceProfile {
  id: string;
  population: number | null;
  /** Crimes by category over the same months for every force. */
  byCategory: Map<string, number>;
}

function shares(m: Map<string, number>): Map<string, number> {
  const total = [...m.values()].reduce((a, b) => a + b, 0);
  return new Map([...m].map(([k, v]) => [k, total ? v / total : 0]));
}

/**
 * The forces most like `own` by size (population, on a log scale) and crime mix (the share of each
 * category: half the sum of the differences, 0 = the same mix, 1 = nothing in common). Only forces
 * with a population are considered; ties go by id so the choice is stable.
 */
export function mostSimilar(own: ForceProfile, others: ForceProfile[], n = 5): { id: string; distance: number }[] {
  if (!own.population) return [];
  const ownShares = shares(own.byCategory);
  return others
    .filter((o) => o.id !== own.id && o.population && o.population > 0)
    .map((o) => {
      const s = shares(o.byCategory);
      const keys = new Set([...ownShares.keys(), ...s.keys()]);
      let mix = 0;
      for (const k of keys) mix += Math.abs((ownShares.get(k) ?? 0) - (s.get(k) ?? 0));
      const size = Math.abs(Math.log(o.population! / own.population!));
      return { id: o.id, distance: Math.round((size + mix / 2) * 1e6) / 1e6 };
    })
    .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
    .slice(0, n);
}

/** Months every force has (in order). */
export function monthsInCommon(monthsOf: string[][]): string[] {
  if (!monthsOf.length) return [];
  return monthsOf.reduce((acc, ms) => {
    const set = new Set(ms);
    return acc.filter((m) => set.has(m));
  });
}

/** Per 1,000 residents, to two decimal places. */
export function perThousand(count: number, population: number): number {
  return Math.round((count / population) * 1000 * 100) / 100;
}
