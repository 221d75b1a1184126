import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FieldRuleError, HttpError } from './http.js';
import type { FormValues } from './typedRoutes.js';

export interface FieldError {
  /** The form field's name (and the id of its input, so the summary can link to it). */
  field: string;
  message: string;
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldError[]; values: Record<string, unknown> };

/**
 * Validates a submitted form with a zod schema. On failure the errors come back in field order,
 * one per field, with the values typed, so the page can show the GOV.UK error summary and keep
 * what the person entered.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values: Record<string, unknown> = body && typeof body === 'object' ? { ...body } : {};
  delete values._csrf;
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: toFieldErrors(result.error), values };
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: issue.message });
  }
  return errors;
}

/**
 * Runs a service call from a form: a broken rule (422, or a 400 the service raised) comes back as
 * a GOV.UK error on its field (`FieldRuleError`) or on `field`; anything else is thrown on.
 */
export async function attempt<T>(fn: () => Promise<T>, field = 'form'): Promise<{ ok: true; value: T } | { ok: false; errors: FieldError[] }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof HttpError && (e.statusCode === 422 || e.statusCode === 400))
      return { ok: false, errors: [{ field: e instanceof FieldRuleError ? e.field : field, message: e.detail ?? e.title }] };
    throw e;
  }
}

/**
 * The render-with-errors pattern of every form page in one call: check the form with its schema,
 * then run `save` with what it parsed to. On either failure the result carries the errors and the
 * values as typed, for the route to show the same page again with the GOV.UK error summary:
 *
 *     const r = await submitForm(request.body, schema, (data) => service.update(actor, id, data));
 *     if (!r.ok) return renderPage(reply, r.errors, r.values, 400);
 */
export async function submitForm<S extends z.ZodType, T>(
  body: FormValues | undefined,
  schema: S,
  save: (data: z.infer<S>) => Promise<T>,
  field = 'form',
): Promise<{ ok: true; value: T; data: z.infer<S> } | { ok: false; errors: FieldError[]; values: FormValues }> {
  const values: FormValues = { ...(body ?? {}) };
  delete values._csrf;
  const parsed = parseForm(schema, values);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, values };
  const r = await attempt(() => save(parsed.data), field);
  return r.ok ? { ok: true, value: r.value, data: parsed.data } : { ok: false, errors: r.errors, values };
}

/** Shape for govuk-frontend's errorSummary macro. */
export function errorSummaryList(errors: FieldError[]) {
  return errors.map((e) => ({ text: e.message, href: `#${e.field.replace(/\./g, '-')}` }));
}

/** Helpers for common form fields: empty strings become undefined, GOV.UK-style messages. */
export const field = {
  text: (label: string, max = 500) =>
    z
      .string({ error: `Enter ${label}` })
      .trim()
      .min(1, `Enter ${label}`)
      .max(max, `${capitalise(label)} must be ${max} characters or fewer`),
  optionalText: (label: string, max = 20000) =>
    z
      .string()
      .trim()
      .max(max, `${capitalise(label)} must be ${max} characters or fewer`)
      .optional()
      .transform((v) => (v ? v : undefined)),
  /** A checkbox list: absent → [], one value → [value]. */
  list: () =>
    z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  isoDate: (label: string) =>
    z
      .string({ error: `Enter ${label}` })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${label} as a date, for example 2025-04-01`)
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
        message: `${capitalise(label)} must be a real date`,
      }),
};

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A file read from a multipart form, held in memory until the request has been checked. */
export interface UploadedPart {
  field: string;
  name: string;
  type: string;
  data: Buffer;
}

/**
 * Reads a multipart form into memory: its fields (not the CSRF token) and its non-empty files,
 * at most `maxFiles` of at most `maxBytes` each (the route's own limits). Nothing is stored: the
 * route authorises and validates first. `tooBig`/`tooMany` say a limit was passed (the files are
 * then not returned).
 */
export async function readFiles(
  request: FastifyRequest,
  limits: { maxFiles: number; maxBytes: number },
): Promise<{ fields: Record<string, string>; files: UploadedPart[]; tooBig: boolean; tooMany: boolean }> {
  const fields: Record<string, string> = {};
  const files: UploadedPart[] = [];
  let tooBig = false;
  let tooMany = false;
  // A file over the limit fails its own read and then the reading of the parts after it.
  const overLimit = (e: unknown) => {
    const code = e instanceof Error && 'code' in e ? e.code : undefined;
    if (code === 'FST_REQ_FILE_TOO_LARGE') tooBig = true;
    else if (code === 'FST_FILES_LIMIT') tooMany = true;
    else throw e;
  };
  try {
    for await (const part of request.parts({ limits: { fileSize: limits.maxBytes, files: limits.maxFiles, fields: 100 } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer().catch((e: unknown) => overLimit(e));
        if (part.filename && data?.length && !tooBig)
          files.push({ field: part.fieldname, name: part.filename, type: part.mimetype || 'application/octet-stream', data });
      } else if (part.fieldname !== '_csrf') {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (e) {
    overLimit(e);
  }
  return { fields, files: tooBig || tooMany ? [] : files, tooBig, tooMany };
}

/**
 * Reads a multipart upload form: its fields (not the CSRF token) and at most one non-empty file of
 * up to `maxBytes`; `tooBig` when the file was larger (it is then not returned).
 */
export async function readUpload(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ fields: Record<string, string>; file?: { name: string; data: Buffer }; tooBig: boolean }> {
  const { fields, files, tooBig, tooMany } = await readFiles(request, { maxFiles: 1, maxBytes });
  const file = files[0];
  return { fields, file: file && { name: file.name, data: file.data }, tooBig: tooBig || tooMany };
}
