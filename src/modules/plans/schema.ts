import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export interface PlanLabels {
  commitment?: string;
  outcome?: string;
  theme?: string;
}

/** A labelled list of items under a priority: "Key areas of focus", "Deliverables". */
export interface ItemList {
  label: string;
  items: string[];
}

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
    /** The plan of the previous term this new plan follows (not a version of it: see previousVersionId). */
    followsId: uuid('follows_id'),
    /** The document's own title, e.g. "Police, Crime and Victims' Plan 2021–2024". */
    documentTitle: text('document_title'),
    /** When the plan says it was published: YYYY-MM-DD, or YYYY-MM when only the month is on record. */
    publishedOn: text('published_on'),
    consultationOpens: date('consultation_opens'),
    consultationCloses: date('consultation_closes'),
    /** Whether and why the consultation was extended. */
    consultationExtension: text('consultation_extension'),
    /** The date of the Panel meeting that reviewed the draft. */
    panelReviewOn: date('panel_review_on'),
    /** Who made the plan and their title at the time: kept per version, never taken from today's settings. */
    commissionerName: text('commissioner_name'),
    commissionerTitle: text('commissioner_title'),
    /** What the other levels are called in this plan (a commitment, an outcome, a theme). */
    labels: jsonb('labels')
      .$type<PlanLabels>()
      .notNull()
      .default(sql`'{}'::jsonb`),
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
    /** Labelled lists under the priority (key areas of focus, deliverables), in order. */
    lists: jsonb('lists')
      .$type<ItemList[]>()
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

/** A cross-cutting theme of a plan, running across several of its priorities. */
export const themes = pgTable(
  'plan_themes',
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
  (t) => [uniqueIndex('plan_themes_ref_uq').on(t.planId, t.reference)],
);

export const themePriorities = pgTable(
  'plan_theme_priorities',
  {
    themeId: uuid('theme_id')
      .notNull()
      .references(() => themes.id, { onDelete: 'cascade' }),
    priorityId: uuid('priority_id')
      .notNull()
      .references(() => priorities.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.themeId, t.priorityId] }), index('plan_theme_priorities_priority_idx').on(t.priorityId)],
);

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
