import { createHash, randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/index.js';
import { recordAudit } from '../audit.js';
import { RuleError, conflict, notFound } from '../http.js';
import { type Actor, type Role, isRole } from '../roles.js';
import { users } from '../schema.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;
const INVITE_DAYS = 7;

export type User = typeof users.$inferSelect;
export type PublicUser = Omit<User, 'passwordHash' | 'inviteTokenHash'>;

function publicUser(u: User): PublicUser {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { passwordHash, inviteTokenHash, ...rest } = u;
  return rest;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const normaliseEmail = (e: string) => e.trim().toLowerCase();

export type SignInResult = { ok: true; user: PublicUser } | { ok: false; reason: 'invalid' | 'locked' | 'disabled' };

export function createUsersService(database: Database) {
  const { db } = database;

  async function list(): Promise<PublicUser[]> {
    return (await db.select().from(users).orderBy(asc(users.name))).map(publicUser);
  }

  async function get(id: string): Promise<PublicUser | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [u] = await db.select().from(users).where(eq(users.id, id));
    return u ? publicUser(u) : undefined;
  }

  async function findByEmail(email: string): Promise<PublicUser | undefined> {
    const [u] = await db
      .select()
      .from(users)
      .where(eq(users.email, normaliseEmail(email)));
    return u ? publicUser(u) : undefined;
  }

  async function byRole(role: Role): Promise<PublicUser[]> {
    return (await db.select().from(users).where(eq(users.role, role)).orderBy(asc(users.name))).map(publicUser);
  }

  async function create(
    actor: Actor,
    input: { email: string; name: string; role: Role; password: string; organisation?: string | null; isDemo?: boolean },
  ): Promise<PublicUser> {
    const problem = passwordProblem(input.password);
    if (problem) throw new RuleError(problem);
    if (!isRole(input.role)) throw new RuleError(`Unknown role ${input.role}`);
    const passwordHash = await hashPassword(input.password);
    return database.transaction(async (tx) => {
      const email = normaliseEmail(input.email);
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (existing) throw conflict(`An account with the email ${email} already exists`);
      const [u] = await tx
        .insert(users)
        .values({
          email,
          name: input.name.trim(),
          role: input.role,
          organisation: input.organisation ?? null,
          passwordHash,
          status: 'active',
          isDemo: input.isDemo ?? false,
        })
        .returning();
      await recordAudit(tx, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: u.id,
        summary: `Created account ${email} (${input.role})`,
        after: publicUser(u),
      });
      return publicUser(u);
    });
  }

  /** Creates an invited account and returns the one-time token for the invitation link. */
  async function invite(
    actor: Actor,
    input: { email: string; name: string; role: Role; organisation?: string | null },
  ): Promise<{ user: PublicUser; token: string }> {
    const token = randomBytes(24).toString('base64url');
    return database.transaction(async (tx) => {
      const email = normaliseEmail(input.email);
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (existing) throw conflict(`An account with the email ${email} already exists`);
      const [u] = await tx
        .insert(users)
        .values({
          email,
          name: input.name.trim(),
          role: input.role,
          organisation: input.organisation ?? null,
          status: 'invited',
          inviteTokenHash: sha256(token),
          inviteExpiresAt: new Date(Date.now() + INVITE_DAYS * 86400_000),
        })
        .returning();
      await recordAudit(tx, actor, {
        action: 'user.invite',
        entityType: 'user',
        entityId: u.id,
        summary: `Invited ${email} as ${input.role}`,
        after: publicUser(u),
      });
      return { user: publicUser(u), token };
    });
  }

  async function findInvitation(token: string): Promise<PublicUser | undefined> {
    const [u] = await db
      .select()
      .from(users)
      .where(eq(users.inviteTokenHash, sha256(token)));
    if (!u || u.status !== 'invited' || !u.inviteExpiresAt || u.inviteExpiresAt < new Date()) return undefined;
    return publicUser(u);
  }

  async function acceptInvitation(token: string, password: string): Promise<PublicUser> {
    const problem = passwordProblem(password);
    if (problem) throw new RuleError(problem);
    const invited = await findInvitation(token);
    if (!invited) throw notFound('This invitation link is not valid or has expired');
    const passwordHash = await hashPassword(password);
    return database.transaction(async (tx) => {
      const [u] = await tx
        .update(users)
        .set({ passwordHash, status: 'active', inviteTokenHash: null, inviteExpiresAt: null, updatedAt: new Date() })
        .where(eq(users.id, invited.id))
        .returning();
      await recordAudit(
        tx,
        { id: u.id, label: u.email, role: u.role as Role },
        {
          action: 'user.accept-invitation',
          entityType: 'user',
          entityId: u.id,
          summary: `${u.email} set a password and activated the account`,
        },
      );
      return publicUser(u);
    });
  }

  async function update(
    actor: Actor,
    id: string,
    changes: { role?: Role; status?: 'active' | 'disabled'; name?: string; organisation?: string | null },
  ): Promise<PublicUser> {
    return database.transaction(async (tx) => {
      const [before] = await tx.select().from(users).where(eq(users.id, id));
      if (!before) throw notFound('No such account');
      if (actor.id === id && (changes.status === 'disabled' || (changes.role && changes.role !== before.role))) {
        throw new RuleError('You cannot disable your own account or change your own role');
      }
      const set: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
      if (changes.role) set.role = changes.role;
      if (changes.status) {
        set.status = changes.status;
        if (changes.status === 'active') {
          set.failedAttempts = 0;
          set.lockedUntil = null;
        }
      }
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.organisation !== undefined) set.organisation = changes.organisation;
      const [after] = await tx.update(users).set(set).where(eq(users.id, id)).returning();
      await recordAudit(tx, actor, {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        summary: `Changed account ${before.email}`,
        before: publicUser(before),
        after: publicUser(after),
      });
      return publicUser(after);
    });
  }

  /**
   * Checks a password. Repeated failures lock the account for a while; the reason given to the
   * person never says whether the email exists.
   */
  async function signIn(email: string, password: string, requestId?: string): Promise<SignInResult> {
    const [u] = await db
      .select()
      .from(users)
      .where(eq(users.email, normaliseEmail(email)));
    if (!u || !u.passwordHash) {
      // Spend comparable time so response time does not reveal which emails exist.
      await verifyPassword('$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG', password);
      return { ok: false, reason: 'invalid' };
    }
    if (u.status === 'disabled') return { ok: false, reason: 'disabled' };
    if (u.lockedUntil && u.lockedUntil > new Date()) return { ok: false, reason: 'locked' };
    const good = await verifyPassword(u.passwordHash, password);
    const actor: Actor = { id: u.id, label: u.email, role: u.role as Role, requestId };
    if (!good) {
      await database.transaction(async (tx) => {
        const [after] = await tx
          .update(users)
          .set({ failedAttempts: sql`${users.failedAttempts} + 1` })
          .where(eq(users.id, u.id))
          .returning();
        if (after.failedAttempts >= MAX_FAILED_ATTEMPTS) {
          await tx
            .update(users)
            .set({ lockedUntil: new Date(Date.now() + LOCKOUT_MINUTES * 60_000), failedAttempts: 0 })
            .where(eq(users.id, u.id));
          await recordAudit(tx, actor, {
            action: 'user.locked',
            entityType: 'user',
            entityId: u.id,
            summary: `Locked for ${LOCKOUT_MINUTES} minutes after ${MAX_FAILED_ATTEMPTS} failed sign-ins`,
          });
        }
      });
      return { ok: false, reason: 'invalid' };
    }
    const [after] = await database.transaction(async (tx) => {
      const rows = await tx.update(users).set({ failedAttempts: 0, lockedUntil: null, lastSignInAt: new Date() }).where(eq(users.id, u.id)).returning();
      await recordAudit(tx, actor, { action: 'user.sign-in', entityType: 'user', entityId: u.id, summary: 'Signed in' });
      return rows;
    });
    return { ok: true, user: publicUser(after) };
  }

  return { list, get, findByEmail, byRole, create, invite, findInvitation, acceptInvitation, update, signIn };
}
export type UsersService = ReturnType<typeof createUsersService>;
