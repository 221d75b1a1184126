import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/index.js';
import { recordAudit } from './audit.js';
import { RuleError } from './http.js';
import type { Mailer } from './mailer.js';
import { isRole, type Actor, type Role } from './roles.js';
import { notificationPreferences, notifications, users } from './schema.js';

export const DELIVERY_MODES = ['immediate', 'digest', 'off'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
/** A mode read back from storage (a text column written only with DELIVERY_MODES). */
const modeOf = (mode: string): DeliveryMode => DELIVERY_MODES.find((m) => m === mode) ?? 'immediate';

/** An event people can be told about, as it shows on their preferences page. */
export interface NotificationEvent {
  /** `<module>.<event>`, e.g. `delivery.update-submitted`. */
  event: string;
  /** Plain English, e.g. "An update is waiting for your approval". */
  label: string;
  /** The roles that may receive it (the preferences page lists it to them). */
  roles: readonly Role[];
  /** The roles for which it is their duty: they cannot turn it off (at once or digest only). */
  duty?: readonly Role[];
}

/** Who to tell. Staff by id or by role (active accounts); anyone else by e-mail address. */
export interface Recipients {
  userIds?: readonly string[];
  roles?: readonly Role[];
  emails?: readonly string[];
  /** Never these people (e.g. the person who did the thing). */
  exceptUserIds?: readonly (string | null | undefined)[];
}

export interface Notice {
  event: string;
  to: Recipients;
  subject: string;
  /** Plain text; the link is added at the end of the e-mail. */
  body: string;
  /** Where the thing is done: a path (`/admin/...`) or a full address. */
  link?: string;
  /** With a key, each recipient is told once only, however often this is called. */
  dedupeKey?: string;
}

export type Notification = typeof notifications.$inferSelect;

/** London's date and hour (the digest goes once a day, from DIGEST_HOUR). */
function londonParts(now: Date): { date: string; hour: number } {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(now).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) };
}
export const DIGEST_HOUR = 7;

/** A preference may turn an event off only when it is not the person's duty. */
export function allowedMode(event: NotificationEvent | undefined, role: string | null, mode: DeliveryMode): DeliveryMode {
  if (mode !== 'off') return mode;
  if (!event || (isRole(role) && event.duty?.includes(role))) return 'immediate';
  return 'off';
}

/**
 * Notifications: tell people what happened and what waits for them.
 *
 * Contract (stable; only additive changes):
 * - `notify(tx, notice)` is called by a service INSIDE the transaction of the change it reports.
 *   It records one notification per recipient (staff by id or role, outside people by e-mail),
 *   and, per the recipient's preference for that event, queues an e-mail in the outbox in the same
 *   transaction (`immediate`), leaves it for the daily digest (`digest`), or only lists it in
 *   their tasks (`off`). Outside addresses always get it at once. If the transaction rolls back,
 *   nothing was recorded or sent. With `dedupeKey`, each recipient is told once only, ever.
 * - `defineEvent(...)` lists an event on the preferences page; an event not defined is sent at
 *   once and cannot be turned off. An event can be turned off only by people whose duty it is not.
 * - `runDigests(now)` sends each person one digest a day (from 07:00 London time) of what they
 *   chose to get that way; the digest's outbox key is per person and day, and the notifications
 *   are marked in the same transaction, so a restart neither repeats nor loses one.
 * See docs/adr/0017-notifications-and-subscriptions.md.
 */
