import { csvRecords as readRecords, describeProblem, ImportRefused, sortProblems, type CsvRecord, type ImportProblem } from '../../platform/importKit.js';

export type { CsvRecord };

/**
 * The records of a geography CSV with the lines they start on, read by the import kit (its readCsv
 * checks a fixed set of columns; these files are recognised by theirs). Every record must have as
 * many cells as the header unless `relaxColumnCount`; text that is not CSV is refused naming the file.
 */
export function csvRecords(text: string, fileName: string, options: { relaxColumnCount?: boolean } = {}): CsvRecord[] {
  try {
    return readRecords(text, { relaxColumnCount: options.relaxColumnCount ?? false });
  } catch (e) {
    if (e instanceof ImportRefused) throw refused(fileName, e.problems);
    throw e;
  }
}

/** The refusal of a geography file: nothing was saved from it. Its message names the file and each problem (the CLI and logs show it). */
export const refused = (fileName: string, problems: ImportProblem[]) =>
  new ImportRefused(problems, `nothing was saved from ${fileName}: ${sortProblems(problems).map(describeProblem).join('; ')}`);
