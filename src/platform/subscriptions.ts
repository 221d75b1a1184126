import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/index.js';
import { recordAudit } from './audit.js';
import type { Mailer } from './mailer.js';
import { PUBLIC_ACTOR } from './roles.js';
import { subscribers } from './schema.js';

/** What a resident can subscribe to. */
export const TOPIC_KEYS = ['plans', 'consultations', 'panel', 'annual-reports'] as const;
export type SubscriptionTopic = (typeof TOPIC_KEYS)[number];
export const SUBSCRIPTION_TOPICS: Record<SubscriptionTopic, string> = {
  plans: 'A new plan, or a new version of the plan',
  consultations: 'New consultations',
  panel: 'Panel reports and the commissioner’s responses',
  'annual-reports': 'Published annual reports',
};

/** How long a confirmation link works, and how soon another may be sent to the same address. */
export const CONFIRM_DAYS = 7;
export const RESEND_AFTER_MINUTES = 10;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const UUID = /^[0-9a-f-]{36}$/i;

/**
 * Public e-mail subscriptions with double opt-in. `subscribe` answers the same whatever the
 * address (nobody learns who is subscribed); nothing but the confirmation link is sent before the
 * link is followed; every message carries a one-click unsubscribe link and the List-Unsubscribe /
 * List-Unsubscribe-Post headers (RFC 8058). The unsubscribe token is an HMAC of the subscriber's
 * id with the session secret, so no token is stored.
 *
 * `notifySubscribers(tx, topic, message)` is called by a service inside the transaction that
 * publishes something: it queues one message per confirmed subscriber of the topic in that
 * transaction (sent once it commits), keyed so that the same `dedupeKey` never goes twice.
 */
