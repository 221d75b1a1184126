import { getTableColumns, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/** A row's values, each given or a placeholder filled when a prepared statement runs. */
export type RowValues<T extends PgTable> = { [K in keyof T['$inferInsert']]: T['$inferInsert'][K] | Placeholder };

/**
 * `insert into <table> (<columns>) select <values> <tail>`: one row, written so that it can be
 * part of a bigger statement and made conditional by its tail (`from r` after a data-modifying
 * CTE `r`, or `where exists (...)`). Values (or placeholders' values) are encoded as Drizzle
 * encodes them for those columns (JSON for jsonb, ISO strings for timestamps; null stays SQL null)
 * and cast to the columns' types.
 */
export function insertSelect<T extends PgTable>(table: T, values: RowValues<T>, tail: SQL = sql``): SQL {
  const columns = getTableColumns(table);
  const row: Record<string, unknown> = Object.fromEntries(Object.entries(values));
  const keys = Object.keys(row).filter((k) => row[k] !== undefined);
  for (const k of keys) if (!columns[k]) throw new Error(`${k} is not a column of the table`);
  const names = sql.join(
    keys.map((k) => sql.identifier(columns[k].name)),
    sql`, `,
  );
  const exprs = sql.join(
    keys.map((k) => {
      const column = columns[k];
      const encoder = { mapToDriverValue: (v: unknown) => (v === null || v === undefined ? null : column.mapToDriverValue(v)) };
      return sql`${sql.param(row[k], encoder)}::${sql.raw(column.getSQLType())}`;
    }),
    sql`, `,
  );
  return sql`insert into ${table} (${names}) select ${exprs} ${tail}`;
}
