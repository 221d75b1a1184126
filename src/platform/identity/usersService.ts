import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/index.js';
import { recordAudit } from '../audit.js';
import { RuleError, conflict, notFound } from '../http.js';
import { type Actor, type Role, isRole, roleOf } from '../roles.js';
import type { Mailer } from '../mailer.js';
import { DECOY_HASH, hashPassword, passwordProblem, verifyPassword, type PasswordHashing } from './password.js';
import { NOTIFY_AFTER_FAILURES, createSignInThrottle, type SignInThrottle } from './signInThrottle.js';
import { deleteSessionsOf } from './identityRepository.js';
import { usersRepository as repo, type User, type UserInsert } from './usersRepository.js';

const INVITE_DAYS = 7;

export type { User };
export type PublicUser = Omit<User, 'passwordHash' | 'inviteTokenHash'>;

function publicUser(u: User): PublicUser {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { passwordHash, inviteTokenHash, ...rest } = u;
  return rest;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const normaliseEmail = (e: string) => e.trim().toLowerCase();

export type SignInResult =
  { ok: true; user: PublicUser } | { ok: false; reason: 'invalid' | 'disabled' } | { ok: false; reason: 'throttled'; waitSeconds: number };

export interface UsersServiceOptions {
  /** Tells owners of accounts under attack (without it, nobody is told). */
  mailer?: Mailer;
  baseUrl?: string;
  throttle?: SignInThrottle;
  /** The cost of new password hashes (config.passwordHashing): standard unless under test. */
  hashing?: PasswordHashing;
}

export function createUsersService(database: Database, opts: UsersServiceOptions = {}) {
  const { db } = database;
  const throttle = opts.throttle ?? createSignInThrottle(database);
  const hashing = opts.hashing ?? 'standard';

  async function list(): Promise<PublicUser[]> {
    return (await repo.list(db)).map(publicUser);
  }

  async function get(id: string): Promise<PublicUser | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const u = await repo.byId(db, id);
    return u ? publicUser(u) : undefined;
  }

  async function findByEmail(email: string): Promise<PublicUser | undefined> {
    const u = await repo.byEmail(db, normaliseEmail(email));
    return u ? publicUser(u) : undefined;
  }

  async function byRole(role: Role): Promise<PublicUser[]> {
    return (await repo.byRole(db, role)).map(publicUser);
  }

  async function create(
    actor: Actor,
    input: { email: string; name: string; role: Role; password: string; organisation?: string | null; isDemo?: boolean },
  ): Promise<PublicUser> {
    const problem = passwordProblem(input.password);
    if (problem) throw new RuleError(problem);
    if (!isRole(input.role)) throw new RuleError(`Unknown role ${input.role}`);
    const passwordHash = await hashPassword(input.password, hashing);
    return database.transaction(async (tx) => {
      const email = normaliseEmail(input.email);
      if (await repo.emailTaken(tx, email)) throw conflict(`An account with the email ${email} already exists`);
      const u = await repo.insert(tx, {
        email,
        name: input.name.trim(),
        role: input.role,
        organisation: input.organisation ?? null,
        passwordHash,
        status: 'active',
        isDemo: input.isDemo ?? false,
      });
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
      if (await repo.emailTaken(tx, email)) throw conflict(`An account with the email ${email} already exists`);
      const u = await repo.insert(tx, {
        email,
        name: input.name.trim(),
        role: input.role,
        organisation: input.organisation ?? null,
        status: 'invited',
        inviteTokenHash: sha256(token),
        inviteExpiresAt: new Date(Date.now() + INVITE_DAYS * 86400_000),
      });
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
    const u = await repo.byInviteTokenHash(db, sha256(token));
    if (!u || u.status !== 'invited' || !u.inviteExpiresAt || u.inviteExpiresAt < new Date()) return undefined;
    return publicUser(u);
  }

  async function acceptInvitation(token: string, password: string): Promise<PublicUser> {
    const problem = passwordProblem(password);
    if (problem) throw new RuleError(problem);
    const invited = await findInvitation(token);
    if (!invited) throw notFound('This invitation link is not valid or has expired');
    const passwordHash = await hashPassword(password, hashing);
    return database.transaction(async (tx) => {
      const u = await repo.update(tx, invited.id, { passwordHash, status: 'active', inviteTokenHash: null, inviteExpiresAt: null, updatedAt: new Date() });
      await recordAudit(
        tx,
        { id: u.id, label: u.email, role: roleOf(u.role) },
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
      const before = await repo.byId(tx, id);
      if (!before) throw notFound('No such account');
      if (actor.id === id && (changes.status === 'disabled' || (changes.role && changes.role !== before.role))) {
        throw new RuleError('You cannot disable your own account or change your own role');
      }
      const set: Partial<UserInsert> = { updatedAt: new Date() };
      if (changes.role) set.role = changes.role;
      if (changes.status) {
        set.status = changes.status;
      }
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.organisation !== undefined) set.organisation = changes.organisation;
      const after = await repo.update(tx, id, set);
      // Deactivated at once: every session of the account ends with the change.
      const ended = changes.status === 'disabled' ? await deleteSessionsOf(tx, id) : 0;
      await recordAudit(tx, actor, {
        action: changes.status === 'disabled' && before.status !== 'disabled' ? 'user.deactivate' : 'user.update',
        entityType: 'user',
        entityId: id,
        summary: ended ? `Changed account ${before.email}; ended ${ended} session(s)` : `Changed account ${before.email}`,
        before: publicUser(before),
        after: publicUser(after),
      });
      return publicUser(after);
    });
  }

  /**
   * Checks a password, throttled per account and source together (signInThrottle.ts): no account
   * is ever locked, a source that keeps failing waits longer each time, and the owner is told by
   * e-mail when an account sees many failures. The reason given never says whether the email exists.
   */
  async function signIn(email: string, password: string, opts: { source?: string; requestId?: string } = {}): Promise<SignInResult> {
    const accountKey = normaliseEmail(email);
    const source = opts.source ?? 'unknown';
    const wait = await throttle.waitSeconds(accountKey, source);
    if (wait > 0) return { ok: false, reason: 'throttled', waitSeconds: wait };
    const u = await repo.byEmail(db, accountKey);
    const good = u?.passwordHash
      ? await verifyPassword(u.passwordHash, password)
      : // Spend comparable time so response time does not reveal which emails exist.
        await verifyPassword(DECOY_HASH[hashing], password).then(() => false);
    if (!u || !good) {
      const outcome = await throttle.fail(accountKey, source);
      if (u && outcome.notifyOwner) await tellOwnerOfFailures(u, opts.requestId);
      return outcome.waitSeconds > 0 ? { ok: false, reason: 'throttled', waitSeconds: outcome.waitSeconds } : { ok: false, reason: 'invalid' };
    }
    if (u.status !== 'active') return { ok: false, reason: 'disabled' };
    await throttle.succeed(accountKey, source);
    const actor: Actor = { id: u.id, label: u.email, role: roleOf(u.role), requestId: opts.requestId };
    const after = await database.transaction(async (tx) => {
      const signedIn = await repo.update(tx, u.id, { lastSignInAt: throttle.now() });
      await recordAudit(tx, actor, { action: 'user.sign-in', entityType: 'user', entityId: u.id, summary: 'Signed in with a password' });
      return signedIn;
    });
    return { ok: true, user: publicUser(after) };
  }

  /** One e-mail a day at most to the owner of an account that many sign-ins have failed at. */
  async function tellOwnerOfFailures(u: User, requestId?: string) {
    const day = throttle.now().toISOString().slice(0, 10);
    const sent = await opts.mailer?.send({
      to: u.email,
      subject: 'Failed attempts to sign in to your OpenPCC account',
      body:
        `Hello ${u.name},\n\nThere have been ${NOTIFY_AFTER_FAILURES} or more failed attempts to sign in to your account (${u.email}) in the last hour. ` +
        `Your account is not locked, but each place the attempts come from now has to wait longer between tries.\n\n` +
        `If this was you, there is nothing to do. If it was not, someone may be guessing your password: ` +
        `change it at ${opts.baseUrl ?? ''}/account/password and turn on two-step verification at ${opts.baseUrl ?? ''}/account/two-step.\n`,
      dedupeKey: `sign-in-failures:${u.id}:${day}`,
    });
    if (sent?.queued) {
      await database.transaction((tx) =>
        recordAudit(
          tx,
          { id: u.id, label: u.email, role: roleOf(u.role), requestId },
          {
            action: 'user.sign-in-failures-reported',
            entityType: 'user',
            entityId: u.id,
            summary: `Told the owner of ${NOTIFY_AFTER_FAILURES} or more failed sign-ins in an hour`,
          },
        ),
      );
    }
  }

  return { list, get, findByEmail, byRole, create, invite, findInvitation, acceptInvitation, update, signIn };
}
export type UsersService = ReturnType<typeof createUsersService>;
