import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { isIsoDate } from '../../platform/dates.js';
import { cell, checkCsv, sortProblems, type CsvCheck, type ImportProblem } from '../../platform/importKit.js';
import { parseStatus } from './statuses.js';
import { UPDATE_STATES } from './schema.js';

export const ACTION_COLUMNS = [
  'reference',
  'title',
  'description',
  'priority',
  'commitment',
  'owner_email',
  'lead_organisation',
  'start_date',
  'due_date',
  'weight',
  'status',
  'progress',
  'area_codes',
  'measure_links',
] as const;
export const UPDATE_COLUMNS = [
  'action_reference',
  'reference',
  'as_of',
  'narrative',
  'status',
  'progress',
  'evidence_links',
  'state',
  'rejection_reason',
] as const;

export interface ActionRow {
  line: number;
  reference: string;
  title: string;
  description: string | null;
  priority: string;
  commitment: string | null;
  ownerEmail: string | null;
  leadOrganisation: string | null;
  startDate: string | null;
  dueDate: string | null;
  weight: number | null;
  status: string;
  progress: number;
  areaCodes: string[];
  measureLinks: string[];
}

export interface UpdateRow {
  line: number;
  actionReference: string;
  reference: string;
  asOf: string;
  narrative: string;
  status: string;
  progress: number;
  evidenceLinks: string[];
  state: 'pending' | 'approved' | 'rejected';
  rejectionReason: string | null;
}

/**
 * A file read with the import kit: the good rows, every problem so far, and where a problem the
 * caller finds (a priority the plan lacks, an action that is not there) goes.
 */
export type CsvImport<T> = { rows: T[] } & Pick<CsvCheck<T>, 'problems' | 'problemAt'>;

// Cells, with the messages people have always been given (each takes the cell's trimmed text).
const notADate = (v: string) => `"${v}" is not a date; use YYYY-MM-DD, for example 2025-04-01`;
const optionalDate = z
  .string()
  .refine((v) => v === '' || isIsoDate(v), { error: (i) => notADate(String(i.input)) })
  .transform((v) => v || null);
// Each cell is checked (a check, unlike a failed transform, lets the row's other checks run
// too, so every problem is reported at once) and then converted.
const status = z
  .string()
  .refine((v) => v === '' || parseStatus(v) !== undefined, { error: (i) => `"${String(i.input)}" is not a status` })
  .transform((v) => (v === '' ? undefined : parseStatus(v)) ?? 'not-started');
const percent = (v: string) => (v === '' ? 0 : Number(v.replace(/%$/, '')));
const progress = z
  .string()
  .refine((v) => Number.isInteger(percent(v)) && percent(v) >= 0 && percent(v) <= 100, {
    error: (i) => `Progress must be a whole number from 0 to 100, not "${String(i.input)}"`,
  })
  .transform(percent);
/** A list in one cell (";" or "|"), each item checked by `ok`; every bad item is a problem. */
const listOf = (ok: (item: string) => boolean, message: (item: string) => string) =>
  cell.list().superRefine((items, ctx) => {
    for (const item of items) if (!ok(item)) ctx.addIssue({ code: 'custom', message: message(item) });
  });

const actionRow = z
  .object({
    reference: z
      .string()
      .min(1, 'Enter a reference')
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/, { error: (i) => `"${String(i.input)}" is not a valid reference (letters, digits, . _ -)` }),
    title: z.string().min(1, 'Enter a title').max(500, 'The title must be 500 characters or fewer'),
    description: cell.optionalText('the description'),
    priority: z.string().min(1, 'Enter the reference of the priority the action serves'),
    commitment: cell.optionalText('the commitment reference', 500),
    owner_email: z
      .string()
      .refine((v) => v === '' || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), { error: (i) => `"${String(i.input)}" is not an email address` })
      .transform((v) => (v ? v.toLowerCase() : null)),
    lead_organisation: cell.optionalText('the lead organisation', 200),
    start_date: optionalDate,
    due_date: optionalDate,
    weight: z
      .string()
      .refine((v) => v === '' || (Number.isFinite(Number(v)) && Number(v) > 0), {
        error: (i) => `The weight must be a number greater than 0, not "${String(i.input)}"`,
      })
      .transform((v) => (v === '' ? null : Number(v))),
    status,
    progress,
    area_codes: listOf(
      (c) => /^[EWSN]\d{8}$/.test(c),
      (c) => `"${c}" is not an ONS code (like E06000001)`,
    ),
    measure_links: cell.list(),
  })
  .superRefine((r, ctx) => {
    if (r.start_date && r.due_date && r.due_date < r.start_date)
      ctx.addIssue({ code: 'custom', path: ['due_date'], message: 'The due date must be on or after the start date' });
  })
  .transform((r): Omit<ActionRow, 'line'> => ({
    reference: r.reference,
    title: r.title,
    description: r.description,
    priority: r.priority,
    commitment: r.commitment,
    ownerEmail: r.owner_email,
    leadOrganisation: r.lead_organisation,
    startDate: r.start_date,
    dueDate: r.due_date,
    weight: r.weight,
    status: r.status,
    progress: r.progress,
    areaCodes: r.area_codes,
    measureLinks: r.measure_links,
  }));

