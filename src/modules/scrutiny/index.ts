import type { AppModule, Platform } from '../../platform/context.js';
import { scrutinyPermissions } from './scrutinyPermissions.js';
import { createScrutinyService, type MeasuresLookup, type PlansLookup, type ScrutinyService } from './scrutinyService.js';
import { loadScrutinyDemo } from './demo.js';
import { adminRoutes } from './routes/admin.js';
import { apiRoutes } from './routes/api.js';
import { publicRoutes } from './routes/public.js';

export type { ScrutinyService, PlansLookup, MeasuresLookup } from './scrutinyService.js';

export interface ScrutinyModule extends AppModule {
  service: ScrutinyService;
}

/** How often reminders of statutory deadlines are checked. */
const REMINDER_INTERVAL_MS = 6 * 60 * 60 * 1000;

export function createScrutinyModule(platform: Platform, deps: { plans: PlansLookup; measures?: MeasuresLookup }): ScrutinyModule {
  const service = createScrutinyService(platform, deps);
  // The plan's pages link to the Panel's reports about it; plans asks, scrutiny answers.
  deps.plans.addPageLinks?.(service.planPageLinks);
  let scheduled = false;
  return {
    name: 'scrutiny',
    service,
    staffNav: [{ text: 'Scrutiny', href: '/admin/scrutiny', visible: (r) => scrutinyPermissions.can(r as never, 'scrutiny:view') }],
    publicNav: [{ text: 'Scrutiny', href: '/scrutiny' }],
    openData: [
      {
        title: 'Panel recommendations and responses',
        description: 'What the Panel recommended and what the elected head did, with due dates and status.',
        formats: [
          { label: 'CSV', href: '/api/v1/scrutiny/recommendations.csv' },
          { label: 'JSON', href: '/api/v1/scrutiny/recommendations' },
        ],
      },
      {
        title: 'Meetings',
        description: 'Panel meetings and accountability meetings with the chief officer.',
        formats: [
          { label: 'CSV', href: '/api/v1/scrutiny/meetings.csv' },
          { label: 'JSON', href: '/api/v1/scrutiny/meetings' },
        ],
      },
      {
        title: 'Decisions',
        description: 'The register of published decisions.',
        formats: [
          { label: 'CSV', href: '/api/v1/scrutiny/decisions.csv' },
          { label: 'JSON', href: '/api/v1/scrutiny/decisions' },
        ],
      },
      {
        title: 'HMICFRS inspections',
        description: 'Inspections, findings and the comments deadline.',
        formats: [
          { label: 'CSV', href: '/api/v1/scrutiny/inspections.csv' },
          { label: 'JSON', href: '/api/v1/scrutiny/inspections' },
        ],
      },
      {
        title: 'Risks and horizon scanning',
        description: 'The risk register.',
        formats: [
          { label: 'CSV', href: '/api/v1/scrutiny/risks.csv' },
          { label: 'JSON', href: '/api/v1/scrutiny/risks' },
        ],
      },
      {
        title: 'Statutory calendar',
        description: 'Deadlines set by law.',
        formats: [
          { label: 'iCalendar', href: '/calendar.ics' },
          { label: 'CSV', href: '/api/v1/scrutiny/calendar.csv' },
        ],
      },
      {
        title: 'Publication schedule',
        description: 'The classes of information the Specified Information Order requires.',
        formats: [{ label: 'CSV', href: '/api/v1/scrutiny/publication-schedule.csv' }],
      },
    ],
    async routes(app) {
      await app.register(adminRoutes(platform, service));
      await app.register(publicRoutes(platform, service));
      await app.register(apiRoutes(platform, service));
    },
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
