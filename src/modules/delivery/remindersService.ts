import { addDays, isoOf } from '../../platform/dates.js';
import type { Actor } from '../../platform/roles.js';
import type { ActionsService } from './actionsService.js';
import type { DeliveryContext, ActionView } from './deliveryContext.js';
import { deliveryRepository as repo, type DeliveryPlan } from './deliveryRepository.js';
import { periodFor, reminderDue, reportingPeriods, OVERDUE_NOTICE_WINDOW_DAYS, REMINDER_DAYS_BEFORE, type Period } from './periods.js';
import { statusOf } from './statuses.js';

/** What is due and overdue, for the tasks list, and the reminders and overdue notices sent by e-mail. */
export function createRemindersService(ctx: DeliveryContext, owned: Pick<ActionsService, 'actionsFor'>) {
  const { db, deps, users, today } = ctx;

  /**
   * Open actions whose update for a period is still missing: "due" for the period running today,
   * "overdue" for the last period that has ended (or an action past its own due date).
   */
  async function dueAndOverdue(actor: Actor, at?: Date) {
    const list = (await owned.actionsFor(actor)).filter((a) => !statusOf(a.status).closed);
    const answered = new Set(
      (
        await repo.answeredPeriods(
          db,
          list.map((a) => a.id),
        )
      ).map((r) => `${r.actionId}/${r.periodKey}`),
    );
    const dps = new Map<string, DeliveryPlan>();
    for (const a of list) if (!dps.has(a.deliveryPlanId)) dps.set(a.deliveryPlanId, (await repo.planById(db, a.deliveryPlanId))!);
    const t = at ? isoOf(at) : today();
    const due: (ActionView & { period: Period })[] = [];
    const overdue: (ActionView & { period: Period | null })[] = [];
    for (const a of list) {
      const ps = reportingPeriods(dps.get(a.deliveryPlanId)!.yearStart, dps.get(a.deliveryPlanId)!.yearEnd).filter((p) => !a.startDate || a.startDate <= p.end);
      const current = periodFor(ps, t);
      if (current && !answered.has(`${a.id}/${current.key}`)) due.push({ ...a, period: current });
      const lastEnded = [...ps].reverse().find((p) => p.due < t);
      if (lastEnded && !answered.has(`${a.id}/${lastEnded.key}`)) overdue.push({ ...a, period: lastEnded });
      else if (a.overdue) overdue.push({ ...a, period: null });
    }
    return { due, overdue, today: t };
  }

  // ---- reminders ----------------------------------------------------------------------------

  /**
   * Sends the reminders and overdue notices due today. Each message has a dedupe key per action,
   * period and kind, recorded in the outbox before it is sent: run it as often as you like, after
   * any restart, and each message still goes exactly once.
   */
  async function runReminders(): Promise<string> {
    const t = today();
    const dps = (await repo.listPlans(db)).filter(
      (dp) => dp.yearStart <= addDays(t, REMINDER_DAYS_BEFORE) && dp.yearEnd >= addDays(t, -OVERDUE_NOTICE_WINDOW_DAYS),
    );
    let sent = 0;
    for (const dp of dps) {
      const actions = (await repo.actionsOfPlans(db, [dp.id])).filter((a) => a.ownerId && !statusOf(a.status).closed);
      if (!actions.length) continue;
      const answered = new Set(
        (
          await repo.answeredPeriods(
            db,
            actions.map((a) => a.id),
          )
        ).map((r) => `${r.actionId}/${r.periodKey}`),
      );
      for (const period of reportingPeriods(dp.yearStart, dp.yearEnd)) {
        const kind = reminderDue(period, t);
        if (!kind) continue;
        for (const a of actions) {
          if (answered.has(`${a.id}/${period.key}`) || (a.startDate && a.startDate > period.end)) continue;
          const owner = await users.get(a.ownerId!);
          if (!owner || owner.status !== 'active') continue;
          const link = `${deps.baseUrl.replace(/\/$/, '')}/admin/delivery/actions/${a.id}`;
          const subject =
            kind === 'reminder'
              ? `Update due by ${period.due}: ${a.reference} ${a.title}`
              : `Overdue: the ${period.label} update for ${a.reference} ${a.title}`;
          const body = [
            `Dear ${owner.name},`,
            '',
            kind === 'reminder'
              ? `Your update on the action "${a.title}" (${dp.title}) for ${period.label} is due by ${period.due}.`
              : `Your update on the action "${a.title}" (${dp.title}) for ${period.label} was due by ${period.due} and has not been received.`,
            '',
            `Post it here: ${link}`,
          ].join('\n');
          const r = await deps.mailer.send({ to: owner.email, subject, body, dedupeKey: `delivery:${kind}:${a.id}:${period.key}` });
          if (r.queued) sent++;
        }
      }
    }
    return `sent ${sent}`;
  }

  return {
    dueAndOverdue,
    runReminders,
  };
}
export type RemindersService = ReturnType<typeof createRemindersService>;
