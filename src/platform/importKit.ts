import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isIsoDate } from './dates.js';

/**
 * One import kit for every file a person brings in (ADR 0020): one problem type, one refusal, and
 * a CSV reader that checks the header and every row with a zod schema. An import that finds any
 * problem saves nothing and reports every problem with its line and column.
 */

/** One problem in an imported file: where it is and what is wrong. */
export interface ImportProblem {
  /** The line (the header is line 1); 0 for the file as a whole (its name, what importing it would do). */
  line: number;
  column?: number;
  field?: string;
  message: string;
}

/** The file was refused: nothing was saved. `problems` are in file order. */
export class ImportRefused extends Error {
  readonly problems: ImportProblem[];
  constructor(problems: ImportProblem[], nothing = 'nothing was saved') {
    const sorted = sortProblems(problems);
    super(`The file has ${sorted.length} ${sorted.length === 1 ? 'problem' : 'problems'}; ${nothing}`);
    this.name = 'ImportRefused';
    this.problems = sorted;
  }
}

/** "Line 4, column 2 (title): Enter a title"; a problem of the file as a whole (line 0) is its message. */
export function describeProblem(p: ImportProblem): string {
  if (p.line <= 0) return p.message;
  const where = p.column ? `, column ${p.column}${p.field ? ` (${p.field})` : ''}` : p.field ? ` (${p.field})` : '';
  return `Line ${p.line}${where}: ${p.message}`;
}

export function sortProblems<P extends ImportProblem>(problems: P[]): P[] {
  return [...problems].sort((a, b) => a.line - b.line || (a.column ?? 1e9) - (b.column ?? 1e9));
}

/** The problems as problem+json members (RFC 9457 extension `errors`). */
export const problemsJson = (problems: ImportProblem[]) =>
  problems.map((p) => ({ line: p.line, column: p.column ?? null, field: p.field ?? null, message: p.message }));

/** A header name as the kit compares it: trimmed, lower case, spaces as underscores. */
export const headerName = (h: string) => h.trim().toLowerCase().replace(/\s+/g, '_');

export interface CsvSpec<S extends z.ZodType> {
  /** Every column the file may have (as `headerName` gives them). */
  columns: readonly string[];
  /** The columns the file must have. */
  required: readonly string[];
  /** Checks one row, given `{ column: cell text, trimmed }` for every known column ('' when absent). */
  row: S;
  /** A column the kit does not know: refused (default) or ignored. */
  unknownColumns?: 'refuse' | 'ignore';
  /** At most this many rows. */
  maxRows?: number;
  /** A row with more cells than the header: ignored (default) or refused. */
  extraCells?: 'refuse' | 'ignore';
}

export interface CsvRow<T> {
  /** The line the row starts on (the header is line 1). */
  line: number;
  value: T;
}

/** One CSV record: its cells, and the line it starts on (the first line is 1). */
export interface CsvRecord {
  line: number;
  record: string[];
}

/**
 * The records of CSV text (a byte-order mark is dropped, empty lines are skipped), each with the
 * line it starts on, for a file the kit's column list does not fit (geography files are recognised
 * by their columns). Text that is not CSV throws `ImportRefused` naming the line csv-parse stopped on.
 * `relaxColumnCount: false` refuses a record with more or fewer cells than the first.
 */
