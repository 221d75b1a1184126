import { z } from 'zod';
import { field } from '../../../platform/forms.js';
import { STATUTORY_ELEMENTS } from '../schema.js';

/** Optional free text: an empty box clears the value (null), so editing can remove text. */
const optional = (label: string, max = 20000) => field.optionalText(label, max).transform((v) => v ?? null);

/** A textarea with one entry per line: blank lines dropped, each line trimmed. */
const lines = (label: string, maxEach = 4000) =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .refine((l) => l.every((x) => x.length <= maxEach), `Each line of ${label} must be ${maxEach} characters or fewer`);

export const planReference = z
  .string({ error: 'Enter a reference' })
  .trim()
  .min(1, 'Enter a reference')
  .max(80, 'Reference must be 80 characters or fewer')
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'Reference must use lower-case letters, digits and dashes only, like cleveland-2025-29');

const planDetailsShape = {
  title: field.text('a title', 300),
  termStart: field.isoDate('the start of the term'),
  termEnd: field.isoDate('the end of the term'),
  priorityLabel: field.text('what a priority is called in this plan', 60),
  summary: optional('summary'),
  vision: optional('vision', 2000),
  mission: optional('mission', 4000),
  values: lines('values', 500),
};

const termOrder = <T extends { termStart: string; termEnd: string }>(v: T) => v.termEnd > v.termStart;
const termMessage = { path: ['termEnd'], message: 'The end of the term must be after its start' };

export const planDetailsForm = z.object(planDetailsShape).refine(termOrder, termMessage);
export const newPlanForm = z.object({ reference: planReference, ...planDetailsShape }).refine(termOrder, termMessage);

export const outcomeForm = z.object({
  title: field.text('the outcome', 500),
  description: optional('description'),
});

export const priorityForm = z.object({
  title: field.text('a title', 500),
  narrative: optional('narrative'),
  outcomeIds: field.list(),
  achievements: lines('achievements'),
  plannedActions: lines('planned actions'),
});

export const commitmentForm = z.object({
  title: field.text('the commitment', 4000),
  description: optional('description'),
  priorityId: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
});

export const forcePriorityForm = z.object({
  title: field.text('the force priority', 500),
  lead: optional('lead', 300),
  areasOfFocus: lines('areas of focus'),
});

export const measureForm = z.object({
  measure: field.text('the measure', 1000),
  outcome: optional('the intended outcome', 1000),
});

export const sectionForm = z.object({
  title: field.text('a title', 300),
  body: optional('text'),
  covers: field.list().pipe(z.array(z.enum(STATUTORY_ELEMENTS, { error: 'Select only the listed statutory contents' }))),
});

export const ITEM_FORMS = {
  outcome: outcomeForm,
  priority: priorityForm,
  commitment: commitmentForm,
  'force-priority': forcePriorityForm,
  measure: measureForm,
  section: sectionForm,
} as const;

export const transitionForm = z.object({
  reason: field.text('a reason for the change', 2000),
  confirmGaps: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});

export const refreshForm = z.object({
  reference: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(planReference.optional()),
  title: field.optionalText('title', 300),
});

export const moveForm = z.object({ direction: z.enum(['up', 'down'], { error: 'Choose up or down' }) });

export const importForm = z.object({
  content: z.string().max(2_000_000, 'The plan file must be 2 MB or smaller').optional(),
});
