import { z } from 'zod';
import { field } from '../../../platform/forms.js';
import { isFinancialYear, parsePounds } from '../money.js';
import { LINE_KINDS, LIVING_WAGE, WORKFORCE_CATEGORIES, WORKFORCE_KINDS } from '../schema.js';

const optional = (label: string, max = 20000) => field.optionalText(label, max).transform((v) => v ?? null);

export const financialYear = z.string({ error: 'Enter a financial year' }).trim().refine(isFinancialYear, 'Enter a financial year like 2025/26');

/** An amount of money in pounds as typed ("£1,234.56") → pence. */
export const pounds = (label: string, opts: { min?: number; allowNegative?: boolean } = {}) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .transform((v, ctx) => {
      const p = parsePounds(v);
      if (p === undefined) {
        ctx.addIssue({ code: 'custom', message: `Enter ${label} in pounds, like 1,250 or 1250.50` });
        return z.NEVER;
      }
      if (!opts.allowNegative && p < 0) {
        ctx.addIssue({ code: 'custom', message: `${label.charAt(0).toUpperCase()}${label.slice(1)} must be £0 or more` });
        return z.NEVER;
      }
      if (opts.min !== undefined && p < opts.min) {
        ctx.addIssue({
          code: 'custom',
          message: `${label.charAt(0).toUpperCase()}${label.slice(1)} must be at least £${(opts.min / 100).toLocaleString('en-GB')}`,
        });
        return z.NEVER;
      }
      return p;
    });

const optionalPounds = (label: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? '').trim();
      if (!s) return null;
      const p = parsePounds(s);
      if (p === undefined) {
        ctx.addIssue({ code: 'custom', message: `Enter ${label} in pounds, like 1,250 or 1250.50` });
        return z.NEVER;
      }
      return p;
    });

