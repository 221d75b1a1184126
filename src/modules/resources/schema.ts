import { sql } from 'drizzle-orm';
import { bigint, boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Money is held in pence as integers (bigint: a force's budget in pence passes 2^31). The
 * `mode: 'number'` is safe: 2^53 pence is £90 trillion. Formatting as £ happens in presenters.
 */
const pence = (name: string) => bigint(name, { mode: 'number' });

export const FUNDING_CATEGORIES = ['central-grant', 'precept', 'other-grants', 'reserves', 'total-funding'] as const;
export const LINE_KINDS = ['funding', 'spending'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** A line of the medium-term financial plan for one financial year ("2014/15"). */
export const financeLines = pgTable(
  'resource_finance_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    financialYear: text('financial_year').notNull(),
    kind: text('kind').$type<LineKind>().notNull(),
    /** For funding: one of FUNDING_CATEGORIES; for spending: a free heading (e.g. "Police officer pay"). */
    category: text('category').notNull(),
    label: text('label').notNull(),
    forecastPence: pence('forecast_pence'),
    actualPence: pence('actual_pence'),
    /** The plan priority this money is allocated to, where known (plan reference + priority reference). */
    planReference: text('plan_reference'),
    priorityReference: text('priority_reference'),
    note: text('note'),
    isDemo: boolean('is_demo').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('resource_finance_lines_uq').on(t.financialYear, t.kind, t.label)],
);

/** The council-tax base and band D charge used for precept scenarios, per financial year. */
export const preceptBases = pgTable('resource_precept_bases', {
  financialYear: text('financial_year').primaryKey(),
  /** Band D equivalent properties (may have decimals in the source; kept to 2 places). */
  taxBase: doublePrecision('tax_base').notNull(),
  bandDPence: integer('band_d_pence').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const WORKFORCE_CATEGORIES = ['police-officers', 'pcsos', 'police-staff', 'special-constables', 'volunteers'] as const;
export type WorkforceCategory = (typeof WORKFORCE_CATEGORIES)[number];
export const WORKFORCE_KINDS = ['actual', 'plan'] as const;
export type WorkforceKind = (typeof WORKFORCE_KINDS)[number];

/** Full-time equivalents of one category for one financial year, actual or planned. */
export const workforceFigures = pgTable(
  'resource_workforce_figures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    financialYear: text('financial_year').notNull(),
    category: text('category').$type<WorkforceCategory>().notNull(),
    kind: text('kind').$type<WorkforceKind>().notNull(),
    fte: doublePrecision('fte').notNull(),
    source: text('source'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('resource_workforce_figures_uq').on(t.financialYear, t.category, t.kind)],
);

/** A workforce target ("Special Constables to 200"), linked to the plan commitment it serves. */
export const workforceTargets = pgTable('resource_workforce_targets', {
  id: uuid('id').primaryKey().defaultRandom(),
  category: text('category').$type<WorkforceCategory>().notNull(),
  label: text('label').notNull(),
  targetFte: doublePrecision('target_fte').notNull(),
  byYear: text('by_year'),
  planReference: text('plan_reference'),
  commitmentReference: text('commitment_reference'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One payment of the body (the Specified Information Order's "spending over £500"). */
export const spendingItems = pgTable(
  'resource_spending_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The transaction reference from the ledger: a re-import updates by it. */
    reference: text('reference').notNull().unique(),
    paidOn: date('paid_on').notNull(),
    supplier: text('supplier').notNull(),
    description: text('description').notNull(),
    category: text('category').notNull(),
    amountPence: pence('amount_pence').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('resource_spending_paid_idx').on(t.paidOn)],
);

export const LIVING_WAGE = ['accredited', 'pays', 'no', 'unknown'] as const;
export type LivingWage = (typeof LIVING_WAGE)[number];

/** A commissioned service: a contract or grant to a provider. */
export const contracts = pgTable(
  'resource_contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull().unique(),
    provider: text('provider').notNull(),
    service: text('service').notNull(),
    valuePence: pence('value_pence').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
    fundingSource: text('funding_source').notNull(),
    livingWage: text('living_wage').$type<LivingWage>().notNull().default('unknown'),
    /** The plan and its priority references this service serves. */
    planReference: text('plan_reference'),
    priorityReferences: jsonb('priority_references')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Who is reminded before the contract ends. */
    contactEmail: text('contact_email'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('resource_contracts_end_idx').on(t.endDate)],
);

/** A provider's quarterly outcome return for one contract ("2025-Q1" = April–June 2025). */
export const contractReturns = pgTable(
  'resource_contract_returns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    quarter: text('quarter').notNull(),
    outputs: text('outputs').notNull(),
    outcomes: text('outcomes').notNull(),
    peopleSupported: integer('people_supported'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('resource_contract_returns_uq').on(t.contractId, t.quarter)],
);

/** A reminder sent before a contract ends (one per contract and end date). */
export const contractReminders = pgTable(
  'resource_contract_reminders',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    endDate: date('end_date').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.endDate] })],
);

export const grantFunds = pgTable('resource_grant_funds', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  description: text('description'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export interface Criterion {
  key: string;
  title: string;
  maxScore: number;
}
export const ROUND_STATUSES = ['open', 'closed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** A round of a fund, with its published criteria. */
export const grantRounds = pgTable('resource_grant_rounds', {
  id: uuid('id').primaryKey().defaultRandom(),
  fundId: uuid('fund_id')
    .notNull()
    .references(() => grantFunds.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  description: text('description'),
  criteria: jsonb('criteria').$type<Criterion[]>().notNull(),
  opensOn: date('opens_on').notNull(),
  closesOn: date('closes_on').notNull(),
  status: text('status').$type<RoundStatus>().notNull().default('open'),
  maxAwardPence: pence('max_award_pence'),
  /** The plan whose priorities applicants choose from. */
  planReference: text('plan_reference'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A member of staff assigned to assess a round (a per-round assignment, not a role). */
export const roundAssessors = pgTable(
  'resource_round_assessors',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => grantRounds.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    userLabel: text('user_label').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.userId] })],
);

export const APPLICATION_STATUSES = ['submitted', 'awarded', 'declined'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const grantApplications = pgTable(
  'resource_grant_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => grantRounds.id, { onDelete: 'cascade' }),
    /** Shown to the applicant, e.g. "GA-7K3P9Q". */
    reference: text('reference').notNull().unique(),
    organisation: text('organisation').notNull(),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    project: text('project').notNull(),
    description: text('description').notNull(),
    amountPence: pence('amount_pence').notNull(),
    priorityReference: text('priority_reference').notNull(),
    area: text('area').notNull(),
    status: text('status').$type<ApplicationStatus>().notNull().default('submitted'),
    isDemo: boolean('is_demo').notNull().default(false),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('resource_grant_applications_round_idx').on(t.roundId)],
);

/** An assessor's declaration on one application: a conflict of interest, or none. */
export const conflictDeclarations = pgTable(
  'resource_conflict_declarations',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => grantApplications.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    hasConflict: boolean('has_conflict').notNull(),
    detail: text('detail'),
    declaredAt: timestamp('declared_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.userId] })],
);

export const assessmentScores = pgTable(
  'resource_assessment_scores',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => grantApplications.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    userLabel: text('user_label').notNull(),
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    total: integer('total').notNull(),
    comment: text('comment'),
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.userId] })],
);

export const grantAwards = pgTable(
  'resource_grant_awards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .unique()
      .references(() => grantApplications.id, { onDelete: 'cascade' }),
    roundId: uuid('round_id')
      .notNull()
      .references(() => grantRounds.id, { onDelete: 'cascade' }),
    recipient: text('recipient').notNull(),
    project: text('project').notNull(),
    area: text('area').notNull(),
    amountPence: pence('amount_pence').notNull(),
    awardedOn: date('awarded_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('resource_grant_awards_round_idx').on(t.roundId)],
);

export const grantPayments = pgTable('resource_grant_payments', {
  id: uuid('id').primaryKey().defaultRandom(),
  awardId: uuid('award_id')
    .notNull()
    .references(() => grantAwards.id, { onDelete: 'cascade' }),
  amountPence: pence('amount_pence').notNull(),
  paidOn: date('paid_on').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A grantee's monitoring return: what the money achieved. */
export const monitoringReturns = pgTable('resource_monitoring_returns', {
  id: uuid('id').primaryKey().defaultRandom(),
  awardId: uuid('award_id')
    .notNull()
    .references(() => grantAwards.id, { onDelete: 'cascade' }),
  submittedOn: date('submitted_on').notNull(),
  summary: text('summary').notNull(),
  peopleReached: integer('people_reached'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