export function csvRecords(text: string, options: { relaxColumnCount?: boolean } = {}): CsvRecord[] {
  type Info = { lines: number; empty_lines: number };
  let parsed: { record: string[]; info: Info }[];
  try {
    // Cast: with `info: true` csv-parse gives `{ record, info }` per record; its types say string[][].
    parsed = parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: options.relaxColumnCount ?? true,
      skip_empty_lines: true,
    }) as unknown as typeof parsed;
  } catch (e) {
    const line = e instanceof CsvError && typeof e.lines === 'number' ? e.lines : 1;
    throw new ImportRefused([{ line, message: `The file is not valid CSV: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  const records: CsvRecord[] = new Array(parsed.length);
  let previous: Info = { lines: 0, empty_lines: 0 };
  for (let i = 0; i < parsed.length; i++) {
    const { record, info } = parsed[i];
    records[i] = { line: previous.lines + 1 + (info.empty_lines - previous.empty_lines), record };
    previous = info;
  }
  return records;
}

/** The header's names as the kit compares them (`headerName`); none for an empty file. */
export function csvHeader(text: string): string[] {
  try {
    const [first]: string[][] = parse(text.replace(/^\uFEFF/, ''), { to_line: 1, relax_column_count: true, skip_empty_lines: true });
    return (first ?? []).map(headerName);
  } catch {
    return [];
  }
}

/** What `checkCsv` found: the rows the schema accepted, and every problem (none when the file is good). */
export interface CsvCheck<T> {
  rows: CsvRow<T>[];
  /** Every row's trimmed cells by column, accepted or not: for checks across rows (a key used twice). */
  cells: CsvRow<Record<string, string>>[];
  problems: ImportProblem[];
  /** The column (1 = first) where the file has `field`, if it has it. */
  columnOf(field: string): number | undefined;
  /** A problem at `field`'s cell on `line`, for checks beyond one row (repeats, lookups). */
  problemAt(line: number, field: string, message: string): ImportProblem;
}

/**
 * Reads CSV text and checks it against `spec` without throwing: the rows the schema accepts, each
 * with its line, and every problem — not CSV, a missing or unknown column, too many rows, a cell
 * the schema refuses. For an import that adds its own checks (a reference used twice, one that must
 * exist) before refusing with all of them; `readCsv` refuses at once.
 */
export function checkCsv<S extends z.ZodType>(text: string, spec: CsvSpec<S>): CsvCheck<z.output<S>> {
  let header: string[] = [];
  const columnOf = (field: string) => {
    const i = header.indexOf(field);
    return i >= 0 ? i + 1 : undefined;
  };
  const all: CsvRow<Record<string, string>>[] = [];
  const check = (rows: CsvRow<z.output<S>>[], problems: ImportProblem[]): CsvCheck<z.output<S>> => ({
    rows,
    cells: all,
    problems,
    columnOf,
    problemAt: (line, field, message) => ({ line, column: columnOf(field), field, message }),
  });
  let records: CsvRecord[];
  try {
    records = csvRecords(text);
  } catch (e) {
    if (e instanceof ImportRefused) return check([], e.problems);
    throw e;
  }
  if (!records.length) return check([], [{ line: 1, message: 'The file is empty: it needs a header line' }]);
  header = records[0].record.map(headerName);
  const problems: ImportProblem[] = [];
  if ((spec.unknownColumns ?? 'refuse') === 'refuse')
    header.forEach((h, i) => {
      if (h && !spec.columns.includes(h))
        problems.push({ line: 1, column: i + 1, field: h, message: `Unknown column "${h}"; the columns are ${spec.columns.join(', ')}` });
    });
  for (const c of spec.required) if (!header.includes(c)) problems.push({ line: 1, field: c, message: `The column "${c}" is missing` });
  if (problems.length) return check([], problems);
  if (spec.maxRows !== undefined && records.length - 1 > spec.maxRows) return check([], [{ line: 1, message: `The file has more than ${spec.maxRows} rows` }]);

  const index = new Map(spec.columns.map((c) => [c, header.indexOf(c)]));
  const rows: CsvRow<z.output<S>>[] = [];
  for (const { record, line } of records.slice(1)) {
    if (record.every((v) => v.trim() === '')) continue;
    const cells = Object.fromEntries(spec.columns.map((c) => [c, (record[index.get(c) ?? -1] ?? '').trim()]));
    all.push({ line, value: cells });
    if (spec.extraCells === 'refuse' && record.length > header.length)
      problems.push({ line, column: header.length + 1, message: `The row has ${record.length} cells but the header has ${header.length}` });
    const result = spec.row.safeParse(cells);
    if (result.success) rows.push({ line, value: result.data });
    else
      for (const issue of result.error.issues) {
        const field = issue.path.length ? String(issue.path[0]) : undefined;
        const at = field === undefined ? -1 : (index.get(field) ?? -1);
        problems.push({ line, column: at >= 0 ? at + 1 : undefined, field, message: issue.message });
      }
  }
  return check(rows, problems);
}

/**
 * Reads CSV text and checks it against `spec` (see `checkCsv`). Returns the rows as the schema
 * parses them, each with its line; any problem throws `ImportRefused` with all of them.
 */
export function readCsv<S extends z.ZodType>(text: string, spec: CsvSpec<S>): CsvRow<z.output<S>>[] {
  const { rows, problems } = checkCsv(text, spec);
  if (problems.length) throw new ImportRefused(problems);
  return rows;
}

/** Cell checks with the messages users see: each takes the cell's trimmed text. */
export const cell = {
  text: (label: string, max = 500) =>
    z
      .string()
      .min(1, `Enter ${label}`)
      .max(max, `${capitalise(label)} must be ${max} characters or fewer`),
  optionalText: (label: string, max = 20000) =>
    z
      .string()
      .max(max, `${capitalise(label)} must be ${max} characters or fewer`)
      .transform((v) => (v === '' ? null : v)),
  isoDate: (label: string) => z.string().refine(isIsoDate, { message: `Enter ${label} as YYYY-MM-DD, for example 2025-04-01` }),
  optionalIsoDate: (label: string) =>
    z
      .string()
      .refine((v) => v === '' || isIsoDate(v), { message: `Enter ${label} as YYYY-MM-DD, for example 2025-04-01` })
      .transform((v) => (v === '' ? null : v)),
  integer: (label: string, min: number, max: number) =>
    z
      .string()
      .refine((v) => /^-?\d+$/.test(v) && Number(v) >= min && Number(v) <= max, {
        message: `${capitalise(label)} must be a whole number from ${min} to ${max}`,
      })
      .transform(Number),
  /** A list in one cell, separated by ";" or "|". */
  list: () =>
    z.string().transform((v) =>
      v
        .split(/[;|]/)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
};

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
