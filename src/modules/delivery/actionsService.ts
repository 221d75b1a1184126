import { recordAudit } from '../../platform/audit.js';
import { RuleError, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import { toCsv } from './csv.js';
import { actionValues, isPublicPlan, type DeliveryContext, type ActionInput, type ActionView, type PublicAction } from './deliveryContext.js';
import { deliveryPermissions } from './deliveryPermissions.js';
import { deliveryRepository as repo, type Action } from './deliveryRepository.js';
import type { PlanTree } from './planTypes.js';
import { shownStatus } from './statuses.js';

/** Actions: adding and changing them, reading them for staff and the public. */
export function createActionsService(ctx: DeliveryContext) {
  const { database, db, plans, users, today, mustPlan, mustAction, catalogue, userMap, findPriority, contexts, view } = ctx;

  async function checkActionInput(tree: PlanTree, input: ActionInput) {
    const p = findPriority(tree, input.priorityId);
    if (!p) throw new RuleError('The priority is not part of this delivery plan’s plan.');
    if (input.commitmentId && !p.commitments.some((c) => c.id === input.commitmentId)) throw new RuleError('The commitment is not under this priority.');
    if (input.ownerId && !(await users.get(input.ownerId))) throw new RuleError('No such owner.');
  }

  async function createAction(actor: Actor, deliveryPlanId: string, input: ActionInput): Promise<Action> {
    const dp = await mustPlan(deliveryPlanId);
    const tree = await plans.getTree(dp.planId);
    if (!tree) throw notFound('No such plan');
    await checkActionInput(tree, input);
    return database.transaction(async (tx) => {
      const position = (await repo.maxPosition(tx, dp.id)) + 1;
      const reference = input.reference ?? `A${position}`;
      if (await repo.actionByReference(tx, dp.id, reference)) throw new RuleError(`There is already an action ${reference} in this delivery plan.`);
      const a = await repo.insertAction(tx, { ...actionValues(input), deliveryPlanId: dp.id, reference, position, isDemo: input.isDemo ?? false });
      await recordAudit(tx, actor, {
        action: 'delivery-action.create',
        entityType: 'delivery-action',
        entityId: a.id,
        summary: `Added action ${reference}: ${a.title}`,
        after: a,
      });
      return a;
    });
  }

  async function updateAction(actor: Actor, id: string, input: ActionInput): Promise<Action> {
    const before = await mustAction(db, id);
    const dp = await mustPlan(before.deliveryPlanId);
    const tree = await plans.getTree(dp.planId);
    if (!tree) throw notFound('No such plan');
    await checkActionInput(tree, input);
    return database.transaction(async (tx) => {
      const after = await repo.updateAction(tx, id, actionValues(input));
      await recordAudit(tx, actor, {
        action: 'delivery-action.update',
        entityType: 'delivery-action',
        entityId: id,
        summary: `Changed action ${after.reference}: ${after.title}`,
        before,
        after,
      });
      return after;
    });
  }

  async function getAction(id: string, opts: { publicOnly: boolean }) {
    const a = await repo.actionById(db, id);
    if (!a) return undefined;
    const [v] = await view([a]);
    if (!v) return undefined;
    const dp = (await repo.planById(db, a.deliveryPlanId))!;
    const plan = await plans.get(dp.planId);
    if (opts.publicOnly && !isPublicPlan(plan)) return undefined;
    const updates = await repo.updatesOf(db, [a.id], opts.publicOnly ? ['approved'] : undefined);
    const people = await userMap();
    const cat = await catalogue();
    return {
      action: v,
      deliveryPlan: dp,
      plan: plan!,
      updates: updates.map((u) => ({ ...u, statusTag: cat.tag(u.status), reviewerName: u.reviewedById ? (people.get(u.reviewedById)?.name ?? null) : null })),
    };
  }

  async function getPublicActionByReference(dpRef: string, actionRef: string) {
    const dp = await repo.planByReference(db, dpRef);
    if (!dp) return undefined;
    const a = await repo.actionByReference(db, dp.id, actionRef);
    return a ? getAction(a.id, { publicOnly: true }) : undefined;
  }

  /** The actions someone owns (or every action, for people who manage delivery). */
  async function actionsFor(actor: Actor): Promise<ActionView[]> {
    const own = actor.role === 'force-lead' || !deliveryPermissions.can(actor.role, 'delivery:manage');
    if (own && !actor.id) return [];
    return view(await repo.actionsWhere(db, own ? { ownerId: actor.id! } : {}));
  }

  async function myActions(actor: Actor) {
    if (!actor.id) return [];
    return view(await repo.actionsWhere(db, { ownerId: actor.id }));
  }

  async function toPublic(actions: Action[]): Promise<PublicAction[]> {
    const ctx = await contexts(actions.map((a) => a.deliveryPlanId));
    const cat = await catalogue();
    const out: PublicAction[] = [];
    for (const a of actions) {
      const c = ctx.get(a.deliveryPlanId);
      if (!c || !isPublicPlan(c.tree)) continue;
      const p = findPriority(c.tree, a.priorityId);
      const shown = shownStatus(a, today(), cat);
      const s = shown.tag;
      out.push({
        id: a.id,
        reference: a.reference,
        title: a.title,
        description: a.description,
        status: a.status,
        statusLabel: s.text,
        rag: s.rag,
        progress: shown.progress,
        startDate: a.startDate,
        dueDate: a.dueDate,
        leadOrganisation: a.leadOrganisation,
        weight: a.weight,
        areaCodes: a.areaCodes,
        priorityId: a.priorityId,
        priorityReference: p?.reference ?? '',
        priorityTitle: p?.title ?? '',
        commitmentId: a.commitmentId,
        commitmentReference: p?.commitments.find((x) => x.id === a.commitmentId)?.reference ?? null,
        deliveryPlanReference: c.dp.reference,
        planReference: c.tree.reference,
        url: `/delivery/${encodeURIComponent(c.dp.reference)}/actions/${encodeURIComponent(a.reference)}`,
      });
    }
    return out;
  }

  /** Public actions tagged with a local authority or ward ONS code. */
  async function actionsForArea(areaCode: string): Promise<PublicAction[]> {
    return toPublic(await repo.actionsForArea(db, areaCode));
  }

  async function listPublicActions(f: { priorityId?: string; commitmentId?: string; status?: string; organisation?: string } = {}): Promise<PublicAction[]> {
    const all = await toPublic(await repo.actionsWhere(db, { priorityId: f.priorityId, commitmentId: f.commitmentId }));
    return all.filter((a) => (!f.status || a.status === f.status) && (!f.organisation || a.leadOrganisation === f.organisation));
  }

  async function publicActionsCsv(): Promise<string> {
    const all = await listPublicActions();
    const cols = [
      'delivery_plan',
      'reference',
      'title',
      'description',
      'priority',
      'commitment',
      'lead_organisation',
      'start_date',
      'due_date',
      'weight',
      'status',
      'progress',
      'area_codes',
    ] as const;
    return toCsv(
      cols,
      all.map((a) => ({
        delivery_plan: a.deliveryPlanReference,
        reference: a.reference,
        title: a.title,
        description: a.description,
        priority: a.priorityReference,
        commitment: a.commitmentReference,
        lead_organisation: a.leadOrganisation,
        start_date: a.startDate,
        due_date: a.dueDate,
        weight: a.weight,
        status: a.status,
        progress: a.progress,
        area_codes: a.areaCodes,
      })),
    );
  }

  return {
    createAction,
    updateAction,
    getAction,
    getPublicActionByReference,
    actionsFor,
    myActions,
    actionsForArea,
    listPublicActions,
    publicActionsCsv,
  };
}
export type ActionsService = ReturnType<typeof createActionsService>;
