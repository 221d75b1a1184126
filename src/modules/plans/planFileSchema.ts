import { z } from 'zod';
import { PLAN_STATUSES, STATUTORY_ELEMENTS } from './schema.js';

/**
 * The plan file format (docs/plan-format.md) as one zod definition: the import validates with
 * it and the published JSON Schema (/schemas/plan.schema.json) is made from it, so the two never
 * disagree. Every object is strict: a key the format does not know is an error, never dropped.
 */

const reference = z
  .string({ error: 'required' })
  .trim()
  .min(1, 'required')
  .max(80, 'must be 80 characters or fewer')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, dots, dashes and underscores only');
const text = (max = 2000) => z.string({ error: 'required' }).trim().min(1, 'required').max(max, `must be ${max} characters or fewer`);
const optionalText = (max = 50000) => z.string({ error: 'must be text' }).max(max, `must be ${max} characters or fewer`).optional();
const validDay = (v: string) =>
  !Number.isNaN(Date.parse(`${v.slice(0, 10)}T00:00:00Z`)) && new Date(`${v.slice(0, 10)}T00:00:00Z`).toISOString().slice(0, 10) === v.slice(0, 10);
const isoDate = z
  .string({ error: 'required' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2024-05-01')
  .refine(validDay, 'must be a date like 2024-05-01');
/** A day (2024-12-10) or, where only the month is on record, a month (2024-12). */
const dayOrMonth = z
  .string({ error: 'must be a date' })
  .trim()
  .regex(/^\d{4}-\d{2}(-\d{2})?$/, 'must be a date like 2024-12-10, or a month like 2024-12')
  .refine((v) => validDay(v.length === 7 ? `${v}-01` : v), 'must be a date like 2024-12-10, or a month like 2024-12');
const textList = z.array(text(4000), { error: 'must be a list' }).default([]);
const refList = (what: string) => z.array(reference, { error: 'must be a list' }).default([]).describe(`References of the plan's ${what}`);
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: 'must be a list' }).default([]);
const label = (what: string, example: string) => text(60).optional().describe(`What ${what} is called in this plan, e.g. ${example}`);

export const outcomeSchema = z.strictObject({
  reference,
  title: text(500),
  description: optionalText(),
  priorities: refList('priorities that serve this outcome (the same link as a priority’s outcomes)'),
});

export const itemListSchema = z
  .strictObject({
    label: text(120).describe('The heading of the list, e.g. Key areas of focus'),
    items: list(text(4000)),
  })
  .describe('A labelled list of items under a priority');

export const commitmentSchema = z.strictObject({ reference, title: text(4000), description: optionalText() });

export const forcePrioritySchema = z.strictObject({
  reference,
  title: text(500),
  lead: optionalText(300),
  areasOfFocus: textList,
});

export const measureSchema = z.strictObject({ measure: text(1000), outcome: optionalText(1000) });

export const prioritySchema = z.strictObject({
  reference,
  title: text(500),
  narrative: optionalText(),
  outcomes: refList('outcomes this priority serves'),
  commitments: list(commitmentSchema),
  lists: list(itemListSchema).describe('Labelled lists under this priority: key areas of focus, deliverables…'),
  forcePriorities: list(forcePrioritySchema),
  measures: list(measureSchema),
  achievements: textList,
  plannedActions: textList,
});

export const themeSchema = z
  .strictObject({
    reference,
    title: text(500),
    description: optionalText(),
    priorities: refList('priorities this theme runs across'),
  })
  .describe('A cross-cutting theme that spans several priorities');

export const sectionSchema = z.strictObject({
  reference,
  title: text(300),
  body: optionalText(),
  covers: z.array(z.enum(STATUTORY_ELEMENTS, { error: `must be one of ${STATUTORY_ELEMENTS.join(', ')}` })).default([]),
});

export const planFileShape = z.strictObject({
  reference: reference.regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes only'),
  title: text(300),
  documentTitle: text(300).optional().describe("The document's own title, e.g. Police, Crime and Victims' Plan 2021–2024"),
  term: z.strictObject({ start: isoDate, end: isoDate }, { error: 'required' }),
  status: z.enum(PLAN_STATUSES, { error: `must be one of ${PLAN_STATUSES.join(', ')}` }).default('draft'),
  refreshes: reference.optional().describe('Reference of the plan version this one replaces (a new version of the same plan)'),
  follows: reference.optional().describe('Reference of the plan of the previous term (a new plan, not a new version)'),
  published: dayOrMonth.optional().describe('When the plan was published: 2024-12-10, or 2024-12 when only the month is known'),
  consultation: z
    .strictObject({
      opens: isoDate.optional(),
      closes: isoDate.optional(),
      extension: optionalText(1000).describe('Whether and why the consultation was extended'),
    })
    .optional(),
  panelReview: isoDate.optional().describe('The date of the Panel meeting that reviewed the draft plan'),
  commissioner: z
    .strictObject({ name: text(200).optional(), title: text(200).describe('Their title at the time, e.g. Police and Crime Commissioner') })
    .optional()
    .describe('Who made the plan'),
  priorityLabel: text(60).default('Priority').describe('What a priority is called in this plan, e.g. Objective, Point'),
  commitmentLabel: label('a commitment', 'Deliverable, PCC commitment'),
  outcomeLabel: label('an outcome', 'Overarching outcome'),
  themeLabel: label('a cross-cutting theme', 'Golden thread'),
  summary: optionalText(),
  vision: optionalText(2000),
  mission: optionalText(4000),
  values: textList,
  outcomes: list(outcomeSchema),
  priorities: list(prioritySchema),
  themes: list(themeSchema),
  sections: list(sectionSchema),
});

/** The plan file format's JSON Schema (draft 2020-12), for editors' completion and checks. */
export function planJsonSchema(): Record<string, unknown> {
  // Cast: zod types its JSON Schema narrowly; the document is extended as a plain object below.
  const schema = z.toJSONSchema(planFileShape, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: PLAN_SCHEMA_PATH,
    title: 'OpenPCC plan file',
    description: 'A plan in the OpenPCC plan format (docs/plan-format.md).',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** Where the JSON Schema is served (and the name of its copy in the repository, under docs/). */
export const PLAN_SCHEMA_PATH = '/schemas/plan.schema.json';