export function createSubscriptions(database: Database, mailer: Mailer, opts: { baseUrl: string; secret: string; clock?: () => Date }) {
  const clock = opts.clock ?? (() => new Date());
  const base = opts.baseUrl.replace(/\/$/, '');

  function unsubscribeToken(id: string): string {
    return createHmac('sha256', opts.secret).update(`unsubscribe:${id}`).digest('base64url');
  }
  function unsubscribeUrl(id: string): string {
    return `${base}/subscriptions/unsubscribe?s=${encodeURIComponent(id)}&t=${encodeURIComponent(unsubscribeToken(id))}`;
  }
  function validUnsubscribe(id: string, token: string): boolean {
    if (!UUID.test(id)) return false;
    const a = Buffer.from(unsubscribeToken(id));
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /**
   * Asks to subscribe `email` to `topics`: sends a confirmation link (at most one every few
   * minutes per address). A confirmed subscription stays as it is until the new link is followed.
   */
  async function subscribe(email: string, topics: SubscriptionTopic[]): Promise<void> {
    const address = email.trim().toLowerCase();
    const now = clock();
    const token = randomBytes(24).toString('base64url');
    const expires = new Date(now.getTime() + CONFIRM_DAYS * 86_400_000);
    await database.transaction(async (tx) => {
      const [existing] = await tx.select().from(subscribers).where(eq(subscribers.email, address)).for('update');
      const lastSent = existing?.confirmExpiresAt ? existing.confirmExpiresAt.getTime() - CONFIRM_DAYS * 86_400_000 : null;
      if (lastSent !== null && now.getTime() - lastSent < RESEND_AFTER_MINUTES * 60_000) return;
      const [row] = existing
        ? await tx
            .update(subscribers)
            .set({ pendingTopics: topics, confirmTokenHash: hash(token), confirmExpiresAt: expires })
            .where(eq(subscribers.id, existing.id))
            .returning()
        : await tx
            .insert(subscribers)
            .values({
              email: address,
              topics: [],
              pendingTopics: topics,
              status: 'pending',
              confirmTokenHash: hash(token),
              confirmExpiresAt: expires,
              createdAt: now,
            })
            .returning();
      await mailer.queue(tx, {
        to: address,
        subject: 'Confirm your subscription',
        body: [
          'Someone (we hope you) asked to be e-mailed about:',
          ...topics.map((t) => `* ${SUBSCRIPTION_TOPICS[t]}`),
          '',
          `To confirm, follow this link within ${CONFIRM_DAYS} days: ${base}/subscriptions/confirm?token=${token}`,
          '',
          'If it was not you, ignore this e-mail: nothing more will be sent.',
        ].join('\n'),
      });
      await recordAudit(tx, PUBLIC_ACTOR, { action: 'subscriptions.requested', entityType: 'subscriber', entityId: row.id, after: { topics } });
    });
  }

  /** Follows a confirmation link: true when it was valid (the subscription is then active). */
  async function confirm(token: string): Promise<boolean> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return false;
    const now = clock();
    return database.transaction(async (tx) => {
      const [s] = await tx
        .select()
        .from(subscribers)
        .where(eq(subscribers.confirmTokenHash, hash(token)))
        .for('update');
      if (!s || !s.confirmExpiresAt || s.confirmExpiresAt < now) return false;
      const topics = s.pendingTopics ?? s.topics;
      await tx
        .update(subscribers)
        .set({ status: 'confirmed', topics, pendingTopics: null, confirmTokenHash: null, confirmedAt: now, unsubscribedAt: null })
        .where(eq(subscribers.id, s.id));
      await recordAudit(tx, PUBLIC_ACTOR, { action: 'subscriptions.confirmed', entityType: 'subscriber', entityId: s.id, after: { topics } });
      return true;
    });
  }

  /** One-click unsubscribe: true when the link was valid (repeating it is harmless). */
  async function unsubscribe(id: string, token: string): Promise<boolean> {
    if (!validUnsubscribe(id, token)) return false;
    await database.transaction(async (tx) => {
      const changed = await tx
        .update(subscribers)
        .set({ status: 'unsubscribed', topics: [], pendingTopics: null, confirmTokenHash: null, unsubscribedAt: clock() })
        .where(and(eq(subscribers.id, id), sql`${subscribers.status} <> 'unsubscribed'`))
        .returning({ id: subscribers.id });
      if (changed.length) await recordAudit(tx, PUBLIC_ACTOR, { action: 'subscriptions.unsubscribed', entityType: 'subscriber', entityId: id });
    });
    return true;
  }

  /** Queues `message` to every confirmed subscriber of `topic`, in the caller's transaction. */
  async function notifySubscribers(
    tx: Db,
    topic: SubscriptionTopic,
    message: { subject: string; body: string; link?: string; dedupeKey?: string },
  ): Promise<number> {
    const rows = await tx
      .select({ id: subscribers.id, email: subscribers.email })
      .from(subscribers)
      .where(and(eq(subscribers.status, 'confirmed'), sql`${subscribers.topics} @> ${JSON.stringify([topic])}::jsonb`));
    const link = message.link && !/^https?:\/\//.test(message.link) ? `${base}${message.link.startsWith('/') ? '' : '/'}${message.link}` : message.link;
    let queued = 0;
    for (const s of rows) {
      const url = unsubscribeUrl(s.id);
      const r = await mailer.queue(tx, {
        to: s.email,
        subject: message.subject,
        body: [
          message.body,
          link ? `\n${link}` : '',
          `\nYou get this because you subscribed to: ${SUBSCRIPTION_TOPICS[topic]}.`,
          `Unsubscribe (one click): ${url}`,
        ]
          .join('\n')
          .trim(),
        headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        dedupeKey: message.dedupeKey ? `subscription:${topic}:${message.dedupeKey}:${s.id}` : undefined,
      });
      if (r.queued) queued++;
    }
    return queued;
  }

  return { subscribe, confirm, unsubscribe, notifySubscribers, unsubscribeUrl, validUnsubscribe };
}
export type Subscriptions = ReturnType<typeof createSubscriptions>;
