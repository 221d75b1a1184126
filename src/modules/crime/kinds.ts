import type { ImportProblem } from '../../platform/importKit.js';
import type { CrimeKind } from './months.js';

/** The columns street and outcomes files share: the crime, when, who recorded it and where. */
const LOCATED_CRIME: [header: string, column: string][] = [
  ['Crime ID', 'crime_id'],
  ['Month', 'month'],
  ['Reported by', 'reported_by'],
  ['Falls within', 'falls_within'],
  ['Longitude', 'longitude'],
  ['Latitude', 'latitude'],
  ['Location', 'location'],
  ['LSOA code', 'lsoa_code'],
  ['LSOA name', 'lsoa_name'],
];

/** The columns of each police.uk file kind, in file order, with the staging column each loads into. */
export const KIND_COLUMNS: Record<CrimeKind, [header: string, column: string][]> = {
  street: [...LOCATED_CRIME, ['Crime type', 'crime_type'], ['Last outcome category', 'last_outcome'], ['Context', 'context']],
  outcomes: [...LOCATED_CRIME, ['Outcome type', 'outcome_type']],
  'stop-and-search': [
    ['Type', 'type'],
    ['Date', 'date'],
    ['Part of a policing operation', 'part_of_operation'],
    ['Policing operation', 'policing_operation'],
    ['Latitude', 'latitude'],
    ['Longitude', 'longitude'],
    ['Gender', 'gender'],
    ['Age range', 'age_range'],
    ['Self-defined ethnicity', 'self_defined_ethnicity'],
    ['Officer-defined ethnicity', 'officer_defined_ethnicity'],
    ['Legislation', 'legislation'],
    ['Object of search', 'object_of_search'],
    ['Outcome', 'outcome'],
    ['Outcome linked to object of search', 'outcome_linked'],
    ['Removal of more than just outer clothing', 'removal'],
  ],
};

/** Where a column of the kind's files is: its place (1 = first) and its header. */
export function columnAt(kind: CrimeKind, header: string): Pick<ImportProblem, 'column' | 'field'> {
  const i = KIND_COLUMNS[kind].findIndex(([h]) => h === header);
  return { column: i >= 0 ? i + 1 : undefined, field: header };
}

/** Checks a header line against the kind's columns; returns the problem or undefined. */
export function headerProblem(kind: CrimeKind, header: string | undefined): ImportProblem | undefined {
  if (!header) return { line: 1, message: 'The file is empty (no header row)' };
  const got = header.split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  const want = KIND_COLUMNS[kind].map(([h]) => h.toLowerCase());
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (got[i] !== want[i]) {
      return {
        line: 1,
        column: i + 1,
        field: want[i] ? KIND_COLUMNS[kind][i][0] : undefined,
        message: want[i]
          ? `Column ${i + 1} of the header should be "${KIND_COLUMNS[kind][i][0]}" (a police.uk ${kind} file) but is "${got[i] ?? ''}"`
          : `Unexpected extra column "${got[i]}"`,
      };
    }
  }
  return undefined;
}
