/** YYYY-MM helpers (UK months, as police.uk publishes them). */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

/** police.uk file names: YYYY-MM-<force>-<kind>.csv */
export const FILE_NAME = /^(\d{4}-\d{2})-([a-z0-9-]+?)-(street|outcomes|stop-and-search)\.csv$/;

export const CRIME_KINDS = ['street', 'outcomes', 'stop-and-search'] as const;
export type CrimeKind = (typeof CRIME_KINDS)[number];

export function parseFileName(name: string): { month: string; force: string; kind: CrimeKind } | undefined {
  const base = name.split(/[\\/]/).pop() ?? name;
  const m = FILE_NAME.exec(base);
  const kind = CRIME_KINDS.find((k) => k === m?.[3]);
  if (!m || !isMonth(m[1]) || !kind) return undefined;
  return { month: m[1], force: m[2], kind };
}
