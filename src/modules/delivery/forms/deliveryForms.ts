import { z } from 'zod';
import { field } from '../../../platform/forms.js';
import { isRag, isStatusKey, STATUS_KEYS } from '../statuses.js';

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(field.isoDate(label).optional());

const lines = () =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(/[\n,;]+/)
        .map((x) => x.trim())
        .filter(Boolean),
    );

export const statusField = z.string({ error: 'Select a status' }).refine(isStatusKey, { message: 'Select a status' });
export const progressField = z.coerce
  .number({ error: 'Enter progress as a whole number from 0 to 100' })
  .int('Enter progress as a whole number from 0 to 100')
  .min(0, 'Progress must be 0 or more')
  .max(100, 'Progress must be 100 or less');

export const deliveryPlanForm = z.object({
  planId: z.string({ error: 'Select a plan' }).uuid('Select a plan'),
  startYear: z.coerce
    .number({ error: 'Enter the year the financial year starts' })
    .int('Enter a year, for example 2025')
    .min(2000, 'Enter a year from 2000')
    .max(2100, 'Enter a year before 2100'),
});

export const actionForm = z
  .object({
    reference: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/, 'Enter a reference of letters, digits, dots, dashes or underscores')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    title: field.text('a title'),
    description: field.optionalText('the description'),
    priority: z.string({ error: 'Select what the action serves' }).min(1, 'Select what the action serves'),
    ownerId: z
      .string()
      .optional()
      .transform((v) => (v ? v : null)),
    leadOrganisation: field.optionalText('the lead organisation', 200),
    startDate: optionalDate('the start date'),
    dueDate: optionalDate('the due date'),
    weight: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (Number.isFinite(v) && v > 0), 'Enter a weight greater than 0, or leave it empty'),
    status: statusField,
    progress: progressField,
    areaCodes: lines().refine((xs) => xs.every((x) => /^[EWSN]\d{8}$/.test(x)), 'Enter ONS codes like E06000001, one a line'),
    measureLinks: lines(),
  })
  .refine((v) => !v.startDate || !v.dueDate || v.dueDate >= v.startDate, { path: ['dueDate'], message: 'The due date must be on or after the start date' });
export type ActionForm = z.infer<typeof actionForm>;

export const updateForm = z.object({
  asOf: field.isoDate('the date of the update'),
  narrative: field.text('what has been done', 10000),
  status: statusField,
  progress: progressField,
  evidenceLinks: lines().refine((xs) => xs.every((x) => /^https?:\/\/\S+$/.test(x)), 'Evidence links must start with http:// or https://'),
});

export const rejectForm = z.object({ reason: field.text('the reason for rejecting the update', 2000) });
/** Publish the annual report on the public site, or take it off. */
export const annualPublicationForm = z.object({ publish: z.enum(['yes', 'no'], { error: 'Choose whether to publish the annual report' }) });

export const commentaryForm = z.object({
  body: z.string().max(20000, 'The commentary must be 20,000 characters or fewer').default(''),
  priorityId: z.string().default(''),
});

/** One label and RAG colour per status key: fields label-<key> and rag-<key>. */
const statusSettingsFields: Record<string, z.ZodType<string>> = {};
for (const k of STATUS_KEYS) {
  statusSettingsFields[`label-${k}`] = field.text('a label', 40);
  statusSettingsFields[`rag-${k}`] = z.string({ error: 'Select a RAG colour' }).refine(isRag, { message: 'Select a RAG colour' });
}
export const statusSettingsForm = z.object(statusSettingsFields);
