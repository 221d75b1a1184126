import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { dispositionOf } from './download.js';

/**
 * Open data registers: one flat record per row, written the same way as JSON (`{ data }`) and
 * as CSV, and described once for the OpenAPI document. Every module's register uses these, so
 * every CSV is written alike and no text cell can run as a spreadsheet formula.
 */

/** A text cell a spreadsheet will not run as a formula (OWASP CSV injection): a leading ' is added. */
export function csvText(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return csvText(v.map((x) => String(x ?? '')).join('; '));
  return csvText(String(v));
}

/** Records as CSV with a header (the keys of the first record, or `columns`); lists are joined with "; ". */
export function recordsToCsv(rows: Record<string, unknown>[], columns?: readonly string[]): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  if (!cols.length) return '';
  return stringify(
    rows.map((r) => cols.map((c) => cell(r[c]))),
    { header: true, columns: [...cols] },
  );
}

/** Sends records as a CSV download named `<name>.csv`. */
export function sendRecordsCsv(reply: FastifyReply, name: string, rows: Record<string, unknown>[], columns?: readonly string[]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', dispositionOf(`${name}.csv`))
    .send(recordsToCsv(rows, columns));
}

const FIELD_TYPES = ['string', 'date', 'integer', 'number', 'boolean', 'string[]', 'uri'] as const;
type FieldType = (typeof FIELD_TYPES)[number];
/** A field of a register: its type (`?` on the end: may be null) and what it means. */
export type FieldSpec = [type: `${FieldType}` | `${FieldType}?`, description: string];

function fieldSchema([type, description]: FieldSpec) {
  const nullable = type.endsWith('?');
  const bare = nullable ? type.slice(0, -1) : type;
  const base = FIELD_TYPES.find((f) => f === bare);
  const t = (name: string) => (nullable ? [name, 'null'] : name);
  switch (base) {
    case 'date':
      return { type: t('string'), format: 'date', description };
    case 'uri':
      return { type: t('string'), format: 'uri-reference', description };
    case 'string[]':
      return { type: t('array'), items: { type: 'string' }, description };
    default:
      return { type: t(bare), description };
  }
}

/** The JSON schema of one record of a register. */
export function recordSchema(fields: Record<string, FieldSpec>) {
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, fieldSchema(f)])),
    required: Object.keys(fields),
  } as const;
}

/** The response schema of a register's JSON: `{ data: [record] }` (extra keys are never sent). */
export function registerResponse(fields: Record<string, FieldSpec>, description: string) {
  return { 200: { description, type: 'object', properties: { data: { type: 'array', items: recordSchema(fields) } }, required: ['data'] } };
}

/** The response of a register's CSV, for the OpenAPI document. */
export function csvResponse(description: string) {
  return { 200: { description, content: { 'text/csv': { schema: { type: 'string' } } } } };
}
