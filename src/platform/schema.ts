import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  /** Organisation the person works for (force, OPCC, a partner); used for force leads. */
  organisation: text('organisation'),
  passwordHash: text('password_hash'),
  status: text('status').notNull().default('active'), // active | invited | disabled
  inviteTokenHash: text('invite_token_hash'),
  inviteExpiresAt: timestamp('invite_expires_at', { withTimezone: true }),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  isDemo: boolean('is_demo').notNull().default(false),
  lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sessions = pgTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    data: jsonb('data').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true })
      .notNull()
      .default(sql`now()`),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    summary: text('summary'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    /** The hash of the entry before this one (64 zeros for the first): the chain. */
    prevHash: text('prev_hash').notNull().default(''),
    /** sha256 of prevHash and this entry's content, set by the database (migration 0002). */
    hash: text('hash').notNull().default(''),
  },
  (t) => [index('audit_entity_idx').on(t.entityType, t.entityId), index('audit_at_idx').on(t.at), index('audit_actor_idx').on(t.actorId)],
);

/** Key/value settings (validated JSON), e.g. `area` for the policing area's names. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Facts about the database itself, e.g. when the demo data was loaded. */
export const meta = pgTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every e-mail the system sends; when SMTP is not configured this is the outbox admins read. */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** Makes sending idempotent: one message per key, e.g. `reminder:<action>:<period>`. */
    dedupeKey: text('dedupe_key').unique(),
    /** Extra headers (e.g. List-Unsubscribe), already checked to hold no line breaks. */
    headers: jsonb('headers').$type<Record<string, string>>(),
    status: text('status').notNull().default('queued'), // queued | sending | sent | failed | outbox
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_created_idx').on(t.createdAt)],
);

/** Background jobs (imports, reports): queued in the database, run by any app process. */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('queued'), // queued | running | done | failed
    payload: jsonb('payload')
      .notNull()
      .default(sql`'{}'::jsonb`),
    result: jsonb('result'),
    progress: integer('progress').notNull().default(0),
    total: integer('total'),
    message: text('message'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('jobs_status_idx').on(t.status, t.createdAt)],
);

/** When each scheduled task last ran, so a restart neither skips nor repeats its work. */
export const schedulerRuns = pgTable('scheduler_runs', {
  name: text('name').primaryKey(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }).notNull(),
  lastResult: text('last_result'),
});

/** Requests counted by the rate limits on PostgreSQL, shared by every app process (rateLimitStore.ts). */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rate_limits_reset_idx').on(t.resetAt)],
);

/**
 * What the system told a person (or an outside address): one row per recipient and event, in the
 * same transaction as the change that caused it. `delivery` is how it goes by e-mail: `immediate`
 * (an outbox message now), `digest` (in the person's daily digest), `off` (turned off; still
 * listed in their tasks).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    event: text('event').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    /** One notification per key and recipient, however often it is asked for. */
    dedupeKey: text('dedupe_key').unique(),
    delivery: text('delivery').notNull(), // immediate | digest | off
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    emailedAt: timestamp('emailed_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt), index('notifications_digest_idx').on(t.delivery, t.emailedAt)],
);

/** A person's choice per event (`*`: their default): immediate | digest | off. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    mode: text('mode').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.event] })],
);

/**
 * Residents subscribed by e-mail to public topics. Nothing is sent before `confirmedAt` (double
 * opt-in); the unsubscribe link is an HMAC of the id, so no token is stored to leak.
 */
export const subscribers = pgTable('subscribers', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  topics: jsonb('topics').$type<string[]>().notNull(),
  /** Topics asked for and not yet confirmed (a confirmed subscription is unchanged until then). */
  pendingTopics: jsonb('pending_topics').$type<string[]>(),
  status: text('status').notNull().default('pending'), // pending | confirmed | unsubscribed
  confirmTokenHash: text('confirm_token_hash'),
  confirmExpiresAt: timestamp('confirm_expires_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
});
