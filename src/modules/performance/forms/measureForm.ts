import { z } from 'zod';
import { field } from '../../../platform/forms.js';
import { FREQUENCIES, POLARITIES, SOURCE_KINDS, TARGET_KINDS } from '../schema.js';
import type { MeasureInput } from '../performanceService.js';

const optionalNumber = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.replace(/,/g, '') : undefined))
    .refine((v) => v === undefined || Number.isFinite(Number(v)), { message: `${label} must be a number` })
    .transform((v) => (v === undefined ? null : Number(v)));

const period = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => v === undefined || /^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$/.test(v), { message: 'Enter a period like 2024-04, 2024-Q2 or 2024' });

export const measureSchema = z
  .object({
    reference: z
      .string({ error: 'Enter a reference' })
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'Enter a reference of lower-case letters, numbers and hyphens, for example neighbourhood-crime'),
    name: field.text('a name', 200),
    description: field.optionalText('the description', 4000),
    unit: field.text('the unit', 100),
    polarity: z.enum(POLARITIES, { error: 'Select whether lower or higher is better' }),
    frequency: z.enum(FREQUENCIES, { error: 'Select how often the measure is reported' }),
    sourceKind: z.enum(SOURCE_KINDS, { error: 'Select where the figures come from' }),
    categories: field.list(),
    area: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null)
      .refine((v) => v === null || /^[EWSN]\d{8}$/.test(v), { message: 'Enter an ONS area code like E06000002, or leave it empty' }),
    perThousand: z
      .string()
      .optional()
      .transform((v) => v === 'yes'),
    ethnicityField: z.enum(['officerDefinedEthnicity', 'selfDefinedEthnicity']).optional(),
    groupA: field.optionalText('group A', 200),
    groupB: field.optionalText('group B', 200),
    populationA: optionalNumber('The population of group A'),
    populationB: optionalNumber('The population of group B'),
    populationSource: field.optionalText('the population source', 500),
    baselineFrom: period,
    baselineTo: period,
    targetKind: z.enum(TARGET_KINDS, { error: 'Select the kind of target' }),
    targetValue: optionalNumber('The target value'),
    owner: field.optionalText('the owner', 200),
    planReference: field.optionalText('the plan reference', 100),
    priorityRefs: field.list(),
    outcomeRefs: field.list(),
    isPublic: z
      .string()
      .optional()
      .transform((v) => v === 'yes'),
  })
  .superRefine((v, ctx) => {
    if (v.targetKind !== 'direction' && v.targetValue === null) ctx.addIssue({ code: 'custom', path: ['targetValue'], message: 'Enter the target value' });
    if (v.sourceKind === 'crime' && !v.categories.length) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'Select at least one crime category' });
    if (v.sourceKind === 'disproportionality' && (!v.groupA || !v.groupB))
      ctx.addIssue({ code: 'custom', path: ['groupA'], message: 'Enter the two groups to compare' });
    if ((v.baselineFrom && !v.baselineTo) || (!v.baselineFrom && v.baselineTo))
      ctx.addIssue({ code: 'custom', path: ['baselineTo'], message: 'Enter both the first and the last period of the baseline' });
    if (v.baselineFrom && v.baselineTo && v.baselineFrom > v.baselineTo)
      ctx.addIssue({ code: 'custom', path: ['baselineTo'], message: 'The baseline must end after it starts' });
  });

export type MeasureForm = z.infer<typeof measureSchema>;

export function toMeasureInput(f: MeasureForm, isDemo = false): MeasureInput {
  return {
    reference: f.reference,
    name: f.name,
    description: f.description ?? null,
    unit: f.unit,
    polarity: f.polarity,
    frequency: f.frequency,
    sourceKind: f.sourceKind,
    source: {
      categories: f.sourceKind === 'crime' ? f.categories : undefined,
      area: f.sourceKind === 'crime' ? f.area : undefined,
      perThousand: f.sourceKind === 'crime' ? f.perThousand : undefined,
      ethnicityField: f.sourceKind === 'disproportionality' ? (f.ethnicityField ?? 'officerDefinedEthnicity') : undefined,
      groupA: f.sourceKind === 'disproportionality' ? f.groupA : undefined,
      groupB: f.sourceKind === 'disproportionality' ? f.groupB : undefined,
      populationA: f.sourceKind === 'disproportionality' ? f.populationA : undefined,
      populationB: f.sourceKind === 'disproportionality' ? f.populationB : undefined,
      populationSource: f.sourceKind === 'disproportionality' ? f.populationSource : undefined,
    },
    baselineFrom: f.baselineFrom ?? null,
    baselineTo: f.baselineTo ?? null,
    targetKind: f.targetKind,
    targetValue: f.targetKind === 'direction' ? null : f.targetValue,
    owner: f.owner ?? null,
    planReference: f.planReference ?? null,
    priorityRefs: f.priorityRefs,
    outcomeRefs: f.outcomeRefs,
    isPublic: f.isPublic,
    isDemo,
  };
}

/** The form's values from a saved measure (for the edit page). */
export function measureToValues(m: MeasureInput): Record<string, unknown> {
  const s = m.source ?? {};
  return {
    ...m,
    categories: s.categories ?? [],
    area: s.area ?? '',
    perThousand: s.perThousand ? 'yes' : '',
    ethnicityField: s.ethnicityField ?? 'officerDefinedEthnicity',
    groupA: s.groupA ?? '',
    groupB: s.groupB ?? '',
    populationA: s.populationA ?? '',
    populationB: s.populationB ?? '',
    populationSource: s.populationSource ?? '',
    targetValue: m.targetValue ?? '',
    isPublic: m.isPublic === false ? '' : 'yes',
  };
}

export const figureSchema = z.object({
  period: z.string({ error: 'Enter the period' }).trim().min(1, 'Enter the period'),
  value: z
    .string({ error: 'Enter the value' })
    .trim()
    .min(1, 'Enter the value')
    .transform((v) => v.replace(/,/g, ''))
    .refine((v) => Number.isFinite(Number(v)), { message: 'The value must be a number' })
    .transform(Number),
  note: field.optionalText('the note', 2000),
});

export const commentarySchema = z.object({
  period: z
    .string({ error: 'Enter the period' })
    .trim()
    .regex(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$/, 'Enter a period like 2025-Q1 or 2025-03'),
  body: field.text('the commentary', 10000),
});
