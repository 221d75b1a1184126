import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/schema.js';
import { commitments, plans, priorities } from '../plans/schema.js';

/** A yearly slice of a plan (a financial year, April–March by default). */
export const deliveryPlans = pgTable(
  'delivery_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    /** Stable, unique, e.g. cleveland-2014-15. */
    reference: text('reference').notNull().unique(),
    title: text('title').notNull(),
    yearStart: date('year_start').notNull(),
    yearEnd: date('year_end').notNull(),
    /** The editors' introduction to the annual report. */
    introduction: text('introduction'),
    /** When the annual report of this year was put on the public site; null while it is not. */
    annualReportPublishedAt: timestamp('annual_report_published_at', { withTimezone: true }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('delivery_plans_plan_idx').on(t.planId)],
);

export const deliveryActions = pgTable(
  'delivery_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliveryPlanId: uuid('delivery_plan_id')
      .notNull()
      .references(() => deliveryPlans.id, { onDelete: 'cascade' }),
    reference: text('reference').notNull(),
    position: integer('position').notNull().default(0),
    title: text('title').notNull(),
    description: text('description'),
    priorityId: uuid('priority_id')
      .notNull()
      .references(() => priorities.id, { onDelete: 'cascade' }),
    commitmentId: uuid('commitment_id').references(() => commitments.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    leadOrganisation: text('lead_organisation'),
    startDate: date('start_date'),
    dueDate: date('due_date'),
    /** Null: counts as 1 in the roll-up (a plain mean when no action has a weight). */
    weight: doublePrecision('weight'),
    status: text('status').notNull().default('not-started'),
    progress: integer('progress').notNull().default(0),
    /** ONS codes of the local authorities or wards the action serves. */
    areaCodes: jsonb('area_codes')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Links to the measures the action should move (free links until performance exists). */
    measureLinks: jsonb('measure_links')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('delivery_actions_ref_uq').on(t.deliveryPlanId, t.reference),
    index('delivery_actions_priority_idx').on(t.priorityId),
    index('delivery_actions_owner_idx').on(t.ownerId),
  ],
);

export const UPDATE_STATES = ['pending', 'approved', 'rejected'] as const;
export type UpdateState = (typeof UPDATE_STATES)[number];

export const deliveryUpdates = pgTable(
  'delivery_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => deliveryActions.id, { onDelete: 'cascade' }),
    /** Stable within the action, for re-imports (e.g. U1). */
    reference: text('reference').notNull(),
    asOf: date('as_of').notNull(),
    /** The reporting period it answers, e.g. 2025-26-Q2. */
    periodKey: text('period_key').notNull(),
    narrative: text('narrative').notNull(),
    status: text('status').notNull(),
    progress: integer('progress').notNull(),
    evidenceLinks: jsonb('evidence_links')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    state: text('state').$type<UpdateState>().notNull().default('pending'),
    rejectionReason: text('rejection_reason'),
    authorId: uuid('author_id'),
    authorLabel: text('author_label').notNull(),
    reviewedById: uuid('reviewed_by_id'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('delivery_updates_ref_uq').on(t.actionId, t.reference),
    index('delivery_updates_state_idx').on(t.state),
    index('delivery_updates_period_idx').on(t.actionId, t.periodKey),
  ],
);

export const deliveryUpdateFiles = pgTable(
  'delivery_update_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    updateId: uuid('update_id')
      .notNull()
      .references(() => deliveryUpdates.id, { onDelete: 'cascade' }),
    storageKey: text('storage_key').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
  },
  (t) => [index('delivery_update_files_update_idx').on(t.updateId)],
);

/** Editors' commentary for a report: per period ("Q1".."Q4") and priority reference ('' = whole plan). */
export const deliveryCommentary = pgTable(
  'delivery_commentary',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliveryPlanId: uuid('delivery_plan_id')
      .notNull()
      .references(() => deliveryPlans.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    priorityId: text('priority_id').notNull().default(''),
    body: text('body').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('delivery_commentary_uq').on(t.deliveryPlanId, t.period, t.priorityId)],
);

/** The office's own wording and RAG colour for each status (the keys are fixed; see statuses.ts). */
export const deliveryStatusSettings = pgTable('delivery_status_settings', {
  key: text('key').primaryKey(),
  label: text('label').notNull(),
  rag: text('rag').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
