import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { SurveyDefinition } from './surveyDefinition.js';

/**
 * A consultation starts as a draft that only staff see; publishing makes it public as forthcoming
 * ("planned") or open, by its dates. Rows from before the draft stage keep the stage they had.
 */
export const CONSULTATION_STAGES = ['draft', 'planned', 'open', 'closed', 'analysed', 'feedback-published'] as const;
export type ConsultationStage = (typeof CONSULTATION_STAGES)[number];

export const METHOD_KINDS = ['online-survey', 'roadshow', 'engagement-stall', 'focus-group', 'briefing', 'workshop', 'paper-form'] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];

export const CHANNELS = ['online', 'roadshow', 'engagement-stall', 'focus-group', 'briefing', 'workshop', 'paper-form'] as const;
export type Channel = (typeof CHANNELS)[number];

export const consultations = pgTable(
  'engagement_consultations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull().unique(),
    title: text('title').notNull(),
    purpose: text('purpose').notNull().default(''),
    /** The plan it informs (by reference: plans are versioned) and the priorities within it. */
    planReference: text('plan_reference'),
    priorityReferences: jsonb('priority_references')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    audience: text('audience').notNull().default(''),
    areas: text('areas').notNull().default(''),
    stage: text('stage').$type<ConsultationStage>().notNull().default('draft'),
    opensOn: date('opens_on').notNull(),
    closesOn: date('closes_on').notNull(),
    /** Set on the first extension: the closing date first announced. */
    originalClosesOn: date('original_closes_on'),
    extensionReason: text('extension_reason'),
    resultsSummary: text('results_summary'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('engagement_consultations_stage_idx').on(t.stage)],
);

export const methods = pgTable(
  'engagement_methods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<MethodKind>().notNull(),
    description: text('description').notNull().default(''),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
    places: text('places').notNull().default(''),
    targetGroups: text('target_groups').notNull().default(''),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('engagement_methods_consultation_idx').on(t.consultationId)],
);

export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export const surveys = pgTable(
  'engagement_surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    version: integer('version').notNull().default(1),
    previousVersionId: uuid('previous_version_id'),
    title: text('title').notNull(),
    status: text('status').$type<SurveyStatus>().notNull().default('draft'),
    definition: jsonb('definition').$type<SurveyDefinition>().notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('engagement_surveys_version_uq').on(t.consultationId, t.version)],
);

export type AnswerValue = string | string[] | number | Record<string, number> | null;

export const responses = pgTable(
  'engagement_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'restrict' }),
    /** Given to the respondent on the confirmation page. */
    reference: text('reference').notNull().unique(),
    channel: text('channel').$type<Channel>().notNull().default('online'),
    answers: jsonb('answers').$type<Record<string, AnswerValue>>().notNull(),
    /** The local authority (or ward) of the respondent, copied from the area answer for filters. */
    areaCode: text('area_code'),
    /** Generated demo data, never a real person's. */
    synthetic: boolean('synthetic').notNull().default(false),
    /** For offline entry and imports: the key that makes a re-import update instead of duplicate. */
    sourceKey: text('source_key'),
    enteredBy: text('entered_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('engagement_responses_survey_idx').on(t.surveyId, t.submittedAt), uniqueIndex('engagement_responses_source_uq').on(t.surveyId, t.sourceKey)],
);

/** E-mail addresses for updates: kept apart from the answers, with no link to a response. */
export const contacts = pgTable(
  'engagement_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('engagement_contacts_uq').on(t.consultationId, t.email)],
);

/** The codebook: themes, and sub-themes under a theme; with "you said, we did". */
export const themes = pgTable(
  'engagement_themes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id'),
    label: text('label').notNull(),
    description: text('description').notNull().default(''),
    /** "We did": a sentence of response shown on the public page. */
    response: text('response').notNull().default(''),
    priorityIds: jsonb('priority_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    commitmentIds: jsonb('commitment_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('engagement_themes_label_uq').on(t.consultationId, t.label)],
);

/** One code applied to one free-text answer, by whom. Several per answer. */
export const codes = pgTable(
  'engagement_codes',
  {
    responseId: uuid('response_id')
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    themeId: uuid('theme_id')
      .notNull()
      .references(() => themes.id, { onDelete: 'cascade' }),
    codedBy: text('coded_by').notNull(),
    codedAt: timestamp('coded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.questionId, t.themeId] }), index('engagement_codes_theme_idx').on(t.themeId)],
);

export const codingNotes = pgTable(
  'engagement_coding_notes',
  {
    responseId: uuid('response_id')
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    note: text('note').notNull(),
    author: text('author').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.questionId] })],
);

/** A quotation an editor chose to publish (possibly trimmed); nothing else from free text is public. */
export const quotations = pgTable(
  'engagement_quotations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    responseId: uuid('response_id').references(() => responses.id, { onDelete: 'set null' }),
    themeId: uuid('theme_id').references(() => themes.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    published: boolean('published').notNull().default(false),
    publishedBy: text('published_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('engagement_quotations_consultation_idx').on(t.consultationId)],
);

export const LOG_TYPES = ['public-meeting', 'ward-walk', 'community-event', 'surgery', 'partner-meeting', 'school-visit', 'roadshow', 'other'] as const;
export type LogType = (typeof LOG_TYPES)[number];

/** Meetings and events of the commissioner and the office. */
export const logEntries = pgTable(
  'engagement_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    heldOn: date('held_on').notNull(),
    type: text('type').$type<LogType>().notNull(),
    title: text('title').notNull(),
    localAuthorityCode: text('local_authority_code'),
    wardCode: text('ward_code'),
    wardName: text('ward_name'),
    organisation: text('organisation').notNull().default(''),
    attendees: integer('attendees'),
    issuesRaised: text('issues_raised').notNull().default(''),
    followUps: text('follow_ups').notNull().default(''),
    followUpOwner: text('follow_up_owner').notNull().default(''),
    synthetic: boolean('synthetic').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('engagement_log_date_idx').on(t.heldOn), index('engagement_log_ward_idx').on(t.wardCode)],
);
