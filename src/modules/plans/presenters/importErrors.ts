import type { PlanFileError } from '../planFile.js';

/** Rows for the table of problems found in an uploaded plan file. */
export function importErrorRows(errors: PlanFileError[]) {
  return errors.map((e) => ({
    place: e.path,
    location: e.line ? `line ${e.line}, column ${e.column ?? 1}` : 'whole file',
    message: e.message,
  }));
}
