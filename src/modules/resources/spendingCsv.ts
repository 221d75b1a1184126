import { z } from 'zod';
import { isIsoDate } from '../../platform/dates.js';
import { csvHeader, ImportRefused, readCsv, type CsvRow, type ImportProblem } from '../../platform/importKit.js';
import { parsePounds } from './money.js';

export const SPENDING_COLUMNS = ['reference', 'paid_on', 'supplier', 'description', 'category', 'amount'] as const;

export interface SpendingRow {
  reference: string;
  paidOn: string;
  supplier: string;
  description: string;
  category: string;
  amountPence: number;
}

/** What the refusal says was not done. */
const NOTHING = 'nothing was imported';

const text = (empty: string, max: number, tooLong: string) => z.string().min(1, empty).max(max, tooLong);

/** One spending line, with the messages people see. */
const spendingRow = z
  .object({
    reference: text('Enter a transaction reference', 100, 'The reference must be 100 characters or fewer'),
    paid_on: z.string().refine(isIsoDate, { message: 'Enter the date paid as YYYY-MM-DD, for example 2025-04-01' }),
    supplier: text('Enter the supplier', 300, 'The supplier must be 300 characters or fewer'),
    description: text('Enter a description', 1000, 'The description must be 1000 characters or fewer'),
    category: text('Enter a category', 200, 'The category must be 200 characters or fewer'),
    amount: z
      .string()
      .transform((v) => parsePounds(v))
      .refine((v): v is number => v !== undefined, { message: 'Enter the amount in pounds, for example 1234.56' }),
  })
  .transform((r): SpendingRow => ({
    reference: r.reference,
    paidOn: r.paid_on,
    supplier: r.supplier,
    description: r.description,
    category: r.category,
    amountPence: r.amount,
  }));

/** The same columns unchecked: where each reference is, to find one used twice. */
const anyRow = z.object(Object.fromEntries(SPENDING_COLUMNS.map((c) => [c, z.string()]))).transform((r) => ({ reference: String(r.reference ?? '') }));

const spec = (maxRows: number) => ({ columns: SPENDING_COLUMNS, required: SPENDING_COLUMNS, unknownColumns: 'ignore' as const, maxRows });

/** A reference given on an earlier line too: each is a problem at the reference column. */
function duplicates(rows: CsvRow<{ reference: string }>[], column: number): ImportProblem[] {
  const seen = new Map<string, number>();
  const problems: ImportProblem[] = [];
  for (const { line, value } of rows) {
    const { reference } = value;
    if (!reference || reference.length > 100) continue;
    const first = seen.get(reference);
    if (first !== undefined) problems.push({ line, column, field: 'reference', message: `The reference ${reference} is already on line ${first}` });
    else seen.set(reference, line);
  }
  return problems;
}

/**
 * Reads a CSV of spending lines (header row with SPENDING_COLUMNS, any order, extra columns
 * ignored) with the import kit. Every problem is reported with its line and column; any problem
 * refuses the whole file. The amount is in pounds ("1,234.56" or "£1234.56").
 */
export function parseSpendingCsv(csv: string, maxRows = 100_000): SpendingRow[] {
  if (!csv.replace(/^\uFEFF/, '').trim()) throw new ImportRefused([{ line: 1, column: 1, field: 'file', message: 'The file is empty' }], NOTHING);
  let rows: CsvRow<SpendingRow>[];
  try {
    rows = readCsv(csv, { ...spec(maxRows), row: spendingRow });
  } catch (e) {
    if (!(e instanceof ImportRefused)) throw e;
    const header = e.problems.some((p) => p.line > 1 || p.field) ? csvHeader(csv) : [];
    const problems = e.problems.map((p) =>
      // A missing column, as people have always been told it: at the end of the header.
      p.line === 1 && p.field && !p.column ? { ...p, column: header.length + 1, message: `The header row has no "${p.field}" column` } : p,
    );
    // A refused row: references used twice are reported with the other problems.
    if (problems.some((p) => p.line > 1)) problems.push(...duplicates(readCsv(csv, { ...spec(maxRows), row: anyRow }), header.indexOf('reference') + 1));
    throw new ImportRefused(problems, NOTHING);
  }
  const twice = duplicates(rows, csvHeader(csv).indexOf('reference') + 1);
  if (twice.length) throw new ImportRefused(twice, NOTHING);
  return rows.map((r) => r.value);
}
