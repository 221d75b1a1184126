import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { sessions, settings, users } from '../schema.js';
import { oidcIdentities, passwordResets, recoveryCodes, signInThrottle, twoStep } from './schema.js';

/** SQL of the sign-in records: throttling, reset links, two-step verification, OIDC identities, sessions. */

export async function throttleRow(db: Db, accountKey: string, source: string) {
  const [row] = await db
    .select()
    .from(signInThrottle)
    .where(and(eq(signInThrottle.accountKey, accountKey), eq(signInThrottle.source, source)));
  return row;
}

/** Counts one more failure (starting again after `forgetBefore`) and returns the new count. */
export async function addThrottleFailure(db: Db, accountKey: string, source: string, now: Date, forgetBefore: Date): Promise<number> {
  const [row] = await db
    .insert(signInThrottle)
    .values({ accountKey, source, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: [signInThrottle.accountKey, signInThrottle.source],
      set: {
        failures: sql`case when ${signInThrottle.lastFailureAt} < ${forgetBefore} then 1 else ${signInThrottle.failures} + 1 end`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: signInThrottle.failures });
  return row.failures;
}

export async function setThrottleBlock(db: Db, accountKey: string, source: string, blockedUntil: Date | null) {
  await db
    .update(signInThrottle)
    .set({ blockedUntil })
    .where(and(eq(signInThrottle.accountKey, accountKey), eq(signInThrottle.source, source)));
}

/** Failures at this account from every source since `since`. */
export async function recentAccountFailures(db: Db, accountKey: string, since: Date): Promise<{ failures: number; sources: number }> {
  const [row] = await db
    .select({ failures: sql<number>`coalesce(sum(${signInThrottle.failures}), 0)::int`, sources: sql<number>`count(*)::int` })
    .from(signInThrottle)
    .where(and(eq(signInThrottle.accountKey, accountKey), gt(signInThrottle.lastFailureAt, since)));
  return row;
}

export async function clearThrottle(db: Db, accountKey: string, source: string) {
  await db.delete(signInThrottle).where(and(eq(signInThrottle.accountKey, accountKey), eq(signInThrottle.source, source)));
}

export async function insertPasswordReset(db: Db, row: typeof passwordResets.$inferInsert) {
  await db.insert(passwordResets).values(row);
}

export async function findPasswordReset(db: Db, tokenHash: string) {
  const [row] = await db.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash));
  return row;
}

/** Marks this link used and every other unused link of the person spent too (only one works, once). */
export async function usePasswordResets(db: Db, userId: string, now: Date) {
  await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string, now: Date) {
  const [row] = await db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId)).returning();
  return row;
}

export async function userWithSecrets(db: Db, userId: string) {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  return row;
}

export async function twoStepOf(db: Db, userId: string) {
  const [row] = await db.select().from(twoStep).where(eq(twoStep.userId, userId));
  return row;
}

export async function saveTwoStep(db: Db, userId: string, secretEncrypted: string, step: number, now: Date) {
  await db
    .insert(twoStep)
    .values({ userId, secretEncrypted, enabledAt: now, lastStep: step })
    .onConflictDoUpdate({ target: twoStep.userId, set: { secretEncrypted, enabledAt: now, lastStep: step } });
}

/** Records the step of an accepted code, only if it is later than the last one (no replay). */
export async function advanceTwoStep(db: Db, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(twoStep)
    .set({ lastStep: step })
    .where(and(eq(twoStep.userId, userId), sql`coalesce(${twoStep.lastStep}, -1) < ${step}`))
    .returning({ userId: twoStep.userId });
  return rows.length === 1;
}

export async function deleteTwoStep(db: Db, userId: string) {
  await db.delete(twoStep).where(eq(twoStep.userId, userId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

export async function replaceRecoveryCodes(db: Db, userId: string, codeHashes: string[]) {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (codeHashes.length) await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ codeHash, userId })));
}

/** Spends a recovery code of this person; false if it is not theirs or already used. */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ codeHash: recoveryCodes.codeHash });
  return rows.length === 1;
}

export async function unusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row.n;
}

export async function oidcIdentity(db: Db, issuer: string, subject: string) {
  const [row] = await db
    .select()
    .from(oidcIdentities)
    .where(and(eq(oidcIdentities.issuer, issuer), eq(oidcIdentities.subject, subject)));
  return row;
}

export async function linkOidcIdentity(db: Db, issuer: string, subject: string, userId: string, now: Date) {
  await db
    .insert(oidcIdentities)
    .values({ issuer, subject, userId, lastSignInAt: now })
    .onConflictDoUpdate({ target: [oidcIdentities.issuer, oidcIdentities.subject], set: { lastSignInAt: now } });
}

/** Ends the sessions of a person (all, or all but `keepSid`); returns how many ended. */
export async function deleteSessionsOf(db: Db, userId: string, keepSid?: string): Promise<number> {
  const mine = sql`${sessions.data}->>'userId' = ${userId}`;
  const rows = await db
    .delete(sessions)
    .where(keepSid ? and(mine, ne(sessions.sid, keepSid)) : mine)
    .returning({ sid: sessions.sid });
  return rows.length;
}

export async function countSessionsOf(db: Db, userId: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sessions)
    .where(and(sql`${sessions.data}->>'userId' = ${userId}`, gt(sessions.expiresAt, now)));
  return row.n;
}

export async function readSetting(db: Db, key: string): Promise<unknown> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row?.value;
}

export async function writeSetting(db: Db, key: string, value: unknown, now: Date) {
  await db
    .insert(settings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
}

export async function userByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}

/** An account made at its first sign-in through the identity provider: it has no password. */
export async function insertExternalUser(db: Db, values: { email: string; name: string; role: string; now: Date }) {
  const [row] = await db
    .insert(users)
    .values({ email: values.email, name: values.name, role: values.role, status: 'active', lastSignInAt: values.now })
    .returning();
  return row;
}

export async function updateUserSignIn(db: Db, userId: string, changes: { role: string; name: string; now: Date }) {
  const [row] = await db
    .update(users)
    .set({ role: changes.role, name: changes.name, lastSignInAt: changes.now, updatedAt: changes.now })
    .where(eq(users.id, userId))
    .returning();
  return row;
}
