import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/index.js';
import { recordAudit } from '../audit.js';
import type { Mailer } from '../mailer.js';
import { RuleError } from '../http.js';
import { roleOf, type Actor } from '../roles.js';
import {
  countSessionsOf,
  deleteSessionsOf,
  findPasswordReset,
  insertPasswordReset,
  setPasswordHash,
  usePasswordResets,
  userWithSecrets,
} from './identityRepository.js';
import { hashPassword, passwordProblem, verifyPassword, type PasswordHashing } from './password.js';
import type { UsersService } from './usersService.js';

/** How long a reset link works. */
export const RESET_LINK_MINUTES = 60;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const actorOf = (u: { id: string; email: string; role: string }, requestId?: string): Actor => ({ id: u.id, label: u.email, role: roleOf(u.role), requestId });

/**
 * Passwords people manage themselves: a reset link by e-mail (single use, expires, only its hash
 * kept), changing one's own password, and ending one's other sessions.
 */
export function createPasswordService(
  database: Database,
  deps: { users: UsersService; mailer: Mailer; baseUrl: string; now?: () => Date; hashing?: PasswordHashing },
) {
  const now = deps.now ?? (() => new Date());

  /**
   * Sends a reset link if the address belongs to an active account with a password. Says nothing
   * either way (the page is the same), so it cannot be used to find out who has an account.
   */
  async function requestReset(email: string, requestId?: string): Promise<void> {
    const user = await deps.users.findByEmail(email);
    if (!user || user.status !== 'active') return;
    const secrets = await userWithSecrets(database.db, user.id);
    if (!secrets?.passwordHash) return; // signs in through the identity provider
    const token = randomBytes(32).toString('base64url');
    const at = now();
    await database.transaction(async (tx) => {
      await insertPasswordReset(tx, {
        tokenHash: sha256(token),
        userId: user.id,
        expiresAt: new Date(at.getTime() + RESET_LINK_MINUTES * 60_000),
        createdAt: at,
      });
      await recordAudit(tx, actorOf(user, requestId), {
        action: 'user.password-reset-requested',
        entityType: 'user',
        entityId: user.id,
        summary: 'Asked for a password reset link',
      });
    });
    await deps.mailer.send({
      to: user.email,
      subject: 'Reset your OpenPCC password',
      body:
        `Hello ${user.name},\n\nSomeone (we hope you) asked to reset the password of your OpenPCC account.\n` +
        `Choose a new password within ${RESET_LINK_MINUTES} minutes: ${deps.baseUrl}/sign-in/reset/${token}\n\n` +
        `The link works once. If you did not ask for it, ignore this e-mail: your password has not changed.\n`,
    });
  }

  /** The account a reset link is for, if the link is unused and unexpired. */
  async function findReset(token: string) {
    if (!/^[\w-]{20,100}$/.test(token)) return undefined;
    const row = await findPasswordReset(database.db, sha256(token));
    if (!row || row.usedAt || row.expiresAt <= now()) return undefined;
    const user = await deps.users.get(row.userId);
    return user?.status === 'active' ? user : undefined;
  }

  async function hashNewPassword(password: string) {
    const problem = passwordProblem(password);
    if (problem) throw new RuleError(problem);
    return hashPassword(password, deps.hashing);
  }

  /** Sets a new password from a reset link; the link is spent and every session of the account ends. */
  async function resetPassword(token: string, password: string, requestId?: string): Promise<boolean> {
    const user = await findReset(token);
    if (!user) return false;
    const hash = await hashNewPassword(password);
    return database.transaction(async (tx) => {
      const row = await findPasswordReset(tx, sha256(token));
      if (!row || row.usedAt) return false; // spent by a request running at the same time
      const at = now();
      await usePasswordResets(tx, user.id, at);
      await setPasswordHash(tx, user.id, hash, at);
      const ended = await deleteSessionsOf(tx, user.id);
      await recordAudit(tx, actorOf(user, requestId), {
        action: 'user.password-reset',
        entityType: 'user',
        entityId: user.id,
        summary: `Set a new password from a reset link; ended ${ended} session(s)`,
      });
      return true;
    });
  }

  /** Changes one's own password after checking the current one; other sessions end, this one stays. */
  async function changePassword(actor: Actor, current: string, password: string, keepSid: string): Promise<'changed' | 'wrong-password'> {
    if (!actor.id) throw new RuleError('Sign in first');
    const u = await userWithSecrets(database.db, actor.id);
    if (!u?.passwordHash || !(await verifyPassword(u.passwordHash, current))) return 'wrong-password';
    const hash = await hashNewPassword(password);
    await database.transaction(async (tx) => {
      await setPasswordHash(tx, u.id, hash, now());
      await usePasswordResets(tx, u.id, now());
      const ended = await deleteSessionsOf(tx, u.id, keepSid);
      await recordAudit(tx, actor, {
        action: 'user.password-change',
        entityType: 'user',
        entityId: u.id,
        summary: `Changed their password; ended ${ended} other session(s)`,
      });
    });
    return 'changed';
  }

  async function hasPassword(userId: string): Promise<boolean> {
    return Boolean((await userWithSecrets(database.db, userId))?.passwordHash);
  }

  /** True if this is the person's password, or they have none (they sign in through the identity provider). */
  async function confirmPassword(userId: string, password: string): Promise<boolean> {
    const u = await userWithSecrets(database.db, userId);
    return !u?.passwordHash || verifyPassword(u.passwordHash, password);
  }

  async function otherSessions(userId: string): Promise<number> {
    return Math.max(0, (await countSessionsOf(database.db, userId, now())) - 1);
  }

  async function endOtherSessions(actor: Actor, keepSid: string): Promise<number> {
    if (!actor.id) throw new RuleError('Sign in first');
    const userId = actor.id;
    return database.transaction(async (tx) => {
      const ended = await deleteSessionsOf(tx, userId, keepSid);
      await recordAudit(tx, actor, {
        action: 'user.sign-out-others',
        entityType: 'user',
        entityId: userId,
        summary: `Signed out of ${ended} other session(s)`,
      });
      return ended;
    });
  }

  return { requestReset, findReset, resetPassword, changePassword, hasPassword, confirmPassword, otherSessions, endOtherSessions };
}
export type PasswordService = ReturnType<typeof createPasswordService>;
