import type { Database } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import { RuleError, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import { deliveryRepository as repo, type Action, type DeliveryPlan } from './deliveryRepository.js';
import type { PlansLookup } from './deps.js';
import { financialYear, financialYearOf } from '../../platform/dates.js';
import { periodFor, reportingPeriods } from './periods.js';
import type { PlanTree } from './planTypes.js';
import type { PlanPageAudience, PlanPageLinkGroup, PlanPageRef } from '../plans/types.js';
import { deliveryPermissions } from './deliveryPermissions.js';
import { statusOf } from './statuses.js';

/**
 * Starting a year's delivery plan from the record rather than from a blank page:
 * - the first delivery plan of a published plan, one action per commitment of each priority (or
 *   per priority where it has no commitments), for the financial year containing today (or the
 *   first year of the plan's term, if that is later);
 * - each next year's delivery plan from the current one: every open action carried over with its
 *   updates (those waiting for approval move with it), and the action it came from closed as
 *   deferred with an update saying where it went.
 */

/** The actions a delivery plan starts with, from the plan's priorities and commitments. */
export function actionsFromPriorities(tree: Pick<PlanTree, 'priorities'>, fy: { start: string; end: string }) {
  return tree.priorities.flatMap((p) => {
    const items = p.commitments.length
      ? p.commitments.map((c): { title: string; commitmentId: string | null } => ({ title: c.title, commitmentId: c.id }))
      : [{ title: p.title, commitmentId: null }];
    return items.map((item, i) => ({
      reference: `${p.reference}-A${i + 1}`,
      title: item.title.length > 200 ? `${item.title.slice(0, 199)}…` : item.title,
      description: item.title.length > 200 ? item.title : null,
      priorityId: p.id,
      commitmentId: item.commitmentId,
      startDate: fy.start,
      dueDate: fy.end,
    }));
  });
}

/** The financial year the first delivery plan is for: the one containing today, within the plan's term. */
export function firstYearOf(plan: { termStart: string; termEnd: string }, today: string): number {
  const fy = (d: string) => Number(financialYearOf(d).start.slice(0, 4));
  return Math.min(Math.max(fy(today), fy(plan.termStart)), fy(plan.termEnd));
}

/** The due date of an action carried into the next year: kept if still ahead, else the end of that year. */
export function carriedDueDate(due: string | null, next: { start: string; end: string }): string {
  return due && due >= next.start ? due : next.end;
}

export function createStartPlan(deps: { database: Database; plans: PlansLookup; today: () => string }) {
  const { database, plans } = deps;

  async function mustTree(planId: string): Promise<PlanTree> {
    const tree = await plans.getTree(planId);
    if (!tree) throw notFound('No such plan');
    return tree;
  }

  function referenceOf(plan: { reference: string }, label: string) {
    return `${plan.reference}-fy-${label.replace('/', '-')}`;
  }

  /** The first delivery plan of a published plan, from its priorities. */
  async function startFromPriorities(actor: Actor, planId: string, startYear = 0): Promise<DeliveryPlan> {
    const tree = await mustTree(planId);
    if (tree.status !== 'published') throw new RuleError('A delivery plan is started from a published plan.');
    const fy = financialYear(startYear || firstYearOf(tree, deps.today()));
    if (fy.start > tree.termEnd || fy.end < tree.termStart) throw new RuleError(`The financial year ${fy.label} is outside the plan's term.`);
    const reference = referenceOf(tree, fy.label);
    return database.transaction(async (tx) => {
      if (await repo.planByReference(tx, reference)) throw new RuleError(`There is already a delivery plan for ${fy.label}.`);
      const dp = await repo.insertPlan(tx, { planId: tree.id, reference, title: `Delivery plan ${fy.label}`, yearStart: fy.start, yearEnd: fy.end });
      const rows = actionsFromPriorities(tree, fy);
      for (const [i, a] of rows.entries()) await repo.insertAction(tx, { ...a, deliveryPlanId: dp.id, position: i + 1, status: 'not-started', progress: 0 });
      await recordAudit(tx, actor, {
        action: 'delivery-plan.start',
        entityType: 'delivery-plan',
        entityId: dp.id,
        summary: `Started ${dp.title} for “${tree.title}” with ${rows.length} actions from its priorities`,
        after: { dp, actions: rows.map((r) => r.reference) },
      });
      return dp;
    });
  }

  /** The next financial year's delivery plan from this one, its open actions carried over with their history. */
  async function startNextYear(actor: Actor, fromId: string, opts: { title?: string } = {}): Promise<{ deliveryPlan: DeliveryPlan; carried: number }> {
    const from = (await repo.planById(database.db, fromId)) ?? (await repo.planByReference(database.db, fromId));
    if (!from) throw notFound('No such delivery plan');
    const tree = await mustTree(from.planId);
    const next = financialYear(Number(from.yearStart.slice(0, 4)) + 1);
    if (next.start > tree.termEnd) throw new RuleError(`The plan's term ends before ${next.label}: start the next plan's first delivery plan instead.`);
    const reference = referenceOf(tree, next.label);
    return database.transaction(async (tx) => {
      if (await repo.planByReference(tx, reference)) throw new RuleError(`There is already a delivery plan for ${next.label}.`);
      const dp = await repo.insertPlan(tx, {
        planId: tree.id,
        reference,
        title: opts.title ?? `Delivery plan ${next.label}`,
        yearStart: next.start,
        yearEnd: next.end,
        isDemo: from.isDemo,
      });
      const open = (await repo.actionsOfPlans(tx, [from.id])).filter((a: Action) => !statusOf(a.status).closed);
      const history = await repo.updatesOf(
        tx,
        open.map((a) => a.id),
      );
      for (const [i, a] of open.entries()) {
        const { id: _id, createdAt: _c, updatedAt: _u, ...kept } = a;
        const copy = await repo.insertAction(tx, {
          ...kept,
          deliveryPlanId: dp.id,
          position: i + 1,
          startDate: next.start,
          dueDate: carriedDueDate(a.dueDate, next),
        });
        for (const u of history.filter((x) => x.actionId === a.id).reverse()) {
          // An update still waiting for approval moves with the action (approved once, where it is now);
          // the reviewed ones are copied, so both years keep their record.
          if (u.state === 'pending') {
            await repo.setUpdate(tx, u.id, { actionId: copy.id });
            continue;
          }
          const { id: _uid, createdAt: _uc, files, ...rest } = u;
          const nu = await repo.insertUpdate(tx, { ...rest, actionId: copy.id });
          await repo.insertFiles(
            tx,
            files.map((f) => ({ updateId: nu.id, storageKey: f.storageKey, filename: f.filename, contentType: f.contentType, size: f.size })),
          );
        }
        // The year's own record says where the action went.
        const n = await repo.countUpdates(tx, a.id);
        const asOf = from.yearEnd < deps.today() ? from.yearEnd : deps.today() < from.yearStart ? from.yearStart : deps.today();
        await repo.insertUpdate(tx, {
          actionId: a.id,
          reference: `U${n + 1}`,
          asOf,
          periodKey: periodFor(reportingPeriods(from.yearStart, from.yearEnd), asOf)!.key,
          narrative: `Carried over to ${dp.title} as ${a.reference}.`,
          status: 'deferred',
          progress: a.progress,
          state: 'approved',
          authorId: actor.id,
          authorLabel: actor.label,
          reviewedById: actor.id,
          reviewedAt: new Date(),
        });
        await repo.updateAction(tx, a.id, { status: 'deferred' });
      }
      await recordAudit(tx, actor, {
        action: 'delivery-plan.carry-over',
        entityType: 'delivery-plan',
        entityId: dp.id,
        summary: `Started ${dp.title} from ${from.title}, carrying over ${open.length} open actions with their updates`,
        after: { dp, from: from.reference, actions: open.map((a) => a.reference) },
      });
      return { deliveryPlan: dp, carried: open.length };
    });
  }

  /** What starting would do, for the confirmation pages and the plan's page. */
  async function firstPreview(planId: string) {
    const tree = await mustTree(planId);
    const fy = financialYear(firstYearOf(tree, deps.today()));
    const existing = (await repo.listPlans(database.db)).filter((d) => d.planId === tree.id);
    return { tree, fy, actions: actionsFromPriorities(tree, fy), existing };
  }

  async function nextYearPreview(fromId: string) {
    const from = await repo.planById(database.db, fromId);
    if (!from) throw notFound('No such delivery plan');
    const tree = await mustTree(from.planId);
    const next = financialYear(Number(from.yearStart.slice(0, 4)) + 1);
    const open = (await repo.actionsOfPlans(database.db, [from.id])).filter((a) => !statusOf(a.status).closed);
    const exists = Boolean(await repo.planByReference(database.db, referenceOf(tree, next.label)));
    return { from, tree, next, open, possible: next.start <= tree.termEnd && !exists };
  }

  /** On a published plan's staff page: start its first delivery plan, or the next year's. */
  async function planPageLinks(plan: PlanPageRef, reader: PlanPageAudience): Promise<PlanPageLinkGroup | null> {
    if (reader.audience !== 'staff' || plan.status !== 'published' || !deliveryPermissions.can(reader.role, 'delivery:manage')) return null;
    const { fy, existing } = await firstPreview(plan.id);
    if (!existing.length) {
      return {
        order: 9,
        heading: 'Delivery',
        links: [
          {
            text: 'Start the first delivery plan from this plan’s priorities',
            href: `/admin/delivery/plans/start?plan=${plan.id}`,
            hint: `For ${fy.label}, one action per commitment`,
          },
        ],
      };
    }
    const latest = [...existing].sort((a, b) => b.yearStart.localeCompare(a.yearStart))[0];
    const n = await nextYearPreview(latest.id);
    if (!n.possible) return null;
    return {
      order: 9,
      heading: 'Delivery',
      links: [
        {
          text: `Start the delivery plan for ${n.next.label} from ${latest.title}`,
          href: `/admin/delivery/plans/${latest.id}/next-year`,
          hint: `Carries over ${n.open.length} open ${n.open.length === 1 ? 'action' : 'actions'} with their updates`,
        },
      ],
    };
  }

  return { startFromPriorities, startNextYear, firstPreview, nextYearPreview, planPageLinks };
}
export type StartPlan = ReturnType<typeof createStartPlan>;
