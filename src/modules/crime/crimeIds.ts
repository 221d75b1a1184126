import { createHash } from 'node:crypto';

/**
 * Names of the `crime_ids` partitions (see migrations/crime/0003): the table is partitioned by
 * force (crime_ids_<12 hex of md5(force)>), each force by month (…_<YYYYMM>). The migration
 * computes the same names in SQL.
 */
export function crimeIdTables(force: string, month: string): { forceTable: string; monthTable: string } {
  const forceTable = `crime_ids_${createHash('md5').update(force).digest('hex').slice(0, 12)}`;
  return { forceTable, monthTable: `${forceTable}_${month.replace('-', '')}` };
}

/** A string as an SQL literal (for DDL, which takes no parameters). */
export function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
