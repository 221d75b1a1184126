import { commandGroup } from '../../platform/cli.js';
import { resourcesTasks } from './notices.js';
import type { AppModule, Platform } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { loadResourcesDemo } from './demo.js';
import { resourcesPermissions } from './resourcesPermissions.js';
import { createResourceEvidence } from './planEvidence.js';
import type { ResourcesPlans } from './deps.js';
import { createResourcesService, type ResourcesService } from './resourcesService.js';
import { adminRoutes } from './routes/admin/index.js';
import { apiRoutes } from './routes/api.js';
import { grantRoutes } from './routes/grants.js';
import { publicRoutes } from './routes/public.js';
import { ImportRefused, describeProblem } from '../../platform/importKit.js';
import { utf8Text } from '../../platform/text.js';

export type { ResourcesService } from './resourcesService.js';

export interface ResourcesModule extends AppModule {
  service: ResourcesService;
}

/** How often the contract-ending reminders are checked (they are sent once each, whatever the interval). */
const REMINDER_CHECK_MS = 6 * 60 * 60 * 1000;

export function createResourcesModule(platform: Platform, deps: { plans: ResourcesPlans }): ResourcesModule {
  const service = createResourcesService({
    database: platform.database,
    mailer: platform.mailer,
    users: platform.users,
    plans: deps.plans,
    clock: platform.clock,
    notifications: platform.notifications,
  });
  platform.notifications.defineEvent({ event: 'resources.application-received', label: 'Acknowledgement of a grant application', roles: [] });
  // The plan's checklist reads its funding forecast and grant rounds from here.
  deps.plans.addChecklistEvidence?.(createResourceEvidence(platform.database));
  return {
    name: 'resources',
    service,
    staffNav: [{ text: 'Resources', href: '/admin/resources', visible: (r) => resourcesPermissions.can(r, 'resources:view') }],
    history: {
      'grant-application': (r) => resourcesPermissions.can(r, 'resources:view'),
      'grant-round': (r) => resourcesPermissions.can(r, 'resources:view'),
      'grant-award': (r) => resourcesPermissions.can(r, 'resources:view'),
      'grant-fund': (r) => resourcesPermissions.can(r, 'resources:view'),
      contract: (r) => resourcesPermissions.can(r, 'resources:view'),
      quotation: (r) => resourcesPermissions.can(r, 'resources:view'),
      spending: (r) => resourcesPermissions.can(r, 'resources:view'),
      'finance-line': (r) => resourcesPermissions.can(r, 'resources:view'),
      'precept-base': (r) => resourcesPermissions.can(r, 'resources:view'),
      'workforce-target': (r) => resourcesPermissions.can(r, 'resources:view'),
      'workforce-figure': (r) => resourcesPermissions.can(r, 'resources:view'),
    },
    publicNav: [{ text: 'Money and grants', href: '/resources' }],
    openData: [
      {
        title: 'Spending over £500',
        description: 'Every payment of £500 or more: date, supplier, description, category and amount.',
        formats: [
          { label: 'CSV', href: '/resources/spending.csv' },
          { label: 'JSON', href: '/api/v1/resources/spending' },
        ],
      },
      {
        title: 'Contracts over £10,000',
        description: 'Commissioned services and contracts worth £10,000 or more: provider, service, value, dates and funding source.',
        formats: [
          { label: 'CSV', href: '/resources/contracts.csv' },
          { label: 'JSON', href: '/api/v1/resources/contracts' },
        ],
      },
      {
        title: 'Grants awarded',
        description: 'Every grant awarded from the commissioner’s funds: recipient, project, area and amount.',
        formats: [
          { label: 'CSV', href: '/resources/grants.csv' },
          { label: 'JSON', href: '/api/v1/resources/grants' },
        ],
      },
    ],
    async routes(app) {
      await app.register(adminRoutes(platform, service));
      await app.register(publicRoutes(platform, service));
      await app.register(grantRoutes(platform, service));
      await app.register(apiRoutes(platform, service));
    },
    cli(program) {
      const importCmd = commandGroup(program, 'import', 'Import data');
      importCmd
        .command('spending')
        .description(
          'Import spending lines from a CSV file (reference, paid_on, supplier, description, category, amount); all or nothing, re-import updates by reference',
        )
        .argument('<file>', 'CSV file')
        .action(async (file: string) => {
          const { readFileSync } = await import('node:fs');
          try {
            const r = await service.importSpending(SYSTEM_ACTOR, utf8Text(readFileSync(file)));
            console.log(`Imported: ${r.created} new, ${r.updated} updated`);
          } catch (e) {
            if (!(e instanceof ImportRefused)) throw e;
            console.error(`${file}: refused, nothing was saved:`);
            for (const p of e.problems) console.error(`  ${file}: ${describeProblem(p)}`);
            process.exitCode = 1;
          }
        });
    },
    demoLabel: 'money and workforce',
    loadDemo: () => loadResourcesDemo(platform, service),
    async tasks(user) {
      return resourcesTasks(user, await service.applicationsToScore(user.id));
    },
    async start() {
      platform.jobs.every('resources:contract-ending-reminders', REMINDER_CHECK_MS, async () => {
        const sent = await service.sendContractEndingReminders();
        return `${sent} reminder${sent === 1 ? '' : 's'} sent`;
      });
      return async () => {};
    },
  };
}
