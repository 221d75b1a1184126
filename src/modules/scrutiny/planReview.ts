import type { Database, Db } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import { RuleError, forbidden, notFound } from '../../platform/http.js';
import type { Task, TaskUser } from '../../platform/context.js';
import type { Actor } from '../../platform/roles.js';
import { formatDate } from '../../platform/views.js';
import type { ChecklistEvidence, StageChange, StageHandler, StagePlan } from '../plans/hooks.js';
import type { PlanPageAudience, PlanPageLinkGroup, PlanPageRef } from '../plans/types.js';
import { scrutinyPermissions as perms } from './scrutinyPermissions.js';
import { planReviewRepository as repo } from './planReviewRepository.js';
import type { Meeting } from './scrutinyRepository.js';

/**
 * The plan's Panel review, done by scrutiny:
 * - sending a plan to Panel review puts it on the agenda of the Panel's next meeting, with the
 *   draft as its paper; with no meeting scheduled, the plan's page asks for one and the item is
 *   added when the meeting is created;
 * - the elected head responds to the Panel's report as a whole (PRSRA 2011 s.28(3)), and the plan
 *   cannot be published before that response is recorded for a report on this very version;
 * - publishing the plan publishes the response beside it.
 */

export const RESPONSE_REQUIRED =
  'Publishing needs the commissioner’s recorded response to the Panel’s report on this version of the plan (Police Reform and Social Responsibility Act 2011, section 28(3)). Record the Panel’s report and the response first.';

/** What a Panel item and a response notice look like to the people told (given to the notifier). */
export interface ReviewNotice {
  kind: 'panel-review' | 'response-published';
  plan: { id: string; reference: string; title: string; version: number };
  meeting?: { id: string; title: string; meetingDate: string } | null;
  tx: Db;
}

/** Puts a plan on a meeting's agenda (once), with a link to the draft as its paper. */
async function addPlanItem(tx: Db, actor: Actor, meeting: Meeting, plan: { id: string; title: string; version: number }) {
  const existing = await repo.planItem(tx, meeting.id, plan.id);
  if (existing) return existing;
  const position = (await repo.agendaLength(tx, meeting.id)) + 1;
  const item = await repo.insertPlanItem(
    tx,
    { meetingId: meeting.id, position, title: `Review of the draft plan “${plan.title}” (version ${plan.version})`, planId: plan.id },
    { title: `The draft plan “${plan.title}”`, url: `/admin/plans/${plan.id}` },
  );
  await recordAudit(tx, actor, {
    action: 'scrutiny.agenda.plan-review',
    entityType: 'scrutiny-meeting',
    entityId: meeting.id,
    summary: `Added the review of the draft plan “${plan.title}” to the agenda of “${meeting.title}” (${meeting.meetingDate})`,
    after: item,
  });
  return item;
}

