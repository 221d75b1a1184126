import { sql } from 'drizzle-orm';
import type { Database } from '../../db/index.js';
import type { ImportProblem } from '../../platform/importKit.js';
import type { CsvChunker } from './chunker.js';

/** The code of a refusal that a confirmation (`--replace`, the page's button) overrides. */
export const NEEDS_REPLACE = 'needs-replace';

/**
 * A problem of a police.uk file: the import kit's (line, column, field, message), and `code` on the
 * one refusal a confirmation overrides (it would remove data, see replaceProblem), which the pages
 * and the CLI offer to import anyway. Stored as JSON in crime_imports.errors.
 */
export type CrimeProblem = ImportProblem & { code?: typeof NEEDS_REPLACE };

/**
 * Imports never delete by accident: a file with no rows, or one that would replace a force ×
 * month × kind with fewer than half the rows it holds now (those of its latest import), is refused
 * unless `replace` confirms it; the refusal gives the counts before and after.
 */
export async function replaceProblem(
  database: Pick<Database, 'query'>,
  f: { force: string; month: string; kind: string; rows: number; replace?: boolean },
): Promise<CrimeProblem | undefined> {
  if (f.replace) return undefined;
  const [held] = await database.query<{ rows: number }>(
    sql`select rows from crime_imports where force = ${f.force} and month = ${f.month} and kind = ${f.kind} and status = 'done' order by created_at desc limit 1`,
  );
  const before = Number(held?.rows ?? 0);
  if (f.rows > 0 && f.rows * 2 >= before) return undefined;
  const what = `${f.force} ${f.month} ${f.kind}`;
  const message =
    f.rows === 0
      ? `The file has no rows: importing it would leave ${what} with 0 rows (it holds ${before.toLocaleString('en-GB')} now).`
      : `Importing it would leave ${what} with ${f.rows.toLocaleString('en-GB')} rows instead of the ${before.toLocaleString('en-GB')} it holds now, removing more than half.`;
  return { line: 0, code: NEEDS_REPLACE, message: `${message} Nothing was changed: confirm to replace them (--replace on the command line).` };
}

/** Turns a COPY error (structure: wrong number of columns, unclosed quote) into file line and column. */
export function copyProblem(e: unknown, toRecord: (copyLine: number) => number, chunker: CsvChunker, cols: [string, string][]): ImportProblem {
  // The database's error: its message, and its `where` (the COPY line), when it has them.
  const text = (key: 'message' | 'where'): string | undefined => {
    const v: unknown = typeof e === 'object' && e !== null ? Reflect.get(e, key) : undefined;
    return typeof v === 'string' ? v : undefined;
  };
  const where = text('where') ?? '';
  const errMessage = text('message');
  const lm = /line (\d+)/.exec(where) ?? /line (\d+)/.exec(errMessage ?? '');
  const record = lm ? toRecord(Number(lm[1])) : undefined;
  const colm = /column "?([a-z_]+)"?/.exec(errMessage ?? '') ?? /column ([a-z_]+)/.exec(where);
  const header = colm ? cols.find(([, c]) => c === colm[1])?.[0] : undefined;
  let message = errMessage ?? String(e);
  const index = header ? cols.findIndex(([h]) => h === header) : -1;
  let at: Pick<ImportProblem, 'column' | 'field'> = header ? { column: index >= 0 ? index + 1 : undefined, field: header } : {};
  if (/extra data after last expected column/.test(message)) {
    message = `The row has more than the ${cols.length} columns of the header`;
    at = { column: cols.length + 1 };
  } else if (/missing data for column/.test(message)) {
    message = `The row has fewer than the ${cols.length} columns of the header (nothing for "${header}")`;
  } else if (/unterminated CSV quoted field/.test(message)) {
    message = 'A quoted field is never closed';
  } else if (header && /invalid input syntax for type numeric|numeric field overflow|value overflows numeric format/.test(message)) {
    // A street file's coordinates are staged as numbers (see stagedColumns).
    const value = /: "(.*)"$/s.exec(where.split('\n')[0] ?? '')?.[1] ?? /"(.*)"/s.exec(message)?.[1] ?? '';
    message = `"${value}" is not a ${header.toLowerCase()}`;
  }
  return { line: record !== undefined ? chunker.lineOf(record) : 0, ...at, message };
}
