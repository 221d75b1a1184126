import type { AppModule, Platform } from '../../platform/context.js';
import { scrutinyPermissions } from './scrutinyPermissions.js';
import { createScrutinyService, type ScrutinyService } from './scrutinyService.js';
import type { ScrutinyDeps } from './deps.js';
import { loadScrutinyDemo } from './demo.js';
import { addDays, ukDate } from '../../platform/dates.js';
import { SCRUTINY_EVENTS, scrutinyTasks } from './notices.js';
import { adminRoutes } from './routes/admin/index.js';
import { reviewNotices } from './reviewNotices.js';
import { reportResponseRoutes } from './routes/reportResponse.js';
import { apiRoutes } from './routes/api.js';
import { publicRoutes } from './routes/public.js';
import { scrutinyOpenData } from './openData.js';

export type { ScrutinyService } from './scrutinyService.js';
export type { ScrutinyDeps } from './deps.js';

export interface ScrutinyModule extends AppModule {
  service: ScrutinyService;
}

/** How often reminders of statutory deadlines are checked. */
const REMINDER_INTERVAL_MS = 6 * 60 * 60 * 1000;

export function createScrutinyModule(platform: Platform, deps: ScrutinyDeps): ScrutinyModule {
  const service = createScrutinyService(platform, { ...deps, notifyReview: reviewNotices(platform) });
  // The plan's pages link to the Panel's reports about it; plans asks, scrutiny answers.
  deps.plans.addPageLinks(service.planPageLinks);
  // Panel review: the Panel's item, the response publishing needs, the response published with the plan.
  deps.plans.addStageHandler(service.planStageHandler);
  deps.plans.addPageLinks(service.planStageLinks);
  deps.plans.addChecklistEvidence(service.planReportingEvidence);
  for (const e of SCRUTINY_EVENTS) platform.notifications.defineEvent(e);
  let scheduled = false;
  return {
    name: 'scrutiny',
    service,
    staffNav: [{ text: 'Scrutiny', href: '/admin/scrutiny', visible: (r) => scrutinyPermissions.can(r, 'scrutiny:view') }],
    history: {
      'scrutiny-meeting': (r) => scrutinyPermissions.can(r, 'scrutiny:view'),
      'scrutiny-inspection': (r) => scrutinyPermissions.can(r, 'scrutiny:view'),
      'scrutiny-recommendation': (r) => scrutinyPermissions.can(r, 'scrutiny:view'),
      'scrutiny-panel-report': (r) => scrutinyPermissions.can(r, 'scrutiny:view'),
      'scrutiny-risk': (r) => scrutinyPermissions.can(r, 'scrutiny:view'),
      'scrutiny-action': (r) => scrutinyPermissions.can(r, 'scrutiny:view'),
      'scrutiny-decision': (r) => scrutinyPermissions.can(r, 'decision:view-exempt'),
    },
    publicNav: [{ text: 'Scrutiny', href: '/scrutiny' }],
    openData: scrutinyOpenData,
    async routes(app) {
      await app.register(adminRoutes(platform, service));
      await app.register(reportResponseRoutes(platform, service));
      await app.register(publicRoutes(platform, service));
      await app.register(apiRoutes(platform, service));
    },
    async tasks(user, now) {
      const today = ukDate(now);
      const [deadlines, meetings] = await Promise.all([
        service.calendar(addDays(today, -366), addDays(today, 30), { includePrivate: true }),
        service.listMeetings(),
      ]);
      const kinds = new Map(meetings.map((m) => [`meeting-${m.id}`, m.kind]));
      return [
        ...scrutinyTasks(
          user,
          today,
          deadlines.map((d) => ({ ...d, meetingKind: kinds.get(d.uid) })),
        ),
        ...(await service.planReviewTasks(user, today)),
      ];
    },
    demoLabel: 'Panel and scrutiny records',
    async loadDemo() {
      await loadScrutinyDemo(service, deps.plans, service.today());
    },
    async start() {
      if (!scheduled) {
        platform.jobs.every('scrutiny-reminders', REMINDER_INTERVAL_MS, async () => {
          const { sent } = await service.sendReminders();
          return `${sent} reminder${sent === 1 ? '' : 's'} sent`;
        });
        scheduled = true;
      }
      return async () => {};
    },
  };
}
