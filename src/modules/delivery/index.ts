import { commandGroup } from '../../platform/cli.js';
import type { AppModule, Platform } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { describeProblem, ImportRefused } from '../../platform/importKit.js';
import { loadDeliveryDemo } from './demo.js';
import { DELIVERY_EVENTS, deliveryTasks } from './notices.js';
import { deliveryPermissions } from './deliveryPermissions.js';
import type { PlansLookup } from './deps.js';
import { createDeliveryService, type DeliveryService } from './deliveryService.js';
import { adminRoutes } from './routes/admin.js';
import { apiRoutes } from './routes/api.js';
import { publicRoutes } from './routes/public.js';
import { startRoutes } from './routes/start.js';
import { createStartPlan } from './startPlan.js';
import { readFileSync } from 'node:fs';

export type { DeliveryService, PublicAction } from './deliveryService.js';

export interface DeliveryModule extends AppModule {
  service: DeliveryService;
}

/** How often the reminder task looks for updates due or overdue. */
export const REMINDER_INTERVAL_MS = 60 * 60 * 1000;

export function createDeliveryModule(platform: Platform, deps: { plans: PlansLookup }): DeliveryModule {
  const service = createDeliveryService({
    database: platform.database,
    users: platform.users,
    settings: platform.settings,
    mailer: platform.mailer,
    notifications: platform.notifications,
    subscriptions: platform.subscriptions,
    plans: deps.plans,
    baseUrl: platform.config.baseUrl,
    clock: platform.clock,
  });
  // The plan's pages link to its delivery plans and published annual reports.
  deps.plans.addPageLinks?.(service.planPageLinks);
  // A published plan offers to start its first delivery plan, and each year the next one.
  const start = createStartPlan({ database: platform.database, plans: deps.plans, today: () => platform.clock.today() });
  deps.plans.addPageLinks?.(start.planPageLinks);
  // State is in the database (scheduler_runs and the outbox's dedupe keys): a restart neither
  // skips nor repeats a reminder.
  for (const e of DELIVERY_EVENTS) platform.notifications.defineEvent(e);
  platform.jobs.every('delivery-reminders', REMINDER_INTERVAL_MS, () => service.runReminders());
  return {
    name: 'delivery',
    service,
    staffNav: [{ text: 'Delivery', href: '/admin/delivery', visible: (r) => deliveryPermissions.can(r, 'delivery:view-staff') }],
    history: {
      'delivery-plan': (r) => deliveryPermissions.can(r, 'delivery:view-staff'),
      'delivery-action': (r) => deliveryPermissions.can(r, 'delivery:view-staff'),
      'delivery-update': (r) => deliveryPermissions.can(r, 'delivery:view-staff'),
    },
    publicNav: [{ text: 'Progress', href: '/delivery' }],
    openData: [
      {
        title: 'Delivery actions and progress',
        description: 'Every public action of the delivery plans with its status, RAG and progress.',
        formats: [
          { label: 'CSV', href: '/delivery/actions.csv' },
          { label: 'JSON', href: '/api/v1/delivery/actions' },
        ],
      },
    ],
    async routes(app) {
      await app.register(adminRoutes(platform, service, deps.plans));
      await app.register(startRoutes(platform, start));
      await app.register(publicRoutes(platform, service));
      await app.register(apiRoutes(platform, service));
    },
    cli(program) {
      const importCmd = commandGroup(program, 'import', 'Import data');
      importCmd
        .command('delivery')
        .description('Import actions or updates from a CSV file into a delivery plan (by reference; all or nothing)')
        .argument('<deliveryPlan>', 'delivery plan reference')
        .argument('<file>', 'CSV file')
        .option('--updates', 'the file holds updates, not actions')
        .action(async (ref: string, file: string, o: { updates?: boolean }) => {
          try {
            const text = readFileSync(file, 'utf8');
            const r = o.updates ? await service.importUpdates(SYSTEM_ACTOR, ref, text) : await service.importActions(SYSTEM_ACTOR, ref, text);
            console.log(`${r.created} new, ${r.updated} changed`);
          } catch (e) {
            if (e instanceof ImportRefused) {
              console.error(`${file}: refused, nothing was saved:`);
              for (const p of e.problems) console.error(`  ${file}: ${describeProblem(p)}`);
              process.exitCode = 1;
              return;
            }
            throw e;
          }
        });
    },
    async tasks(user, now) {
      const actor = { id: user.id, label: user.name, role: user.role, organisation: user.organisation };
      const [{ due, overdue }, pending] = await Promise.all([
        service.dueAndOverdue(actor, now),
        deliveryPermissions.can(user.role, 'delivery:review') ? service.pendingUpdates() : Promise.resolve([]),
      ]);
      return deliveryTasks(user, { due, overdue, pending });
    },
    demoLabel: 'delivery progress',
    async loadDemo() {
      await loadDeliveryDemo(service, start, deps.plans, platform.users, platform.clock.today());
    },
  };
}
