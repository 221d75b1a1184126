import { recordAudit } from '../../platform/audit.js';
import { addDays, financialYear } from '../../platform/dates.js';
import { RuleError, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import { isPublicPlan, type DeliveryContext } from './deliveryContext.js';
import type { DeliveryPlansService } from './deliveryPlansService.js';
import { deliveryRepository as repo, type Action, type UpdateWithFiles } from './deliveryRepository.js';
import { noticeAnnualReport } from './notices.js';
import { periodFor } from './periods.js';
import { statusOf } from './statuses.js';

/** The quarterly summary and the annual report, and publishing the annual report. */
export function createReportsService(ctx: DeliveryContext, deliveryPlans: Pick<DeliveryPlansService, 'planView'>) {
  const { database, db, deps, plans, today, mustPlan, financialYearLabel } = ctx;

  async function quarterlySummary(deliveryPlanId: string, periodKey?: string) {
    const v = await deliveryPlans.planView(deliveryPlanId, { publicOnly: false });
    const period = v.periods.find((p) => p.key === periodKey) ?? periodFor(v.periods, today()) ?? v.periods[v.periods.length - 1];
    const updates = await repo.updatesOf(
      db,
      v.actions.map((a) => a.id),
      ['approved'],
    );
    const commentary = await repo.commentaryOf(db, v.deliveryPlan.id, period.key);
    const inPeriod = updates.filter((u) => u.asOf >= period.start && u.asOf <= period.end);
    const area = await deps.settings.getArea();
    return {
      ...v,
      area,
      period,
      overallCommentary: commentary.find((c) => c.priorityId === '')?.body ?? '',
      priorities: v.priorities.map((p) => {
        const ids = new Set(p.allActions.map((a) => a.id));
        const highlights = inPeriod
          .filter((u) => ids.has(u.actionId) && ['complete', 'on-track'].includes(u.status))
          .map((u) => ({ update: u, action: p.allActions.find((a) => a.id === u.actionId)! }));
        const exceptions = p.allActions.flatMap((a) => {
          const reasons: string[] = [];
          if (v.statuses.of(a.status).rag === 'red') reasons.push(v.statuses.of(a.status).label);
          if (a.dueDate && a.dueDate <= period.end && a.dueDate < today() && !statusOf(a.status).closed) reasons.push(`Overdue since ${a.dueDate}`);
          return reasons.length ? [{ action: a, reason: reasons.join('; ') }] : [];
        });
        return { ...p, highlights, exceptions, commentary: commentary.find((c) => c.priorityId === p.id)?.body ?? '' };
      }),
    };
  }

  /**
   * The annual report in the seed's shape: per priority, what was done in the year ("In 2013/14
   * I have…") from its completed actions and approved updates, and what will be done in the next
   * ("In 2014/15 I will…") from the following delivery plan's actions.
   */
  async function annualReport(deliveryPlanId: string, opts: { publicOnly?: boolean } = {}) {
    const past = await mustPlan(deliveryPlanId);
    const pastTree = (await plans.getTree(past.planId))!;
    // The public version: only once published, of a public plan, and never drawing on a delivery
    // plan of a plan that is not public yet.
    if (opts.publicOnly && (!past.annualReportPublishedAt || !isPublicPlan(pastTree))) throw notFound('No such annual report');
    let next = await repo.planStartingOn(db, addDays(past.yearEnd, 1));
    let nextTree = next ? await plans.getTree(next.planId) : undefined;
    if (opts.publicOnly && !isPublicPlan(nextTree)) next = nextTree = undefined;
    const pastActions = await repo.actionsOfPlans(db, [past.id]);
    const nextActions = next ? await repo.actionsOfPlans(db, [next.id]) : [];
    const approved = await repo.updatesOf(
      db,
      pastActions.map((a) => a.id),
      ['approved'],
    );
    const area = await deps.settings.getArea();
    const voice = area.voice;
    const pastLabel = financialYearLabel(past);
    const nextLabel = next ? financialYearLabel(next) : financialYear(Number(past.yearStart.slice(0, 4)) + 1).label;
    const order: { reference: string; title: string; pastId?: string; nextId?: string }[] = [];
    for (const p of (nextTree ?? pastTree).priorities) order.push({ reference: p.reference, title: p.title });
    for (const p of pastTree.priorities) {
      const o = order.find((x) => x.reference === p.reference);
      if (o) o.pastId = p.id;
      else order.push({ reference: p.reference, title: p.title, pastId: p.id });
    }
    for (const p of nextTree?.priorities ?? []) {
      const o = order.find((x) => x.reference === p.reference);
      if (o) o.nextId = p.id;
    }
    const latestApproved = (a: Action): UpdateWithFiles | undefined =>
      approved.find((u) => u.actionId === a.id && u.asOf >= past.yearStart && u.asOf <= past.yearEnd);
    const priorities = order.map((o) => {
      const done = pastActions.filter((a) => a.priorityId === o.pastId);
      const have = [
        ...done.filter((a) => a.status === 'complete').map((a) => a.description || a.title),
        ...done.filter((a) => a.status !== 'complete' && latestApproved(a)).map((a) => `${a.title}: ${latestApproved(a)!.narrative}`),
      ];
      const will = nextActions.filter((a) => a.priorityId === o.nextId && !statusOf(a.status).excludedFromRollup).map((a) => a.description || a.title);
      return { reference: o.reference, title: o.title, have, will };
    });
    return {
      deliveryPlan: past,
      next: next ?? null,
      plan: pastTree,
      nextPlan: nextTree ?? null,
      area,
      title: `Annual report ${pastLabel}`,
      pastLabel,
      nextLabel,
      haveHeading: `In ${pastLabel} ${voice} have:`,
      willHeading: `In ${nextLabel} ${voice} will:`,
      introduction: past.introduction ?? '',
      introductionHeading: `Introduction by the ${area.electedHeadTitle}${area.electedHeadName ? `, ${area.electedHeadName}` : ''}`,
      priorities,
    };
  }

  /**
   * Puts the annual report of a delivery plan on the public site, or takes it off. The plan it
   * serves must be public. Publishing again keeps the first date of publication.
   */
  async function setAnnualReportPublished(actor: Actor, deliveryPlanId: string, publish: boolean) {
    const dp = await mustPlan(deliveryPlanId);
    if (publish && !isPublicPlan(await plans.get(dp.planId))) {
      throw new RuleError('The plan this delivery plan serves is not published: publish the plan before its annual report.');
    }
    const label = financialYearLabel(dp);
    return database.transaction(async (tx) => {
      const before = (await repo.planById(tx, dp.id))!;
      const after = await repo.setAnnualReportPublishedAt(tx, dp.id, publish ? (before.annualReportPublishedAt ?? new Date()) : null);
      await recordAudit(tx, actor, {
        action: publish ? 'delivery-plan.annual-report-publish' : 'delivery-plan.annual-report-withdraw',
        entityType: 'delivery-plan',
        entityId: dp.id,
        summary: publish
          ? `Published the annual report ${label} of ${dp.title} on the public site`
          : `Took the annual report ${label} of ${dp.title} off the public site`,
        before: { annualReportPublishedAt: before.annualReportPublishedAt },
        after: { annualReportPublishedAt: after.annualReportPublishedAt },
      });
      if (publish && !before.annualReportPublishedAt) await noticeAnnualReport(deps.subscriptions, tx, dp, label);
      return after;
    });
  }

  return {
    quarterlySummary,
    annualReport,
    setAnnualReportPublished,
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
