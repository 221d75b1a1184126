import type { Db } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/roles.js';
import { plansRepository as repo } from './plansRepository.js';

/**
 * A published version goes out of force: its status, its transition with the reason, and the
 * audit row, in the caller's transaction. Publishing through the lifecycle and importing a file
 * as published both supersede this way.
 */
export async function supersedeVersion(tx: Db, actor: Actor, planId: string, why: string): Promise<void> {
  await repo.updatePlan(tx, planId, { status: 'superseded', updatedAt: new Date() });
  await repo.insertTransition(tx, {
    planId,
    fromStatus: 'published',
    toStatus: 'superseded',
    reason: why,
    actorId: actor.id,
    actorLabel: actor.label,
  });
  await recordAudit(tx, actor, {
    action: 'plan.superseded',
    entityType: 'plan',
    entityId: planId,
    summary: why,
    before: { status: 'published' },
    after: { status: 'superseded' },
  });
}
