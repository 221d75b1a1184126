import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

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
  const values = (body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {}) as Record<string, unknown>;
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

/**
 * Reads a multipart upload form: its fields (not the CSRF token) and at most one non-empty file of
 * up to `maxBytes`; `tooBig` when the file was larger (it is then not returned).
 */
export async function readUpload(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ fields: Record<string, string>; file?: { name: string; data: Buffer }; tooBig: boolean }> {
  const fields: Record<string, string> = {};
  let file: { name: string; data: Buffer } | undefined;
  let tooBig = false;
  // A file over the limit fails its own read and then the reading of the parts after it.
  const tooLarge = (e: unknown) => {
    if ((e as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw e;
    tooBig = true;
  };
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer().catch((e: unknown) => tooLarge(e));
        if (part.filename && data?.length && !tooBig) file = { name: part.filename, data };
      } else if (part.fieldname !== '_csrf') {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (e) {
    tooLarge(e);
  }
  return { fields, file: tooBig ? undefined : file, tooBig };
}
