import { bigint, index, integer, primaryKey, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../schema.js';

/**
 * Failed sign-ins per account and source together (OWASP: throttle, never lock): each failure
 * from one source makes that source wait longer before its next try at that account, while the
 * owner signing in from anywhere else is not held up. Kept in the database so every process
 * sees the same counts.
 */
export const signInThrottle = pgTable(
  'sign_in_throttle',
  {
    /** The normalised e-mail address (known or not, so that waiting reveals nothing), or `two-step:<user id>`. */
    accountKey: text('account_key').notNull(),
    /** The client address (an IPv6 address by its /64 network). */
    source: text('source').notNull(),
    failures: integer('failures').notNull().default(0),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.accountKey, t.source] }), index('sign_in_throttle_recent_idx').on(t.accountKey, t.lastFailureAt)],
);

/** Single-use password reset links: only the SHA-256 of the token is kept. */
export const passwordResets = pgTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);

/** Two-step verification by authenticator app (TOTP, RFC 6238). The secret is kept encrypted. */
export const twoStep = pgTable('two_step', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secretEncrypted: text('secret_encrypted').notNull(),
  enabledAt: timestamp('enabled_at', { withTimezone: true }).notNull().defaultNow(),
  /** The last 30-second step accepted: a code is never accepted twice. */
  lastStep: bigint('last_step', { mode: 'number' }),
});

/** Recovery codes for two-step verification: shown once, kept as SHA-256 hashes, used once. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/** Accounts signed in through OpenID Connect: the provider's subject for each account. */
export const oidcIdentities = pgTable(
  'oidc_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index('oidc_identities_user_idx').on(t.userId)],
);
