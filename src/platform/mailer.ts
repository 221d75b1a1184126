import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { Database, Db } from '../db/index.js';
import { outbox } from './schema.js';
import { errorMessage } from './jobs.js';

export interface Message {
  to: string;
  subject: string;
  body: string;
  /** A message with the same key is sent once only, however often it is asked for. */
  dedupeKey?: string;
  /** Extra headers (e.g. List-Unsubscribe). Values with a line break are refused. */
  headers?: Record<string, string>;
}

/** Refuses header names or values that could start another header (CR/LF) or are not printable. */
export function checkedHeaders(headers: Record<string, string> | undefined): Record<string, string> | null {
  if (!headers) return null;
  for (const [k, v] of Object.entries(headers)) {
    if (!/^[A-Za-z0-9-]+$/.test(k)) throw new Error(`invalid mail header name ${JSON.stringify(k)}`);
    if (/[\r\n\0]/.test(v)) throw new Error(`mail header ${k} holds a line break`);
  }
  return headers;
}

/**
 * Sends e-mail through SMTP when SMTP_URL is set; otherwise messages stay in the outbox table,
 * which admins read at /admin/outbox. Every message is recorded first, so sending is idempotent
 * by dedupeKey and survives a restart.
 *
 * `queue(tx, message)` records a message inside the caller's transaction (it goes only if that
 * transaction commits); `deliverQueued()` sends what is queued. It runs shortly after `queue` and
 * from the `mail-delivery` scheduled task, so a message queued before a restart is sent after it.
 * Each row is claimed (queued → sending) before it is sent, so two processes never send one twice.
 */
export function createMailer(database: Database, opts: { smtpUrl?: string; from: string }) {
  // nodemailer is loaded on first use, so processes that never send mail (the CLI) never load it.
  let transporter: Promise<Transporter> | undefined;
  const smtpUrl = opts.smtpUrl;
  const transport = smtpUrl
    ? {
        sendMail: async (m: { from: string; to: string; subject: string; text: string; headers?: Record<string, string> }) => {
          transporter ??= import('nodemailer').then((n) => n.default.createTransport(smtpUrl));
          return (await transporter).sendMail(m);
        },
      }
    : undefined;

  async function insert(db: Db, message: Message) {
    const inserted = await db
      .insert(outbox)
      .values({
        toAddress: message.to,
        subject: message.subject,
        body: message.body,
        dedupeKey: message.dedupeKey ?? null,
        headers: checkedHeaders(message.headers),
        status: transport ? 'queued' : 'outbox',
      })
      .onConflictDoNothing({ target: outbox.dedupeKey })
      .returning({ id: outbox.id });
    return inserted[0];
  }

  async function send(message: Message): Promise<{ queued: boolean; id?: string }> {
    const row = await insert(database.db, message);
    if (!row) return { queued: false }; // already sent (or queued) once
    if (transport) await deliver(row.id);
    return { queued: true, id: row.id };
  }

  /** Records a message in the caller's transaction; it is sent after the transaction commits. */
  async function queue(tx: Db, message: Message): Promise<{ queued: boolean; id?: string }> {
    const row = await insert(tx, message);
    if (!row) return { queued: false };
    if (transport) setTimeout(() => void deliverQueued().catch(() => undefined), 100).unref();
    return { queued: true, id: row.id };
  }

  async function deliver(id: string) {
    if (!transport) return;
    const [m] = await database.db
      .update(outbox)
      .set({ status: 'sending' })
      .where(and(eq(outbox.id, id), inArray(outbox.status, ['queued', 'failed'])))
      .returning();
    if (!m) return; // another process has it, or it is sent
    try {
      await transport.sendMail({ from: opts.from, to: m.toAddress, subject: m.subject, text: m.body, headers: m.headers ?? undefined });
      await database.db.update(outbox).set({ status: 'sent', sentAt: new Date(), error: null }).where(eq(outbox.id, id));
    } catch (err) {
      await database.db
        .update(outbox)
        .set({ status: 'failed', error: errorMessage(err) })
        .where(eq(outbox.id, id));
    }
  }

  /** Sends messages that failed or were queued (also those queued before a restart). */
  async function deliverQueued() {
    if (!transport) return 0;
    const pending = await database.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(inArray(outbox.status, ['failed', 'queued']));
    for (const m of pending) await deliver(m.id);
    return pending.length;
  }

  function list(limit = 100) {
    return database.db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit);
  }

  return { send, queue, deliverQueued, retryPending: deliverQueued, list, configured: Boolean(transport) };
}
export type Mailer = ReturnType<typeof createMailer>;
