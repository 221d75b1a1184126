import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { isIsoDate } from '../../platform/dates.js';
import { parseStatus } from './statuses.js';
import { UPDATE_STATES } from './schema.js';

/** One problem in an imported file: where it is and what is wrong. */
export interface CsvError {
  line: number;
  column?: number;
  field?: string;
  message: string;
}

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

export class CsvInvalid extends Error {
  constructor(public readonly errors: CsvError[]) {
    super(`The file has ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}; nothing was saved`);
    this.name = 'CsvInvalid';
  }
}

export function describeCsvError(e: CsvError): string {
  return `Line ${e.line}${e.column ? `, column ${e.column}${e.field ? ` (${e.field})` : ''}` : ''}: ${e.message}`;
}

interface RawRow {
  line: number;
  get(name: string): string;
  col(name: string): number;
}

/** Parses CSV text with a header; checks the required columns; gives each record its line. */
function readRows(text: string, columns: readonly string[], required: readonly string[]): { rows: RawRow[]; errors: CsvError[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Cast: with `info: true` csv-parse gives `{ record, info }` per record; its types say string[][].
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as never;
  } catch (e) {
    // Cast: csv-parse throws its CsvError, which carries the line it stopped on.
    const err = e as { lines?: number; message: string };
    return { rows: [], errors: [{ line: err.lines ?? 1, message: `The file is not valid CSV: ${err.message}` }] };
  }
  if (!records.length) return { rows: [], errors: [{ line: 1, message: 'The file is empty: it needs a header line' }] };
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const errors: CsvError[] = [];
  header.forEach((h, i) => {
    if (h && !columns.includes(h)) errors.push({ line: 1, column: i + 1, field: h, message: `Unknown column "${h}"; the columns are ${columns.join(', ')}` });
  });
  for (const r of required) if (!header.includes(r)) errors.push({ line: 1, message: `The column "${r}" is missing` });
  if (errors.length) return { rows: [], errors };
  const rows: RawRow[] = [];
  let prevEnd = records[0].info.lines;
  for (const { record, info } of records.slice(1)) {
    const line = prevEnd + 1;
    prevEnd = info.lines;
    if (record.every((v) => v.trim() === '')) continue;
    rows.push({
      line,
      get: (name) => (record[header.indexOf(name)] ?? '').trim(),
      col: (name) => header.indexOf(name) + 1,
    });
  }
  return { rows, errors: [] };
}

const list = (v: string) =>
  v
    .split(/[;|]/)
    .map((x) => x.trim())
    .filter(Boolean);

function checkCommon(r: RawRow, errors: CsvError[], opts: { statusField: string; progressField: string }) {
  const err = (field: string, message: string) => errors.push({ line: r.line, column: r.col(field), field, message });
  const statusRaw = r.get(opts.statusField);
  const status = statusRaw ? parseStatus(statusRaw) : 'not-started';
  if (!status) err(opts.statusField, `"${statusRaw}" is not a status`);
  const progressRaw = r.get(opts.progressField);
  const progress = progressRaw === '' ? 0 : Number(progressRaw.replace(/%$/, ''));
  if (!Number.isInteger(progress) || progress < 0 || progress > 100)
    err(opts.progressField, `Progress must be a whole number from 0 to 100, not "${progressRaw}"`);
  return { status: status ?? 'not-started', progress: Number.isInteger(progress) ? progress : 0 };
}

