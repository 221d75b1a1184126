import { and, desc, eq, gte, ilike, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index.js';
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