const updateRow = z
  .object({
    action_reference: z.string().min(1, 'Enter the reference of the action'),
    reference: z.string().min(1, 'Enter a reference for the update'),
    as_of: z
      .string()
      .min(1, 'Enter the date of the update')
      .refine(isIsoDate, { error: (i) => notADate(String(i.input)) }),
    narrative: z.string().min(1, 'Enter what has been done'),
    status,
    progress,
    evidence_links: listOf(
      (l) => /^https?:\/\/\S+$/.test(l),
      (l) => `"${l}" is not a web address starting with http:// or https://`,
    ),
    state: z
      .string()
      .transform((v) => v.toLowerCase() || 'pending')
      .refine((v) => UPDATE_STATES.some((s) => s === v), { error: (i) => `The state must be pending, approved or rejected, not "${String(i.input)}"` })
      .transform((v) => UPDATE_STATES.find((s) => s === v) ?? 'pending'),
    rejection_reason: cell.optionalText('the reason for rejecting it'),
  })
  .superRefine((r, ctx) => {
    if (r.state === 'rejected' && !r.rejection_reason)
      ctx.addIssue({ code: 'custom', path: ['rejection_reason'], message: 'Give the reason a rejected update was rejected' });
  })
  .transform((r): Omit<UpdateRow, 'line'> => ({
    actionReference: r.action_reference,
    reference: r.reference,
    asOf: r.as_of,
    narrative: r.narrative,
    status: r.status,
    progress: r.progress,
    evidenceLinks: r.evidence_links,
    state: r.state,
    rejectionReason: r.rejection_reason,
  }));

/** Rows (accepted or not) whose key an earlier row already has: a problem at `field` naming that line. */
function repeats(
  read: CsvCheck<unknown>,
  keyOf: (cells: Record<string, string>) => string | undefined,
  field: string,
  message: (cells: Record<string, string>, first: number) => string,
) {
  const seen = new Map<string, number>();
  const problems: ImportProblem[] = [];
  for (const { line, value } of read.cells) {
    const key = keyOf(value);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, line);
    else problems.push(read.problemAt(line, field, message(value, first)));
  }
  return problems;
}

/** Reads a delivery plan's actions (ACTION_COLUMNS; reference, title and priority required) with the import kit. */
export function parseActionsCsv(text: string): CsvImport<ActionRow> {
  const read = checkCsv(text, { columns: ACTION_COLUMNS, required: ['reference', 'title', 'priority'], row: actionRow });
  const rows = read.rows.map(({ line, value }) => ({ line, ...value }));
  const twice = repeats(
    read,
    (c) => c.reference || undefined,
    'reference',
    (c, first) => `The reference ${c.reference} is already used on line ${first}`,
  );
  return { rows, problems: sortProblems([...read.problems, ...twice]), problemAt: read.problemAt };
}

/** Reads a delivery plan's updates (UPDATE_COLUMNS; the action, reference, date and narrative required) with the import kit. */
export function parseUpdatesCsv(text: string): CsvImport<UpdateRow> {
  const read = checkCsv(text, { columns: UPDATE_COLUMNS, required: ['action_reference', 'reference', 'as_of', 'narrative'], row: updateRow });
  const rows = read.rows.map(({ line, value }) => ({ line, ...value }));
  const twice = repeats(
    read,
    (c) => (c.reference ? `${c.action_reference}\u0000${c.reference}` : undefined),
    'reference',
    (c, first) => `The update ${c.reference} of ${c.action_reference} is already on line ${first}`,
  );
  return { rows, problems: sortProblems([...read.problems, ...twice]), problemAt: read.problemAt };
}

export function toCsv(columns: readonly string[], rows: Record<string, unknown>[]): string {
  return stringify(
    rows.map((r) =>
      columns.map((c) => {
        const v = r[c];
        return Array.isArray(v) ? v.join(';') : v === null || v === undefined ? '' : String(v);
      }),
    ),
    { header: true, columns: [...columns] },
  );
}
