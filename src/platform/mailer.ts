import { desc, eq } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { Database } from '../db/index.js';
import { outbox } from './schema.js';

export interface Message {
  to: string;
  subject: string;
  body: string;
  /** A message with the same key is sent once only, however often it is asked for. */
  dedupeKey?: string;
}

/**
 * Sends e-mail through SMTP when SMTP_URL is set; otherwise messages stay in the outbox table,
 * which admins read at /admin/outbox. Every message is recorded first, so sending is idempotent
 * by dedupeKey and survives a restart.
 */
export function createMailer(database: Database, opts: { smtpUrl?: string; from: string }) {
  // nodemailer is loaded on first use, so processes that never send mail (the CLI) never load it.
  let transporter: Promise<Transporter> | undefined;
  const smtpUrl = opts.smtpUrl;
  const transport = smtpUrl
    ? {
        sendMail: async (m: { from: string; to: string; subject: string; text: string }) => {
          transporter ??= import('nodemailer').then((n) => n.default.createTransport(smtpUrl));
          return (await transporter).sendMail(m);
        },
      }
    : undefined;

  async function send(message: Message): Promise<{ queued: boolean; id?: string }> {
    const inserted = await database.db
      .insert(outbox)
      .values({
        toAddress: message.to,
        subject: message.subject,
        body: message.body,
        dedupeKey: message.dedupeKey ?? null,
        status: transport ? 'queued' : 'outbox',
      })
      .onConflictDoNothing({ target: outbox.dedupeKey })
      .returning({ id: outbox.id });
    const row = inserted[0];
    if (!row) return { queued: false }; // already sent (or queued) once
    if (transport) await deliver(row.id, message);
    return { queued: true, id: row.id };
  }

  async function deliver(id: string, message: Message) {
    if (!transport) return;
    try {
      await transport.sendMail({ from: opts.from, to: message.to, subject: message.subject, text: message.body });
      await database.db.update(outbox).set({ status: 'sent', sentAt: new Date() }).where(eq(outbox.id, id));
    } catch (err) {
      await database.db
        .update(outbox)
        .set({ status: 'failed', error: String((err as Error).message ?? err) })
        .where(eq(outbox.id, id));
    }
  }

  /** Retries messages that failed or were queued when the process stopped. */
  async function retryPending() {
    if (!transport) return 0;
    const pending = await database.db.select().from(outbox).where(eq(outbox.status, 'failed'));
    const queued = await database.db.select().from(outbox).where(eq(outbox.status, 'queued'));
    for (const m of [...pending, ...queued]) {
      await deliver(m.id, { to: m.toAddress, subject: m.subject, body: m.body });
    }
    return pending.length + queued.length;
  }

  function list(limit = 100) {
    return database.db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit);
  }

  return { send, retryPending, list, configured: Boolean(transport) };
}
export type Mailer = ReturnType<typeof createMailer>;