const number = (label: string, opts: { min?: number; max?: number } = {}) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .transform((v, ctx) => {
      const cap = `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
      const s = v.replace(/,/g, '');
      const n = Number(s);
      if (!/^-?\d+(\.\d+)?$/.test(s) || !Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: `Enter ${label} as a number` });
        return z.NEVER;
      }
      if (opts.min !== undefined && n < opts.min) {
        ctx.addIssue({ code: 'custom', message: `${cap} must be ${opts.min} or more` });
        return z.NEVER;
      }
      if (opts.max !== undefined && n > opts.max) {
        ctx.addIssue({ code: 'custom', message: `${cap} must be ${opts.max} or less` });
        return z.NEVER;
      }
      return n;
    });

const optionalInteger = (label: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? '').trim().replace(/,/g, '');
      if (!s) return null;
      if (!/^\d+$/.test(s)) {
        ctx.addIssue({ code: 'custom', message: `Enter ${label} as a whole number` });
        return z.NEVER;
      }
      return Number(s);
    });

export const financeLineForm = z.object({
  financialYear,
  kind: z.enum(LINE_KINDS, { error: 'Choose funding or spending' }),
  category: field.text('a category', 200),
  label: field.text('a description of the line', 300),
  forecast: optionalPounds('the forecast'),
  actual: optionalPounds('the actual amount'),
  priority: z
    .string()
    .optional()
    .transform((v) => v?.trim() || null),
  note: optional('note', 2000),
});

export const workforceFigureForm = z.object({
  financialYear,
  category: z.enum(WORKFORCE_CATEGORIES, { error: 'Choose a category of staff' }),
  kind: z.enum(WORKFORCE_KINDS, { error: 'Choose actual or plan' }),
  fte: number('the full-time equivalent', { min: 0, max: 1_000_000 }),
  source: optional('source', 500),
});

export const workforceTargetForm = z.object({
  category: z.enum(WORKFORCE_CATEGORIES, { error: 'Choose a category of staff' }),
  label: field.text('the target', 300),
  targetFte: number('the target number', { min: 0, max: 1_000_000 }),
  byYear: z
    .string()
    .optional()
    .transform((v) => v?.trim() || null)
    .refine((v) => v === null || isFinancialYear(v), 'Enter a financial year like 2025/26'),
  commitment: z
    .string()
    .optional()
    .transform((v) => v?.trim() || null),
});

export const preceptForm = z.object({
  taxBase: number('the tax base', { min: 0, max: 100_000_000 }),
  bandD: pounds('the current band D charge'),
  change: pounds('the proposed change', { allowNegative: true }),
});

export const preceptBaseForm = z.object({
  financialYear,
  taxBase: number('the tax base', { min: 0, max: 100_000_000 }),
  bandD: pounds('the band D charge'),
});

export const spendingImportForm = z.object({
  content: z.string({ error: 'Paste the CSV file' }).trim().min(1, 'Paste the CSV file').max(5_000_000, 'The file must be 5 MB or smaller'),
});

export const contractForm = z
  .object({
    reference: field.text('a reference', 100),
    provider: field.text('the provider', 300),
    service: field.text('the service', 500),
    value: pounds('the value'),
    startDate: field.isoDate('the start date'),
    endDate: field.isoDate('the end date'),
    fundingSource: field.text('the funding source', 300),
    livingWage: z.enum(LIVING_WAGE, { error: 'Choose the Living Wage status' }),
    priorities: field.list(),
    contactEmail: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null)
      .pipe(z.email('Enter an email address in the correct format, like name@example.org').nullable()),
  })
  .refine((v) => v.endDate >= v.startDate, { path: ['endDate'], message: 'The end date must be on or after the start date' });

export const contractReturnForm = z.object({
  quarter: z
    .string({ error: 'Enter the quarter' })
    .trim()
    .regex(/^\d{4}\/\d{2} Q[1-4]$/, 'Enter the quarter like 2025/26 Q1')
    .refine((v) => isFinancialYear(v.slice(0, 7)), 'Enter the quarter like 2025/26 Q1'),
  outputs: field.text('the outputs', 5000),
  outcomes: field.text('the outcomes', 5000),
  peopleSupported: optionalInteger('the number of people supported'),
});

export const fundForm = z.object({
  name: field.text('the name of the fund', 200),
  description: optional('description', 4000),
});

/** Criteria typed one per line: "Title | maximum score" (the maximum defaults to 5). */
const criteriaLines = z.string({ error: 'Enter at least one criterion' }).transform((v, ctx) => {
  const lines = v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) {
    ctx.addIssue({ code: 'custom', message: 'Enter at least one criterion' });
    return z.NEVER;
  }
  const out: { key: string; title: string; maxScore: number }[] = [];
  for (const [i, l] of lines.entries()) {
    const [title, max] = l.split('|').map((x) => x.trim());
    const maxScore = max ? Number(max) : 5;
    if (!title || !Number.isInteger(maxScore) || maxScore < 1 || maxScore > 100) {
      ctx.addIssue({ code: 'custom', message: `Criterion ${i + 1} must be a title, then optionally "|" and a maximum score from 1 to 100` });
      return z.NEVER;
    }
    out.push({ key: `c${i + 1}`, title, maxScore });
  }
  return out;
});

export const roundForm = z
  .object({
    title: field.text('a title', 300),
    description: optional('description', 10000),
    criteria: criteriaLines,
    opensOn: field.isoDate('the opening date'),
    closesOn: field.isoDate('the closing date'),
    maxAward: optionalPounds('the largest award'),
    planReference: z
      .string()
      .optional()
      .transform((v) => v?.trim() || null),
  })
  .refine((v) => v.closesOn >= v.opensOn, { path: ['closesOn'], message: 'The closing date must be on or after the opening date' });

export const assessorForm = z.object({ userId: z.string({ error: 'Choose a member of staff' }).trim().min(1, 'Choose a member of staff') });

export const applicationForm = z.object({
  organisation: field.text('the name of your organisation', 300),
  contactName: field.text('your name', 200),
  contactEmail: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .pipe(z.email('Enter an email address in the correct format, like name@example.org')),
  project: field.text('the name of your project', 300),
  description: field.text('what your project will do', 5000),
  amount: pounds('the amount you are asking for', { min: 100 }),
  priority: z.string({ error: 'Choose the priority your project serves' }).trim().min(1, 'Choose the priority your project serves'),
  area: z.string({ error: 'Choose the area your project serves' }).trim().min(1, 'Choose the area your project serves'),
});

export const declarationForm = z
  .object({
    hasConflict: z.enum(['yes', 'no'], { error: 'Choose whether you have a conflict of interest' }),
    detail: optional('the conflict of interest', 2000),
  })
  .refine((v) => v.hasConflict === 'no' || v.detail, { path: ['detail'], message: 'Describe the conflict of interest' });

export const decisionForm = z.object({
  decision: z.enum(['award', 'decline'], { error: 'Choose award or decline' }),
  amount: optionalPounds('the amount awarded'),
});

export const paymentForm = z.object({ amount: pounds('the payment', { min: 1 }), paidOn: field.isoDate('the date paid') });

export const monitoringForm = z.object({
  reference: field.text('your application reference', 40),
  contactEmail: z
    .string({ error: 'Enter the email address on your application' })
    .trim()
    .min(1, 'Enter the email address on your application')
    .pipe(z.email('Enter an email address in the correct format, like name@example.org')),
  summary: field.text('what the grant achieved', 5000),
  peopleReached: optionalInteger('the number of people reached'),
});

/** A score form: one field per criterion, named score-<key>. */
export function scoreForm(criteria: { key: string; title: string; maxScore: number }[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const c of criteria) {
    shape[`score-${c.key}`] = z
      .string({ error: `Enter a score for ${c.title}` })
      .trim()
      .min(1, `Enter a score for ${c.title}`)
      .regex(/^\d+$/, `Enter a score for ${c.title} as a whole number`)
      .transform(Number)
      .refine((n) => n <= c.maxScore, `The score for ${c.title} must be from 0 to ${c.maxScore}`);
  }
  shape.comment = optional('comment', 5000);
  return z.object(shape);
}
