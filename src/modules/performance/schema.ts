import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const POLARITIES = ['lower', 'higher'] as const;
export type PolarityKey = (typeof POLARITIES)[number];
export const FREQUENCIES = ['monthly', 'quarterly', 'annual'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const SOURCE_KINDS = ['crime', 'stop-search', 'disproportionality', 'entered'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const TARGET_KINDS = ['reduce-by', 'reach', 'direction'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/**
 * Where a measure's figures come from. `crime`: police.uk street data (categories, an area,
 * optionally per 1,000 people). `stop-search`: searches per month. `disproportionality`: the
 * search rate of one ethnic group over another's, per head of each group's population (the
 * populations are part of the definition, with their source). `entered`: figures typed or
 * imported by CSV.
 */
export interface MeasureSource {
  force?: string;
  categories?: string[];
  area?: string | null;
  perThousand?: boolean;
  ethnicityField?: 'officerDefinedEthnicity' | 'selfDefinedEthnicity';
  groupA?: string;
  groupB?: string;
  populationA?: number | null;
  populationB?: number | null;
  populationSource?: string;
}

export const measures = pgTable(
  'perf_measures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable, unique, used in URLs: e.g. neighbourhood-crime. */
    reference: text('reference').notNull().unique(),
    name: text('name').notNull(),
    description: text('description'),
    unit: text('unit').notNull(),
    polarity: text('polarity').$type<PolarityKey>().notNull(),
    frequency: text('frequency').$type<Frequency>().notNull().default('monthly'),
    sourceKind: text('source_kind').$type<SourceKind>().notNull(),
    source: jsonb('source')
      .$type<MeasureSource>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** First and last period of the baseline (YYYY-MM, YYYY-Qn or YYYY-YY). */
    baselineFrom: text('baseline_from'),
    baselineTo: text('baseline_to'),
    targetKind: text('target_kind').$type<TargetKind>().notNull().default('direction'),
    targetValue: doublePrecision('target_value'),
    owner: text('owner'),
    /** Plan priorities and outcomes this measure evidences, by the plan's references. */
    planReference: text('plan_reference'),
    priorityRefs: jsonb('priority_refs')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    outcomeRefs: jsonb('outcome_refs')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    isPublic: boolean('is_public').notNull().default(true),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('perf_measures_plan_idx').on(t.planReference)],
);

/** Entered or imported figures, one per measure and period. */
export const figures = pgTable(
  'perf_figures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    measureId: uuid('measure_id')
      .notNull()
      .references(() => measures.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    value: doublePrecision('value').notNull(),
    note: text('note'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('perf_figures_period_uq').on(t.measureId, t.period)],
);

/** The analyst's commentary on a measure for one period (e.g. 2024-Q4 or 2025-03). */
export const commentary = pgTable(
  'perf_commentary',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    measureId: uuid('measure_id')
      .notNull()
      .references(() => measures.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    body: text('body').notNull(),
    author: text('author').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('perf_commentary_period_uq').on(t.measureId, t.period)],
);