export function createPlanReview(
  database: Database,
  deps: { notify?: (notice: ReviewNotice) => Promise<void>; scrutinyBodyName: () => Promise<string>; now: () => Date },
) {
  const { db } = database;

  const handler: StageHandler = {
    async check(tx, change) {
      if (change.to !== 'published') return;
      const answered = await repo.answeredReports(tx, change.plan.id);
      if (!answered.length) throw new RuleError(RESPONSE_REQUIRED);
    },
    async apply(tx, change: StageChange) {
      if (change.to === 'panel-review') {
        const meeting = await repo.nextPanelMeeting(tx, change.today);
        if (meeting) await addPlanItem(tx, change.actor, meeting, change.plan);
        await deps.notify?.({ kind: 'panel-review', plan: change.plan, meeting: meeting ?? null, tx });
      }
      if (change.to === 'published') {
        // The response is published beside the plan (and the report with it).
        const reports = await repo.responsesToPublish(tx, change.plan.id);
        if (reports.length) {
          await repo.publishResponses(
            tx,
            reports.map((r) => r.id),
            deps.now(),
          );
          for (const r of reports) {
            await recordAudit(tx, change.actor, {
              action: 'scrutiny.report.response-publish',
              entityType: 'scrutiny-panel-report',
              entityId: r.id,
              summary: `Published the response to “${r.title}” with the plan ${change.plan.reference}`,
            });
          }
          await deps.notify?.({ kind: 'response-published', plan: change.plan, tx });
        }
      }
    },
  };

  /** A Panel meeting was added: plans waiting for the Panel's review go on its agenda. */
  async function scheduleWaitingPlans(tx: Db, actor: Actor, meeting: Meeting, waiting: { id: string; title: string; version: number }[]) {
    if (meeting.kind !== 'panel' || meeting.status !== 'scheduled') return;
    for (const plan of waiting) {
      const already = await repo.onScheduledAgenda(tx, plan.id);
      if (!already) await addPlanItem(tx, actor, meeting, plan);
    }
  }

  /** The elected head's response to the Panel's report (kept unpublished until the plan is published). */
  async function respondToReport(actor: Actor, reportId: string, responseText: string) {
    if (!perms.can(actor.role, 'panel-report:respond')) throw forbidden('Only the elected head responds to the Panel’s report.');
    return database.transaction(async (tx) => {
      const before = await repo.report(tx, reportId);
      if (!before) throw notFound('No such Panel report');
      if (before.responsePublishedAt) throw new RuleError('The response to this report has been published with the plan; it cannot be changed.');
      const after = await repo.recordResponse(tx, reportId, { responseText, respondedAt: deps.now(), respondedBy: actor.label });
      await recordAudit(tx, actor, {
        action: 'scrutiny.report.respond',
        entityType: 'scrutiny-panel-report',
        entityId: reportId,
        summary: `Recorded the response to the Panel’s report “${before.title}”`,
        before,
        after,
      });
      return after;
    });
  }

  /** For a plan in Panel review: its item on the Panel's agenda (or a request for the meeting) and the response. */
  async function stageLinks(plan: PlanPageRef, reader: PlanPageAudience): Promise<PlanPageLinkGroup | null> {
    if (reader.audience === 'public') {
      const published = (await repo.publishedResponses(db, plan.id)).filter((r) => r.published);
      if (!published.length) return null;
      return {
        order: 21,
        heading: 'The response to the Panel’s report',
        links: published.map((r) => ({
          text: `Response to “${r.title}”`,
          href: `/scrutiny/panel-reports/${r.id}#response`,
          hint: `Published ${formatDate(r.responsePublishedAt)}`,
        })),
      };
    }
    if (!perms.can(reader.role, 'scrutiny:view') || (plan.status !== 'panel-review' && plan.status !== 'published')) return null;
    const panel = await deps.scrutinyBodyName();
    const items = await repo.planItems(db, plan.id);
    const reports = await repo.reportsOfPlan(db, plan.id);
    const links = items.map(({ item, meeting }) => ({
      text: `${meeting.title}: ${item.title}`,
      href: `/admin/scrutiny/meetings/${meeting.id}`,
      hint: `Meeting on ${formatDate(meeting.meetingDate)}`,
    }));
    if (plan.status === 'panel-review' && !items.length) {
      links.push({
        text: `No ${panel} meeting is scheduled: add the next meeting and this draft goes on its agenda`,
        href: '/admin/scrutiny/meetings/new',
        hint: 'For the editors who run meetings',
      });
    }
    if (plan.status === 'panel-review' && !reports.length) {
      links.push({
        text: `Record the ${panel}’s report on this draft`,
        href: `/admin/scrutiny/reports/new?planId=${plan.id}`,
        hint: `For the ${panel}’s members`,
      });
    }
    for (const r of reports) {
      links.push({
        text: r.responseText ? `Response to “${r.title}”` : `Respond to “${r.title}”`,
        href: `/admin/scrutiny/reports/${r.id}#response`,
        hint: r.responsePublishedAt
          ? `Published ${formatDate(r.responsePublishedAt)}`
          : r.responseText
            ? `Recorded ${formatDate(r.respondedAt)}; published with the plan`
            : 'Needed before the plan can be published',
      });
    }
    return links.length ? { order: 19, heading: `The ${panel}’s review`, links } : null;
  }

  /** The checklist's "how the chief officer reports" item, read from the accountability meetings held in the plan's term. */
  async function reportingEvidence(plan: StagePlan): Promise<ChecklistEvidence> {
    const held = await repo.accountabilityMeetingsBetween(db, plan.termStart, plan.termEnd);
    return {
      covers: held.length
        ? [
            {
              element: 'reporting',
              coveredBy: [`${held.length} accountability ${held.length === 1 ? 'meeting' : 'meetings'} with the chief officer in the plan’s term`],
            },
          ]
        : [],
    };
  }

  /**
   * What waits at the Panel review stage of the plans in it (`inReview`): for the Panel's members,
   * the report on a draft on the agenda of a scheduled meeting, not yet recorded; for the elected
   * head, the response to a report on it, which publishing needs.
   */
  async function reviewTasks(user: TaskUser, today: string, inReview: string[]): Promise<Task[]> {
    const tasks: Task[] = [];
    if (!inReview.length) return tasks;
    if (perms.can(user.role, 'panel-report:record')) {
      const waiting = await repo.awaitingReports(db, inReview);
      for (const w of waiting) {
        tasks.push({
          kind: 'scrutiny.plan-review',
          title: `Record the Panel’s report: ${w.title}`,
          detail: `At ${w.meetingTitle}`,
          due: w.meetingDate,
          overdue: w.meetingDate < today,
          href: `/admin/scrutiny/reports/new?planId=${w.planId}`,
        });
      }
    }
    if (perms.can(user.role, 'panel-report:respond')) {
      const unanswered = await repo.unansweredReports(db, inReview);
      for (const r of unanswered) {
        tasks.push({
          kind: 'scrutiny.report-response',
          title: `Respond to the Panel’s report “${r.title}”`,
          detail: 'The plan can be published only once you have responded (PRSRA 2011 s.28(3))',
          due: r.reportDate,
          overdue: false,
          href: `/admin/scrutiny/reports/${r.id}/response`,
        });
      }
    }
    return tasks;
  }

  return { handler, scheduleWaitingPlans, respondToReport, stageLinks, reportingEvidence, reviewTasks };
}
export type PlanReview = ReturnType<typeof createPlanReview>;
