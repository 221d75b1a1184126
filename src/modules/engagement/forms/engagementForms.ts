import { z } from 'zod';
import { field } from '../../../platform/forms.js';
import { CHANNELS, CONSULTATION_STAGES, LOG_TYPES, METHOD_KINDS } from '../schema.js';
import { QUESTION_TYPES } from '../surveyDefinition.js';

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(field.isoDate(label).optional());

export const consultationForm = z.object({
  reference: z
    .string({ error: 'Enter a reference' })
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'Enter a reference of lower case letters, digits and hyphens, for example plan-2028-consultation'),
  title: field.text('a title', 200),
  purpose: z.string().trim().max(5000).default(''),
  planReference: field.optionalText('the plan', 200),
  priorityReferences: field.list(),
  audience: z.string().trim().max(500).default(''),
  areas: z.string().trim().max(500).default(''),
  opensOn: field.isoDate('the opening date'),
  closesOn: field.isoDate('the closing date'),
});

/** The edit form: the reference is not changed (it is in the consultation's public web address). */
export const consultationEditForm = consultationForm.omit({ reference: true });

export const stageForm = z.object({
  stage: z.enum(CONSULTATION_STAGES, { error: 'Choose the next stage' }),
  resultsSummary: field.optionalText('the summary of results', 10000),
});

/** Publishing a draft asks for nothing: the button is the confirmation (its CSRF token is checked). */
export const publishForm = z.object({});

export const extendForm = z.object({
  closesOn: field.isoDate('the new closing date'),
  reason: field.text('the reason for the extension (it is published)', 2000),
});

export const methodForm = z.object({
  kind: z.enum(METHOD_KINDS, { error: 'Choose the method' }),
  description: z.string().trim().max(1000).default(''),
  startsOn: optionalDate('the start date'),
  endsOn: optionalDate('the end date'),
  places: z.string().trim().max(1000).default(''),
  targetGroups: z.string().trim().max(1000).default(''),
});

export const surveyForm = z.object({ title: field.text('a title for the survey', 200) });

export const sectionForm = z.object({
  title: field.text('a title for the page', 200),
  description: field.optionalText('the description', 2000),
});

export const questionForm = z
  .object({
    sectionId: z.string({ error: 'Choose the page' }).min(1, 'Choose the page'),
    type: z.enum(QUESTION_TYPES, { error: 'Choose the type of question' }),
    label: field.text('the question', 500),
    hint: field.optionalText('the hint', 1000),
    required: z
      .string()
      .optional()
      .transform((v) => v === 'yes'),
    options: z.string().optional().default(''),
    rankCount: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? Number(v) : undefined))
      .pipe(z.number({ error: 'Enter how many to rank as a number' }).int('Enter a whole number').positive('Enter a number above 0').optional()),
    areaLevel: z
      .enum(['lad', 'ward', 'postcode'])
      .optional()
      .or(z.literal('').transform(() => undefined)),
    showIfQuestion: field.optionalText('the question of the condition', 40),
    showIfValue: field.optionalText('the answer of the condition', 200),
  })
  .superRefine((v, ctx) => {
    const opts = v.options
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (['single', 'multiple', 'rank'].includes(v.type) && opts.length < 2)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Enter at least two options, one on each line' });
    if (v.type === 'area' && !v.areaLevel) ctx.addIssue({ code: 'custom', path: ['areaLevel'], message: 'Choose the kind of area to ask for' });
    if (!!v.showIfQuestion !== !!v.showIfValue)
      ctx.addIssue({ code: 'custom', path: ['showIfValue'], message: 'Give both the question and the answer of the skip condition, or neither' });
  });

/** The builder's "move up" and "move down" buttons. */
export const moveForm = z.object({
  direction: z.enum(['up', 'down'], { error: 'Choose whether to move it up or down' }),
});

export const offlineMetaForm = z.object({
  channel: z.enum(CHANNELS, { error: 'Choose how the response was given' }),
  sourceRef: field.text('the paper form or session reference', 100),
});

export const themeForm = z.object({
  label: field.text('a name for the theme', 120),
  description: z.string().trim().max(1000).default(''),
  parentId: field.optionalText('the parent theme', 40),
});

export const linkForm = z.object({
  response: z.string().trim().max(2000).default(''),
  priorityIds: field.list(),
  commitmentIds: field.list(),
});

export const codeForm = z.object({
  themeIds: field.list(),
  note: z.string().trim().max(2000).default(''),
  returnTo: z.string().optional(),
});

export const quotationForm = z.object({
  text: field.text('the quotation', 1000),
  themeId: field.optionalText('the theme', 40),
  responseId: field.optionalText('the response', 40),
});

export const logForm = z.object({
  heldOn: field.isoDate('the date'),
  type: z.enum(LOG_TYPES, { error: 'Choose the type of meeting or event' }),
  title: field.text('a title', 200),
  localAuthorityCode: field.optionalText('the local authority', 20),
  wardCode: field.optionalText('the ward', 20),
  wardName: field.optionalText('the ward', 120),
  organisation: z.string().trim().max(200).default(''),
  attendees: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : undefined))
    .pipe(z.number({ error: 'Enter the number of attendees as a number' }).int('Enter a whole number').min(0, 'Enter 0 or more').optional()),
  issuesRaised: z.string().trim().max(5000).default(''),
  followUps: z.string().trim().max(5000).default(''),
  followUpOwner: z.string().trim().max(200).default(''),
});
