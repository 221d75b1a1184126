import { recordAudit } from '../../platform/audit.js';
import { RuleError, forbidden, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import { applyLatestApproved, isPublicPlan, type DeliveryContext, type StoredFile, type UpdateInput } from './deliveryContext.js';
import { deliveryPermissions } from './deliveryPermissions.js';
import { deliveryRepository as repo, type Action, type Update } from './deliveryRepository.js';
import { noticeReviewed, noticeSubmitted } from './notices.js';

/** Updates on actions: posting them, reviewing them, and their files. */
export function createUpdatesService(ctx: DeliveryContext) {
  const { database, db, deps, plans, mustAction, catalogue, view, periodKeyOf } = ctx;

  // ---- updates ------------------------------------------------------------------------------

  async function postUpdate(actor: Actor, actionId: string, input: UpdateInput, files: StoredFile[] = []): Promise<Update> {
    const action = await mustAction(db, actionId);
    if (!deliveryPermissions.can(actor.role, 'delivery:post-update')) throw forbidden('Your role cannot post delivery updates.');
    if (actor.role === 'force-lead' && (!actor.id || action.ownerId !== actor.id)) {
      throw forbidden('You can post updates only on the actions you own.');
    }
    return database.transaction(async (tx) => {
      const reference = `U${(await repo.countUpdates(tx, action.id)) + 1}`;
      const u = await repo.insertUpdate(tx, {
        actionId: action.id,
        reference,
        asOf: input.asOf,
        periodKey: periodKeyOf(input.asOf),
        narrative: input.narrative,
        status: input.status,
        progress: input.progress,
        evidenceLinks: input.evidenceLinks ?? [],
        state: 'pending',
        authorId: actor.id,
        authorLabel: actor.label,
      });
      await repo.insertFiles(
        tx,
        files.map((f) => ({ updateId: u.id, storageKey: f.key, filename: f.filename, contentType: f.contentType, size: f.size })),
      );
      await recordAudit(tx, actor, {
        action: 'delivery-update.create',
        entityType: 'delivery-update',
        entityId: u.id,
        summary: `Posted update ${reference} on action ${action.reference}${files.length ? ` with ${files.length} file(s)` : ''}`,
        after: { ...u, files: files.map((f) => f.filename) },
      });
      await noticeSubmitted(deps.notifications, tx, actor, action, u);
      return u;
    });
  }

  async function review(actor: Actor, updateId: string, decision: { approve: true } | { approve: false; reason: string }): Promise<Update> {
    if (!deliveryPermissions.can(actor.role, 'delivery:review')) throw forbidden('Your role cannot review updates.');
    return database.transaction(async (tx) => {
      const before = await repo.updateById(tx, updateId);
      if (!before) throw notFound('No such update');
      if (before.state !== 'pending') throw new RuleError(`This update has already been ${before.state}.`);
      const after = await repo.setUpdate(tx, updateId, {
        state: decision.approve ? 'approved' : 'rejected',
        rejectionReason: decision.approve ? null : decision.reason,
        reviewedById: actor.id,
        reviewedAt: new Date(),
      });
      if (decision.approve) await applyLatestApproved(tx, before.actionId);
      await recordAudit(tx, actor, {
        action: decision.approve ? 'delivery-update.approve' : 'delivery-update.reject',
        entityType: 'delivery-update',
        entityId: updateId,
        summary: decision.approve ? `Approved update ${before.reference}` : `Rejected update ${before.reference}: ${decision.reason}`,
        before,
        after,
      });
      await noticeReviewed(deps.notifications, tx, actor, await mustAction(tx, before.actionId), after, decision.approve ? null : decision.reason);
      return after;
    });
  }

  async function pendingUpdates() {
    const pending = await repo.updatesByState(db, 'pending');
    const actions = await view((await Promise.all(pending.map((u) => repo.actionById(db, u.actionId)))).filter((a): a is Action => Boolean(a)));
    const cat = await catalogue();
    return pending.map((u) => ({ ...u, statusTag: cat.tag(u.status), action: actions.find((a) => a.id === u.actionId)! })).filter((x) => x.action);
  }

  /** A file, with whether the public may have it (only from approved updates of public plans). */
  async function getFile(id: string) {
    const f = await repo.fileById(db, id);
    if (!f) return undefined;
    const u = (await repo.updateById(db, f.updateId))!;
    const a = (await repo.actionById(db, u.actionId))!;
    const dp = (await repo.planById(db, a.deliveryPlanId))!;
    const plan = await plans.get(dp.planId);
    return { file: f, update: u, isPublic: u.state === 'approved' && isPublicPlan(plan) };
  }

  return {
    postUpdate,
    review,
    pendingUpdates,
    getFile,
  };
}
export type UpdatesService = ReturnType<typeof createUpdatesService>;
