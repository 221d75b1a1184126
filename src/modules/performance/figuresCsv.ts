/**
 * Parses a CSV of entered figures: `measure,period,value,note` (header required; note optional).
 * All-or-nothing: any problem refuses the whole file, each problem with its line and column.
 */
import { parse } from 'csv-parse/sync';
import { isPeriod, PERIOD_EXAMPLES } from './periods.js';
import type { Frequency, SourceKind } from './schema.js';

export interface CsvProblem {
  line: number;
  column: number | null;
  columnName?: string;
  message: string;
}
export interface FigureRow {
  line: number;
  measure: string;
  period: string;
  value: number;
  note: string | null;
}
export type ParseResult = { ok: true; rows: FigureRow[] } | { ok: false; problems: CsvProblem[] };

const COLUMNS = ['measure', 'period', 'value', 'note'] as const;

export function parseFiguresCsv(text: string, measures: Map<string, { frequency: Frequency; sourceKind: SourceKind }>): ParseResult {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Cast: with `info: true` csv-parse gives `{ record, info }` per record; its types say string[][].
    records = parse(text.replace(/^\uFEFF/, ''), { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never;
  } catch (e) {
    // Cast: csv-parse throws its CsvError, which carries the line it stopped on.
    const err = e as { lines?: number; message: string };
    return { ok: false, problems: [{ line: err.lines ?? 1, column: null, message: `The file is not valid CSV: ${err.message}` }] };
  }
  if (!records.length) return { ok: false, problems: [{ line: 1, column: null, message: 'The file is empty' }] };
  const header = records[0].record.map((h) => h.toLowerCase());
  const problems: CsvProblem[] = [];
  const index: Record<string, number> = {};
  for (const c of COLUMNS) {
    const i = header.indexOf(c);
    if (i < 0 && c !== 'note')
      problems.push({ line: records[0].info.lines, column: null, message: `The header has no "${c}" column (expected: measure,period,value,note)` });
    index[c] = i;
  }
  if (problems.length) return { ok: false, problems };
  const rows: FigureRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const cell = (c: (typeof COLUMNS)[number]) => (index[c] >= 0 ? (record[index[c]] ?? '').trim() : '');
    const problem = (c: (typeof COLUMNS)[number], message: string) => problems.push({ line, column: index[c] + 1, columnName: c, message });
    if (record.length > header.length)
      problems.push({ line, column: header.length + 1, message: `The row has ${record.length} cells but the header has ${header.length}` });
    const ref = cell('measure');
    const m = measures.get(ref);
    if (!ref) problem('measure', 'Enter the measure reference');
    else if (!m) problem('measure', `There is no measure with the reference "${ref}"`);
    else if (m.sourceKind !== 'entered') problem('measure', `The measure "${ref}" is computed from crime data; figures cannot be entered for it`);
    const period = cell('period');
    if (m && !isPeriod(m.frequency, period)) problem('period', `Enter a ${m.frequency} period like ${PERIOD_EXAMPLES[m.frequency]}`);
    const raw = cell('value').replace(/,/g, '');
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) problem('value', raw === '' ? 'Enter the value' : `"${cell('value')}" is not a number`);
    const note = index.note >= 0 ? cell('note') || null : null;
    if (note && note.length > 2000) problem('note', 'The note must be 2,000 characters or fewer');
    const key = `${ref}\u0000${period}`;
    if (m && seen.has(key)) problem('period', `The period ${period} of "${ref}" is also on line ${seen.get(key)}`);
    seen.set(key, line);
    rows.push({ line, measure: ref, period, value, note });
  }
  if (problems.length) return { ok: false, problems };
  if (!rows.length) return { ok: false, problems: [{ line: 2, column: null, message: 'The file has no rows of figures' }] };
  return { ok: true, rows };
}