export function createNotifications(database: Database, mailer: Mailer, opts: { baseUrl: string; clock?: () => Date }) {
  const events = new Map<string, NotificationEvent>();
  const clock = opts.clock ?? (() => new Date());
  const base = opts.baseUrl.replace(/\/$/, '');

  function defineEvent(e: NotificationEvent) {
    events.set(e.event, e);
  }

  /** A full address for a link (paths are put under BASE_URL). */
  function absolute(link: string | undefined): string | undefined {
    if (!link) return undefined;
    return /^https?:\/\//.test(link) ? link : `${base}${link.startsWith('/') ? '' : '/'}${link}`;
  }

  async function recipientsOf(tx: Db, to: Recipients) {
    const except = new Set((to.exceptUserIds ?? []).filter(Boolean));
    const ids = (to.userIds ?? []).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    const roles = (to.roles ?? []).filter(isRole);
    const staff =
      ids.length || roles.length
        ? await tx
            .select({ id: users.id, email: users.email, name: users.name, role: users.role, status: users.status })
            .from(users)
            .where(
              sql`${users.status} = 'active' and (${ids.length ? inArray(users.id, ids) : sql`false`} or ${roles.length ? inArray(users.role, roles) : sql`false`})`,
            )
        : [];
    const byEmail = new Map<string, { id: string | null; email: string; role: string | null }>();
    for (const u of staff) if (!except.has(u.id)) byEmail.set(u.email.toLowerCase(), { id: u.id, email: u.email, role: u.role });
    for (const raw of to.emails ?? []) {
      const email = raw.trim();
      if (!/^[^\s@]+@[^\s@]+$/.test(email) || byEmail.has(email.toLowerCase())) continue;
      byEmail.set(email.toLowerCase(), { id: null, email, role: null });
    }
    return [...byEmail.values()];
  }

  async function modesOf(tx: Db, userIds: string[], event: string): Promise<Map<string, DeliveryMode>> {
    if (!userIds.length) return new Map();
    const rows = await tx
      .select()
      .from(notificationPreferences)
      .where(and(inArray(notificationPreferences.userId, userIds), inArray(notificationPreferences.event, [event, '*'])));
    const out = new Map<string, DeliveryMode>();
    for (const r of rows.sort((a, b) => (a.event === '*' ? -1 : 1) - (b.event === '*' ? -1 : 1))) out.set(r.userId, modeOf(r.mode));
    return out;
  }

  function mailBody(n: { body: string; link?: string | null }, footer?: string) {
    return [n.body, n.link ? `\n${n.link}` : '', footer ? `\n${footer}` : ''].join('\n').trim();
  }

  /** Records the notice for each recipient and queues the e-mails due at once (see the contract). */
  async function notify(tx: Db, notice: Notice): Promise<{ recorded: number; emailed: number }> {
    const recipients = await recipientsOf(tx, notice.to);
    const def = events.get(notice.event);
    const modes = await modesOf(
      tx,
      recipients.flatMap((r) => (r.id ? [r.id] : [])),
      notice.event,
    );
    const link = absolute(notice.link);
    let recorded = 0;
    let emailed = 0;
    for (const r of recipients) {
      const mode = r.id ? allowedMode(def, r.role, modes.get(r.id) ?? 'immediate') : 'immediate';
      const [row] = await tx
        .insert(notifications)
        .values({
          event: notice.event,
          userId: r.id,
          email: r.email,
          subject: notice.subject,
          body: notice.body,
          link: link ?? null,
          dedupeKey: notice.dedupeKey ? `${notice.dedupeKey}:${r.id ?? r.email.toLowerCase()}` : null,
          delivery: mode,
          createdAt: clock(),
        })
        .onConflictDoNothing({ target: notifications.dedupeKey })
        .returning();
      if (!row) continue;
      recorded++;
      if (mode !== 'immediate') continue;
      await mailer.queue(tx, { to: r.email, subject: notice.subject, body: mailBody({ body: notice.body, link }), dedupeKey: `notification:${row.id}` });
      await tx.update(notifications).set({ emailedAt: clock() }).where(eq(notifications.id, row.id));
      emailed++;
    }
    return { recorded, emailed };
  }

  /** Sends the daily digests due at `now` (one message per person per London day). */
  async function runDigests(now = clock()): Promise<string> {
    const { date, hour } = londonParts(now);
    if (hour < DIGEST_HOUR) return 'not yet';
    const pending = await database.db
      .selectDistinct({ userId: notifications.userId })
      .from(notifications)
      .where(and(eq(notifications.delivery, 'digest'), isNull(notifications.emailedAt), lte(notifications.createdAt, now)));
    let sent = 0;
    for (const { userId } of pending) {
      if (!userId) continue;
      const done = await database.transaction(async (tx) => {
        const items = await tx
          .select()
          .from(notifications)
          .where(
            and(eq(notifications.userId, userId), eq(notifications.delivery, 'digest'), isNull(notifications.emailedAt), lte(notifications.createdAt, now)),
          )
          .orderBy(asc(notifications.createdAt))
          .for('update', { skipLocked: true });
        if (!items.length) return false;
        const q = await mailer.queue(tx, {
          to: items[0].email,
          subject: `Your daily summary: ${items.length} ${items.length === 1 ? 'notification' : 'notifications'}`,
          body: [
            'Here is what happened since your last summary.',
            ...items.map((n) => `\n* ${n.subject}\n${mailBody(n)}`),
            `\nChoose how you are told: ${base}/account/notifications`,
          ].join('\n'),
          dedupeKey: `digest:${userId}:${date}`,
        });
        if (!q.queued) return false; // today's digest has gone: these wait for tomorrow's
        await tx
          .update(notifications)
          .set({ emailedAt: now })
          .where(
            inArray(
              notifications.id,
              items.map((n) => n.id),
            ),
          );
        return true;
      });
      if (done) sent++;
    }
    return `sent ${sent}`;
  }

  /** A person's notifications, newest first (unread first when asked). */
  function listFor(userId: string, o: { limit?: number; unreadOnly?: boolean } = {}) {
    return database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), o.unreadOnly ? isNull(notifications.readAt) : undefined))
      .orderBy(desc(notifications.createdAt))
      .limit(o.limit ?? 50);
  }

  async function unreadCount(userId: string): Promise<number> {
    const [r] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    return r?.n ?? 0;
  }

  /** Marks the person's notifications read (all, or one). */
  async function markRead(actor: Actor, id?: string) {
    if (!actor.id) return;
    const actorId = actor.id;
    await database.transaction(async (tx) => {
      const changed = await tx
        .update(notifications)
        .set({ readAt: clock() })
        .where(and(eq(notifications.userId, actorId), isNull(notifications.readAt), id && /^[0-9a-f-]{36}$/i.test(id) ? eq(notifications.id, id) : undefined))
        .returning({ id: notifications.id });
      if (changed.length)
        await recordAudit(tx, actor, {
          action: 'notifications.read',
          entityType: 'user',
          entityId: actorId,
          summary: `Marked ${changed.length} notification(s) read`,
        });
    });
  }

  /** The events a person with this role may get, each with their choice and whether they may turn it off. */
  async function preferencesOf(userId: string, role: string | null) {
    const rows = await database.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
    const chosen = new Map(rows.map((r) => [r.event, modeOf(r.mode)]));
    const fallback = chosen.get('*') ?? 'immediate';
    return {
      defaultMode: fallback === 'off' ? 'immediate' : fallback,
      events: [...events.values()]
        .filter((e) => isRole(role) && e.roles.includes(role))
        .map((e) => ({ ...e, isDuty: Boolean(isRole(role) && e.duty?.includes(role)), mode: allowedMode(e, role, chosen.get(e.event) ?? fallback) })),
    };
  }

  /** Saves a person's choices; turning off an event that is their duty is refused. */
  async function setPreferences(actor: Actor, input: { defaultMode: DeliveryMode; events: Record<string, DeliveryMode> }) {
    if (!actor.id) throw new RuleError('Sign in to choose how you are told');
    const userId = actor.id;
    if (input.defaultMode === 'off') throw new RuleError('Choose at once or a daily summary as your usual way of being told');
    for (const [event, mode] of Object.entries(input.events)) {
      const def = events.get(event);
      if (!def || !actor.role || !def.roles.includes(actor.role)) throw new RuleError(`Unknown notification ${event}`);
      if (mode === 'off' && allowedMode(def, actor.role, 'off') !== 'off')
        throw new RuleError(`"${def.label}" is part of your duties: it cannot be turned off`);
    }
    await database.transaction(async (tx) => {
      const before = await tx.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
      await tx.delete(notificationPreferences).where(eq(notificationPreferences.userId, userId));
      const rows = [['*', input.defaultMode] as const, ...Object.entries(input.events)].map(([event, mode]) => ({ userId, event, mode, updatedAt: clock() }));
      await tx.insert(notificationPreferences).values(rows);
      await recordAudit(tx, actor, {
        action: 'notifications.preferences',
        entityType: 'user',
        entityId: userId,
        summary: 'Changed how they are told',
        before: Object.fromEntries(before.map((r) => [r.event, r.mode])),
        after: Object.fromEntries(rows.map((r) => [r.event, r.mode])),
      });
    });
  }

  return { defineEvent, events: () => [...events.values()], notify, runDigests, listFor, unreadCount, markRead, preferencesOf, setPreferences, absolute };
}
export type Notifications = ReturnType<typeof createNotifications>;
