import { recordAudit } from '../../platform/audit.js';
import { financialYear } from '../../platform/dates.js';
import { RuleError, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import type { PlanPageAudience, PlanPageRef } from '../plans/types.js';
import { isPublicPlan, rollupOf, ragCounts, type DeliveryContext, type ActionView } from './deliveryContext.js';
import { deliveryRepository as repo, type DeliveryPlan } from './deliveryRepository.js';
import { reportingPeriods } from './periods.js';
import type { PriorityTree } from './planTypes.js';
import { planDeliveryLinks } from './presenters/planLinks.js';
import type { StatusCatalogue } from './statuses.js';

/** Delivery plans: the list, a new plan, a plan with its roll-ups, commentary, statuses and the links on a plan's pages. */
export function createDeliveryPlansService(ctx: DeliveryContext) {
  const { database, db, plans, today, mustPlan, catalogue, userMap, decorate, financialYearLabel } = ctx;

  async function setStatuses(actor: Actor, list: { key: string; label: string; rag: string }[]) {
    const before = (await catalogue()).list;
    await database.transaction(async (tx) => {
      for (const s of list) {
        if (!before.some((b) => b.key === s.key)) throw new RuleError(`Unknown status ${s.key}`);
        await repo.upsertStatus(tx, s.key, s.label, s.rag);
      }
      await recordAudit(tx, actor, {
        action: 'delivery-statuses.set',
        entityType: 'settings',
        entityId: 'delivery-statuses',
        summary: 'Changed the delivery statuses',
        before,
        after: list,
      });
    });
  }

  async function listPlans(opts: { publicOnly: boolean }) {
    const dps = await repo.listPlans(db);
    const out = [];
    for (const dp of dps) {
      const plan = await plans.get(dp.planId);
      if (!plan || (opts.publicOnly && !isPublicPlan(plan))) continue;
      const actions = await repo.actionsOfPlans(db, [dp.id]);
      out.push({ ...dp, plan, actionCount: actions.length, rollup: rollupOf(actions), label: financialYearLabel(dp) });
    }
    return out;
  }

  async function createPlan(
    actor: Actor,
    input: { planId: string; startYear: number; title?: string; reference?: string; isDemo?: boolean },
  ): Promise<DeliveryPlan> {
    const plan = await plans.get(input.planId);
    if (!plan) throw notFound('No such plan');
    const fy = financialYear(input.startYear);
    if (fy.start > plan.termEnd || fy.end < plan.termStart) {
      throw new RuleError(`The financial year ${fy.label} is outside the plan's term (${plan.termStart} to ${plan.termEnd}).`);
    }
    const reference = input.reference ?? `${plan.reference}-fy-${fy.label.replace('/', '-')}`;
    if (await repo.planByReference(db, reference)) throw new RuleError(`There is already a delivery plan ${reference}.`);
    return database.transaction(async (tx) => {
      const dp = await repo.insertPlan(tx, {
        planId: plan.id,
        reference,
        title: input.title ?? `Delivery plan ${fy.label}`,
        yearStart: fy.start,
        yearEnd: fy.end,
        isDemo: input.isDemo ?? false,
      });
      await recordAudit(tx, actor, {
        action: 'delivery-plan.create',
        entityType: 'delivery-plan',
        entityId: dp.id,
        summary: `Created ${dp.title} for ${plan.title}`,
        after: dp,
      });
      return dp;
    });
  }

  /** A delivery plan with its plan's priorities and commitments, actions and roll-ups. */
  async function planView(idOrRef: string, opts: { publicOnly: boolean; status?: string; organisation?: string }) {
    const dp = await mustPlan(idOrRef);
    const tree = await plans.getTree(dp.planId);
    if (!tree || (opts.publicOnly && !isPublicPlan(tree))) throw notFound('No such delivery plan');
    const people = await userMap();
    const cat = await catalogue();
    const all = (await repo.actionsOfPlans(db, [dp.id])).map((a) => decorate(a, tree, dp, people, cat));
    const shown = all.filter((a) => (!opts.status || a.status === opts.status) && (!opts.organisation || a.leadOrganisation === opts.organisation));
    const priorities = tree.priorities.map((p) => priorityView(p, all, shown, cat));
    const organisations = [...new Set(all.map((a) => a.leadOrganisation).filter((x): x is string => Boolean(x)))].sort();
    const planActions = await repo.actionsOfPlans(
      db,
      (await repo.listPlans(db)).filter((x) => x.planId === tree.id).map((x) => x.id),
    );
    return {
      deliveryPlan: dp,
      yearLabel: financialYearLabel(dp),
      plan: tree,
      periods: reportingPeriods(dp.yearStart, dp.yearEnd),
      rollup: rollupOf(all),
      planRollup: rollupOf(planActions),
      ragCounts: ragCounts(all, cat, today()),
      statuses: cat,
      priorities,
      actions: all,
      shownCount: shown.length,
      organisations,
    };
  }

  function priorityView(p: PriorityTree, all: ActionView[], shown: ActionView[], cat: StatusCatalogue) {
    const mine = all.filter((a) => a.priorityId === p.id);
    return {
      id: p.id,
      reference: p.reference,
      title: p.title,
      rollup: rollupOf(mine),
      ragCounts: ragCounts(mine, cat, today()),
      actions: shown.filter((a) => a.priorityId === p.id),
      allActions: mine,
      commitments: p.commitments.map((c) => {
        const under = mine.filter((a) => a.commitmentId === c.id);
        return { id: c.id, reference: c.reference, title: c.title, rollup: rollupOf(under), actions: under };
      }),
    };
  }

  async function setCommentary(actor: Actor, deliveryPlanId: string, period: string, priorityId: string, body: string) {
    const dp = await mustPlan(deliveryPlanId);
    await database.transaction(async (tx) => {
      if (period === 'annual' && priorityId === '') await repo.setIntroduction(tx, dp.id, body || null);
      await repo.upsertCommentary(tx, dp.id, period, priorityId, body);
      await recordAudit(tx, actor, {
        action: 'delivery-commentary.set',
        entityType: 'delivery-plan',
        entityId: dp.id,
        summary: `Set the ${period} commentary of ${dp.title}`,
        after: { period, priorityId, body },
      });
    });
  }

  /** The links a plan's pages show to its delivery plans and published annual reports. */
  async function planPageLinks(plan: PlanPageRef, reader: PlanPageAudience) {
    const dps = (await repo.listPlans(db)).filter((dp) => dp.planId === plan.id);
    if (!dps.length) return null;
    const actions = await repo.actionsOfPlans(
      db,
      dps.map((dp) => dp.id),
    );
    const counts = new Map(dps.map((dp) => [dp.id, actions.filter((a) => a.deliveryPlanId === dp.id).length]));
    return planDeliveryLinks(
      dps.map((dp) => ({ ...dp, label: financialYearLabel(dp), actionCount: counts.get(dp.id) ?? 0 })),
      { ...plan, isPublic: isPublicPlan(plan) },
      reader,
    );
  }

  return {
    listPlans,
    createPlan,
    planView,
    setCommentary,
    planPageLinks,
    setStatuses,
  };
}
export type DeliveryPlansService = ReturnType<typeof createDeliveryPlansService>;
