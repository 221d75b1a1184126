import type { TaskUser } from '../../platform/context.js';
import type { PlanPageAudience, PlanPageRef } from '../plans/types.js';
import { createCalendarService } from './calendarService.js';
import { createDecisionsService } from './decisionsService.js';
import type { ScrutinyDeps } from './deps.js';
import { createInspectionsService } from './inspectionsService.js';
import { createMeetingsService } from './meetingsService.js';
import type { ReviewNotice } from './planReview.js';
import { planReportLinks } from './presenters/panel.js';
import { createPublicationSchedule } from './publicationSchedule.js';
import { createReportsService } from './reportsService.js';
import { createScrutinyContext, type ScrutinyPlatform } from './scrutinyContext.js';
import { scrutinyPermissions as perms } from './scrutinyPermissions.js';
import { scrutinyRepository as repo } from './scrutinyRepository.js';

export type { UploadedFile } from './scrutinyContext.js';
export { toPublicDecision, type PublicDecision } from './decisionsService.js';

/**
 * The scrutiny service, one object for the routes, the registry and other modules, composed of
 * its parts: meetings (and accountability), the Panel's reports, decisions, inspections and risks,
 * the publication schedule, the statutory calendar, and the plan's Panel review.
 */
export function createScrutinyService(platform: ScrutinyPlatform, deps: ScrutinyDeps & { notifyReview?: (notice: ReviewNotice) => Promise<void> }) {
  const ctx = createScrutinyContext(platform, deps);
  const { db, review } = ctx;
  const reports = createReportsService(ctx);
  /** The links a plan's pages show to the Panel's reports about it (registered with plans). */
  const planPageLinks = async (plan: PlanPageRef, reader: PlanPageAudience) =>
    reader.audience === 'staff' && !perms.can(reader.role, 'scrutiny:view')
      ? null
      : planReportLinks(await repo.reportsAboutPlan(db, plan.id), plan, reader, (await platform.settings.getArea()).scrutinyBodyName);

  return {
    /** Today, by the app's clock: pages judge "overdue" against it. */
    today: () => platform.clock.today(),
    ...createMeetingsService(ctx),
    ...reports,
    ...createDecisionsService(ctx),
    ...createInspectionsService(ctx),
    ...createPublicationSchedule(ctx.database, deps.plans),
    ...createCalendarService(ctx, reports),
    planPageLinks,
    planStageHandler: review.handler,
    planStageLinks: review.stageLinks,
    planReportingEvidence: review.reportingEvidence,
    planReviewTasks: async (user: TaskUser, today: string) =>
      review.reviewTasks(
        user,
        today,
        (await deps.plans.list({ includeDrafts: true })).filter((p) => p.status === 'panel-review').map((p) => p.id),
      ),
    respondToReport: review.respondToReport,
    planChoices: () => deps.plans.list({ includeDrafts: true }),
  };
}
export type ScrutinyService = ReturnType<typeof createScrutinyService>;
