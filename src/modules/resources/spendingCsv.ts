import { parse } from 'csv-parse/sync';
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

export interface ImportProblem {
  line: number;
  column: number;
  field: string;
  message: string;
}

export class ImportInvalid extends Error {
  constructor(public readonly problems: ImportProblem[]) {
    super(`The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported`);
    this.name = 'ImportInvalid';
  }
}

const isRealDate = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/**
 * Reads a CSV of spending lines (header row with SPENDING_COLUMNS, any order, extra columns
 * ignored). Every problem is reported with its line and column; any problem refuses the whole
 * file. The amount is in pounds ("1,234.56" or "£1234.56").
 */
export function parseSpendingCsv(text: string, maxRows = 100_000): SpendingRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new ImportInvalid([{ line: err.lines ?? 1, column: 1, field: 'file', message: `The file is not valid CSV: ${err.message}` }]);
  }
  if (!records.length) throw new ImportInvalid([{ line: 1, column: 1, field: 'file', message: 'The file is empty' }]);
  const header = records[0].record.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const problems: ImportProblem[] = [];
  const index: Record<string, number> = {};
  for (const c of SPENDING_COLUMNS) {
    const i = header.indexOf(c);
    if (i < 0) problems.push({ line: 1, column: header.length + 1, field: c, message: `The header row has no "${c}" column` });
    else index[c] = i;
  }
  if (problems.length) throw new ImportInvalid(problems);
  if (records.length - 1 > maxRows) throw new ImportInvalid([{ line: 1, column: 1, field: 'file', message: `The file has more than ${maxRows} rows` }]);

  const rows: SpendingRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const cell = (c: (typeof SPENDING_COLUMNS)[number]) => (record[index[c]] ?? '').trim();
    const problem = (c: (typeof SPENDING_COLUMNS)[number], message: string) => problems.push({ line, column: index[c] + 1, field: c, message });
    const reference = cell('reference');
    const paidOn = cell('paid_on');
    const supplier = cell('supplier');
    const description = cell('description');
    const category = cell('category');
    const amount = cell('amount');
    if (!reference) problem('reference', 'Enter a transaction reference');
    else if (reference.length > 100) problem('reference', 'The reference must be 100 characters or fewer');
    else if (seen.has(reference)) problem('reference', `The reference ${reference} is already on line ${seen.get(reference)}`);
    else seen.set(reference, line);
    if (!isRealDate(paidOn)) problem('paid_on', 'Enter the date paid as YYYY-MM-DD, for example 2025-04-01');
    if (!supplier) problem('supplier', 'Enter the supplier');
    else if (supplier.length > 300) problem('supplier', 'The supplier must be 300 characters or fewer');
    if (!description) problem('description', 'Enter a description');
    else if (description.length > 1000) problem('description', 'The description must be 1000 characters or fewer');
    if (!category) problem('category', 'Enter a category');
    else if (category.length > 200) problem('category', 'The category must be 200 characters or fewer');
    const pence = parsePounds(amount);
    if (pence === undefined) problem('amount', 'Enter the amount in pounds, for example 1234.56');
    if (problems.length === 0 && pence !== undefined) rows.push({ reference, paidOn, supplier, description, category, amountPence: pence });
  }
  if (problems.length) throw new ImportInvalid(problems);
  return rows;
}
