import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const MEETING_KINDS = ['panel', 'accountability'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_STATUSES = ['scheduled', 'held', 'postponed', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** Panel meetings and accountability meetings with the chief officer. */
export const meetings = pgTable(
  'scrutiny_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<MeetingKind>().notNull(),
    title: text('title').notNull(),
    meetingDate: date('meeting_date').notNull(),
    place: text('place'),
    status: text('status').$type<MeetingStatus>().notNull().default('scheduled'),
    minutes: text('minutes'),
    /** What the public reads of an accountability meeting. */
    publicSummary: text('public_summary'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scrutiny_meetings_kind_idx').on(t.kind, t.meetingDate)],
);

export const agendaItems = pgTable(
  'scrutiny_agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    /** The draft plan the Panel reviews under this item (set when a plan is sent to Panel review). */
    planId: uuid('plan_id'),
  },
  (t) => [index('scrutiny_agenda_meeting_idx').on(t.meetingId, t.position), index('scrutiny_agenda_plan_idx').on(t.planId)],
);

export const DOCUMENT_OWNERS = ['agenda-item', 'decision', 'inspection'] as const;
export type DocumentOwner = (typeof DOCUMENT_OWNERS)[number];

/** A paper or document: an uploaded file (platform storage) or a link to a document OpenPCC generates. */
export const documents = pgTable(
  'scrutiny_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerType: text('owner_type').$type<DocumentOwner>().notNull(),
    ownerId: uuid('owner_id').notNull(),
    title: text('title').notNull(),
    fileKey: text('file_key'),
    fileName: text('file_name'),
    contentType: text('content_type'),
    size: integer('size'),
    /** A site-relative link, e.g. /plans/cleveland-2024-29/plan.docx. */
    url: text('url'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scrutiny_documents_owner_idx').on(t.ownerType, t.ownerId)],
);

/** A report of the Panel to the elected head (e.g. on a draft plan). */
export const panelReports = pgTable('scrutiny_panel_reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  reference: text('reference').notNull().unique(),
  title: text('title').notNull(),
  reportDate: date('report_date').notNull(),
  meetingId: uuid('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
  resolution: text('resolution'),
  body: text('body'),
  /** The plan (draft) the Panel reviewed, and the plan version that answered the report. */
  planId: uuid('plan_id'),
  answeredByPlanId: uuid('answered_by_plan_id'),
  /**
   * The elected head's response to the report as a whole (PRSRA 2011 s.28(3)): a plan reviewed by
   * this report can be published only once it is recorded; publishing the plan publishes it.
   */
  responseText: text('response_text'),
  respondedAt: timestamp('responded_at', { withTimezone: true }),
  respondedBy: text('responded_by'),
  responsePublishedAt: timestamp('response_published_at', { withTimezone: true }),
  published: boolean('published').notNull().default(true),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const RESPONSES = ['accept', 'partly-accept', 'reject'] as const;
export type ResponseKind = (typeof RESPONSES)[number];

export const recommendations = pgTable(
  'scrutiny_recommendations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => panelReports.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    responseDue: date('response_due').notNull(),
    response: text('response').$type<ResponseKind>(),
    responseText: text('response_text'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    respondedBy: text('responded_by'),
    /** A response is public only once the elected head publishes it. */
    responsePublishedAt: timestamp('response_published_at', { withTimezone: true }),
  },
  (t) => [index('scrutiny_recommendations_report_idx').on(t.reportId, t.position)],
);

/** A topic of an accountability meeting: linked to a plan priority and optionally a measure. */
export const topics = pgTable(
  'scrutiny_topics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    priorityId: uuid('priority_id'),
    priorityTitle: text('priority_title'),
    measureId: text('measure_id'),
    measureTitle: text('measure_title'),
    question: text('question'),
    answer: text('answer'),
  },
  (t) => [index('scrutiny_topics_meeting_idx').on(t.meetingId, t.position)],
);

export const ACTION_STATUSES = ['open', 'closed'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const actions = pgTable(
  'scrutiny_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    owner: text('owner').notNull(),
    dueDate: date('due_date').notNull(),
    status: text('status').$type<ActionStatus>().notNull().default('open'),
    closedOn: date('closed_on'),
    closureNote: text('closure_note'),
  },
  (t) => [index('scrutiny_actions_meeting_idx').on(t.meetingId)],
);

export const decisions = pgTable('scrutiny_decisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  reference: text('reference').notNull().unique(),
  title: text('title').notNull(),
  decisionDate: date('decision_date').notNull(),
  decidedBy: text('decided_by').notNull(),
  summary: text('summary').notNull(),
  financialImplications: text('financial_implications'),
  significantPublicInterest: boolean('significant_public_interest').notNull().default(false),
  /** Never shown to the public or in the API. */
  exemptParts: text('exempt_parts'),
  exemptionReason: text('exemption_reason'),
  published: boolean('published').notNull().default(false),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const INSPECTION_KINDS = ['peel', 'thematic'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export const inspections = pgTable('scrutiny_inspections', {
  id: uuid('id').primaryKey().defaultRandom(),
  reference: text('reference').notNull().unique(),
  title: text('title').notNull(),
  kind: text('kind').$type<InspectionKind>().notNull(),
  publishedOn: date('published_on').notNull(),
  summary: text('summary'),
  url: text('url'),
  commentsText: text('comments_text'),
  commentsPublishedOn: date('comments_published_on'),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const FINDING_KINDS = ['cause-of-concern', 'recommendation', 'area-for-improvement'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export const FINDING_STATUSES = ['open', 'in-progress', 'complete'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const findings = pgTable(
  'scrutiny_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<FindingKind>().notNull(),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    priorityIds: jsonb('priority_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    priorityTitles: jsonb('priority_titles')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    status: text('status').$type<FindingStatus>().notNull().default('open'),
  },
  (t) => [index('scrutiny_findings_inspection_idx').on(t.inspectionId, t.position)],
);

export const findingUpdates = pgTable(
  'scrutiny_finding_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    updateDate: date('update_date').notNull(),
    text: text('text').notNull(),
    author: text('author').notNull(),
  },
  (t) => [index('scrutiny_finding_updates_idx').on(t.findingId)],
);

export const RISK_KINDS = ['risk', 'horizon'] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

export const risks = pgTable('scrutiny_risks', {
  id: uuid('id').primaryKey().defaultRandom(),
  reference: text('reference').notNull().unique(),
  kind: text('kind').$type<RiskKind>().notNull(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  likelihood: integer('likelihood').notNull(),
  impact: integer('impact').notNull(),
  owner: text('owner').notNull(),
  mitigations: text('mitigations'),
  reviewDate: date('review_date').notNull(),
  closed: boolean('closed').notNull().default(false),
  /** Marked public: only these risks are in the open data register (the rest stay with staff). */
  isPublic: boolean('is_public').notNull().default(false),
  isDemo: boolean('is_demo').notNull().default(false),
});

/** The classes of information of the Specified Information Order, and where each is published. */
export const publicationClasses = pgTable(
  'scrutiny_publication_classes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    requirement: text('requirement').notNull(),
    /** How old the latest publication may be before it is overdue. */
    maxAgeDays: integer('max_age_days').notNull(),
    whereUrl: text('where_url'),
    lastUpdated: date('last_updated'),
  },
  (t) => [uniqueIndex('scrutiny_publication_classes_key_uq').on(t.key)],
);

/** The module's own settings (one row, key 'calendar'): election date, annual report, reminders. */
export const scrutinySettings = pgTable('scrutiny_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
