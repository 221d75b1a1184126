import { CsvError, parse } from 'csv-parse/sync';
import { describeProblem, ImportRefused, sortProblems, type ImportProblem } from '../../platform/importKit.js';

/** One CSV record with the line it ends on, as csv-parse gives it with `info: true`. */
export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

function isCsvRecord(x: unknown): x is CsvRecord {
  return (
    typeof x === 'object' &&
    x !== null &&
    'record' in x &&
    Array.isArray(x.record) &&
    'info' in x &&
    typeof x.info === 'object' &&
    x.info !== null &&
    'lines' in x.info &&
    typeof x.info.lines === 'number'
  );
}

/**
 * The records of a geography CSV with their lines (the kit's readCsv checks a fixed set of columns;
 * these files are recognised by theirs). Text that is not CSV is refused with csv-parse's message.
 */
export function csvRecords(text: string, fileName: string, options: { relaxColumnCount?: boolean } = {}): CsvRecord[] {
  let parsed: unknown[];
  try {
    // With `info: true` csv-parse gives `{ record, info }` per record (its types say string[][]): checked below.
    parsed = parse(text, { info: true, skip_empty_lines: true, ...(options.relaxColumnCount === false ? { relax_column_count: false } : {}) });
  } catch (e) {
    const line = e instanceof CsvError && typeof e.lines === 'number' ? e.lines : 1;
    throw refused(fileName, [{ line, message: e instanceof Error ? e.message : String(e) }]);
  }
  return parsed.filter(isCsvRecord);
}

/** The refusal of a geography file: nothing was saved from it. Its message names the file and each problem (the CLI and logs show it). */
export const refused = (fileName: string, problems: ImportProblem[]) =>
  new ImportRefused(problems, `nothing was saved from ${fileName}: ${sortProblems(problems).map(describeProblem).join('; ')}`);