export function parseActionsCsv(text: string): { rows: ActionRow[]; errors: CsvError[] } {
  const { rows: raw, errors } = readRows(text, ACTION_COLUMNS, ['reference', 'title', 'priority']);
  if (errors.length) return { rows: [], errors };
  const rows: ActionRow[] = [];
  const seen = new Map<string, number>();
  for (const r of raw) {
    const err = (field: string, message: string) => errors.push({ line: r.line, column: r.col(field), field, message });
    const reference = r.get('reference');
    if (!reference) err('reference', 'Enter a reference');
    else if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/.test(reference)) err('reference', `"${reference}" is not a valid reference (letters, digits, . _ -)`);
    else if (seen.has(reference)) err('reference', `The reference ${reference} is already used on line ${seen.get(reference)}`);
    else seen.set(reference, r.line);
    const title = r.get('title');
    if (!title) err('title', 'Enter a title');
    else if (title.length > 500) err('title', 'The title must be 500 characters or fewer');
    if (!r.get('priority')) err('priority', 'Enter the reference of the priority the action serves');
    for (const f of ['start_date', 'due_date'] as const) {
      const v = r.get(f);
      if (v && !isIsoDate(v)) err(f, `"${v}" is not a date; use YYYY-MM-DD, for example 2025-04-01`);
    }
    if (r.get('start_date') && r.get('due_date') && isIsoDate(r.get('start_date')) && isIsoDate(r.get('due_date')) && r.get('due_date') < r.get('start_date')) {
      err('due_date', 'The due date must be on or after the start date');
    }
    const weightRaw = r.get('weight');
    const weight = weightRaw === '' ? null : Number(weightRaw);
    if (weight !== null && (!Number.isFinite(weight) || weight <= 0)) err('weight', `The weight must be a number greater than 0, not "${weightRaw}"`);
    const email = r.get('owner_email');
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) err('owner_email', `"${email}" is not an email address`);
    const areaCodes = list(r.get('area_codes'));
    for (const c of areaCodes) if (!/^[EWSN]\d{8}$/.test(c)) err('area_codes', `"${c}" is not an ONS code (like E06000001)`);
    const { status, progress } = checkCommon(r, errors, { statusField: 'status', progressField: 'progress' });
    rows.push({
      line: r.line,
      reference,
      title,
      description: r.get('description') || null,
      priority: r.get('priority'),
      commitment: r.get('commitment') || null,
      ownerEmail: email ? email.toLowerCase() : null,
      leadOrganisation: r.get('lead_organisation') || null,
      startDate: r.get('start_date') || null,
      dueDate: r.get('due_date') || null,
      weight: weight !== null && Number.isFinite(weight) ? weight : null,
      status,
      progress,
      areaCodes,
      measureLinks: list(r.get('measure_links')),
    });
  }
  return { rows, errors };
}

export function parseUpdatesCsv(text: string): { rows: UpdateRow[]; errors: CsvError[] } {
  const { rows: raw, errors } = readRows(text, UPDATE_COLUMNS, ['action_reference', 'reference', 'as_of', 'narrative']);
  if (errors.length) return { rows: [], errors };
  const rows: UpdateRow[] = [];
  const seen = new Map<string, number>();
  for (const r of raw) {
    const err = (field: string, message: string) => errors.push({ line: r.line, column: r.col(field), field, message });
    const actionReference = r.get('action_reference');
    if (!actionReference) err('action_reference', 'Enter the reference of the action');
    const reference = r.get('reference');
    if (!reference) err('reference', 'Enter a reference for the update');
    const key = `${actionReference}/${reference}`;
    if (reference && seen.has(key)) err('reference', `The update ${reference} of ${actionReference} is already on line ${seen.get(key)}`);
    else seen.set(key, r.line);
    const asOf = r.get('as_of');
    if (!asOf) err('as_of', 'Enter the date of the update');
    else if (!isIsoDate(asOf)) err('as_of', `"${asOf}" is not a date; use YYYY-MM-DD, for example 2025-04-01`);
    const narrative = r.get('narrative');
    if (!narrative) err('narrative', 'Enter what has been done');
    const { status, progress } = checkCommon(r, errors, { statusField: 'status', progressField: 'progress' });
    const stateRaw = r.get('state').toLowerCase() || 'pending';
    const state = UPDATE_STATES.find((s) => s === stateRaw);
    if (!state) err('state', `The state must be pending, approved or rejected, not "${stateRaw}"`);
    const evidenceLinks = list(r.get('evidence_links'));
    for (const l of evidenceLinks) if (!/^https?:\/\/\S+$/.test(l)) err('evidence_links', `"${l}" is not a web address starting with http:// or https://`);
    const rejectionReason = r.get('rejection_reason') || null;
    if (stateRaw === 'rejected' && !rejectionReason) err('rejection_reason', 'Give the reason a rejected update was rejected');
    rows.push({
      line: r.line,
      actionReference,
      reference,
      asOf,
      narrative,
      status,
      progress,
      evidenceLinks,
      state: state ?? 'pending',
      rejectionReason,
    });
  }
  return { rows, errors };
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
