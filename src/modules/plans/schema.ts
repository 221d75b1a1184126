import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const PLAN_STATUSES = ['draft', 'consultation', 'panel-review', 'published', 'superseded'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const plans = pgTable(
  'plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable, unique across all plans and versions, e.g. cleveland-2024-29. */
    reference: text('reference').notNull().unique(),
    title: text('title').notNull(),
    termStart: date('term_start').notNull(),
    termEnd: date('term_end').notNull(),
    status: text('status').$type<PlanStatus>().notNull().default('draft'),
    version: integer('version').notNull().default(1),
    /** The version this one refreshes (lineage). */
    previousVersionId: uuid('previous_version_id'),
    /** What a priority is called in this plan: Objective, Priority, Point… */
    priorityLabel: text('priority_label').notNull().default('Priority'),
    summary: text('summary'),
    vision: text('vision'),
    mission: text('mission'),
    values: jsonb('values')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plans_status_idx').on(t.status), index('plans_previous_idx').on(t.previousVersionId)],
);

export const outcomes = pgTable(
  'plan_outcomes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    reference: text('reference').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    description: text('description'),
  },
  (t) => [uniqueIndex('plan_outcomes_ref_uq').on(t.planId, t.reference)],
);

export const priorities = pgTable(
  'plan_priorities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    reference: text('reference').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    narrative: text('narrative'),
    /** "In the past year I have…" (an annual refresh), kept as text. */
    achievements: jsonb('achievements')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** "In the coming year I will…", kept as text until delivery plans hold them. */
    plannedActions: jsonb('planned_actions')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
  },
  (t) => [uniqueIndex('plan_priorities_ref_uq').on(t.planId, t.reference), index('plan_priorities_plan_idx').on(t.planId, t.position)],
);

export const priorityOutcomes = pgTable(
  'plan_priority_outcomes',
  {
    priorityId: uuid('priority_id')
      .notNull()
      .references(() => priorities.id, { onDelete: 'cascade' }),
    outcomeId: uuid('outcome_id')
      .notNull()
      .references(() => outcomes.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.priorityId, t.outcomeId] })],
);

export const commitments = pgTable(
  'plan_commitments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    priorityId: uuid('priority_id')
      .notNull()
      .references(() => priorities.id, { onDelete: 'cascade' }),
    reference: text('reference').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    description: text('description'),
  },
  (t) => [uniqueIndex('plan_commitments_ref_uq').on(t.planId, t.reference), index('plan_commitments_priority_idx').on(t.priorityId, t.position)],
);

export const forcePriorities = pgTable(
  'plan_force_priorities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    priorityId: uuid('priority_id')
      .notNull()
      .references(() => priorities.id, { onDelete: 'cascade' }),
    reference: text('reference').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    lead: text('lead'),
    areasOfFocus: jsonb('areas_of_focus')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
  },
  (t) => [uniqueIndex('plan_force_priorities_ref_uq').on(t.planId, t.reference)],
);

/** The plan's own performance table: measure → intended outcome, per priority. */
export const priorityMeasures = pgTable('plan_priority_measures', {
  id: uuid('id').primaryKey().defaultRandom(),
  priorityId: uuid('priority_id')
    .notNull()
    .references(() => priorities.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  measure: text('measure').notNull(),
  outcome: text('outcome'),
});

export const STATUTORY_ELEMENTS = ['objectives', 'policing', 'resources', 'reporting', 'performance', 'grants'] as const;
export type StatutoryElement = (typeof STATUTORY_ELEMENTS)[number];

export const sections = pgTable(
  'plan_sections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    reference: text('reference').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    covers: jsonb('covers')
      .$type<StatutoryElement[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
  },
  (t) => [uniqueIndex('plan_sections_ref_uq').on(t.planId, t.reference)],
);

/** Every lifecycle transition, with its reason. */
export const transitions = pgTable(
  'plan_transitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    reason: text('reason').notNull(),
    gapsConfirmed: boolean('gaps_confirmed').notNull().default(false),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plan_transitions_plan_idx').on(t.planId)],
);
