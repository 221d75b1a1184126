import { and, desc, eq, gte, ilike, lte, sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../db/index.js';
import type { Actor } from './roles.js';
import { auditLog } from './schema.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  summary?: string;
  before?: unknown;
  after?: unknown;
}

/** Strips values that must never be stored in the audit trail. */
function scrub(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (key, v) => (/password|token|secret/i.test(key) ? '[redacted]' : v)));
}

/**
 * Records a change. Call it with the transaction that makes the change, so that the change and
 * its audit row commit together or not at all.
 */
export async function recordAudit(tx: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values(auditRow(actor, entry));
  lastLocalChange = Date.now();
}

let lastLocalChange = 0;
/** When this process last audited a change (caches of saved data look again for a while after). */
export function lastAuditedChange(): number {
  return lastLocalChange;
}

/**
 * The audit row recordAudit inserts, for a statement that writes a change and its audit row
 * together in one go (it must commit with the change, as with recordAudit).
 */
export function auditRow(actor: Actor, entry: AuditEntry): typeof auditLog.$inferInsert {
  return {
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    summary: entry.summary ?? null,
    before: scrub(entry.before),
    after: scrub(entry.after),
    requestId: actor.requestId ?? null,
  };
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  q?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

export async function listAudit(db: Db, f: AuditFilter = {}) {
  const where: SQL[] = [];
  if (f.entityType) where.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) where.push(eq(auditLog.entityId, f.entityId));
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.q) where.push(ilike(auditLog.summary, `%${f.q.replace(/[%_\\]/g, '\\$&')}%`));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lte(auditLog.at, f.to));
  const cond = where.length ? and(...where) : undefined;
  const rows = await db
    .select()
    .from(auditLog)
    .where(cond)
    .orderBy(desc(auditLog.id))
    .limit(f.limit ?? 50)
    .offset(f.offset ?? 0);
  const [{ count }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(cond);
  return { rows, total: count };
}

/** The history of one item, newest first. */
export function historyOf(db: Db, entityType: string, entityId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.id))
    .limit(200);
}

export interface AuditChainStatus {
  ok: boolean;
  /** How many entries were checked. */
  entries: number;
  /** The last entry and its hash: the value to anchor outside the database. */
  head?: { id: number; at: Date; hash: string };
  /** The first entry whose hash or link does not match, and why. */
  broken?: { id: number; at: Date; action: string; summary: string | null; reason: string };
}

/**
 * Checks the audit log's chain of hashes in the database (migrations/platform/0002): every entry's
 * hash must be that of the previous entry's hash and its own content, and every entry must point to
 * the entry before it. A changed entry breaks its own hash; a removed one breaks the link of the next.
 */
export async function verifyAuditChain(database: Pick<Database, 'query'>): Promise<AuditChainStatus> {
  const [broken] = await database.query<{ id: string; at: string | Date; action: string; summary: string | null; content: boolean }>(sql`
    with c as (
      select id, at, action, summary, hash, prev_hash,
        lag(hash, 1, repeat('0', 64)) over (order by id) as expected_prev,
        audit_log_entry_hash(prev_hash, a) as computed
      from audit_log a
    )
    select id, at, action, summary, hash <> computed as content from c
    where hash <> computed or prev_hash <> expected_prev order by id limit 1`);
  const [head] = await database.query<{ id: string; at: string | Date; hash: string; entries: number }>(
    sql`select id, at, hash, (select count(*)::int from audit_log) as entries from audit_log order by id desc limit 1`,
  );
  return {
    ok: !broken,
    entries: head?.entries ?? 0,
    head: head && { id: Number(head.id), at: new Date(head.at), hash: head.hash },
    broken: broken && {
      id: Number(broken.id),
      at: new Date(broken.at),
      action: broken.action,
      summary: broken.summary,
      reason: broken.content
        ? 'its content does not match its hash (it was changed)'
        : 'it does not follow the entry before it (an entry was removed or inserted)',
    },
  };
}
