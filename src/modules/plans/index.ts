import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { commandGroup } from '../../platform/cli.js';
import type { AppModule, Platform } from '../../platform/context.js';
import { ROOT_DIR } from '../../db/migrate.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { importPlanFile } from './importCli.js';
import { plansPermissions } from './plansPermissions.js';
import { createPlansService, type PlansService } from './plansService.js';
import { adminRoutes } from './routes/admin/index.js';
import { apiRoutes } from './routes/api.js';
import { exportRoutes } from './routes/exports.js';
import { publicRoutes } from './routes/public.js';
import { utf8Text } from '../../platform/text.js';

export type { PlansService } from './plansService.js';
export { planWording } from './wording.js';

/** Demo plans, in the order they must be imported (a refresh after the plan it refreshes). */
export const DEMO_PLAN_FILES = ['cleveland-2013-16.yaml', 'cleveland-2014-17.yaml', 'cleveland-2021-24.yaml', 'cleveland-2024-29.yaml'];

export interface PlansModule extends AppModule {
  service: PlansService;
}

export function createPlansModule(platform: Platform): PlansModule {
  const service = createPlansService(
    platform.database,
    async () => {
      const area = await platform.settings.getArea();
      return { commissionerName: area.electedHeadName, commissionerTitle: area.electedHeadTitle };
    },
    platform.clock,
  );
  // Publishing tells the residents subscribed to new and refreshed plans, in the publishing transaction.
  service.addStageHandler({
    async apply(tx, change) {
      if (change.to !== 'published') return;
      await platform.subscriptions.notifySubscribers(tx, 'plans', {
        subject: `Published: ${change.plan.title}`,
        body: `“${change.plan.title}” (version ${change.plan.version}) has been published, with the response to the Panel’s report on its draft.`,
        link: `/plans/${encodeURIComponent(change.plan.reference)}`,
        dedupeKey: `plan-published:${change.plan.id}`,
      });
    },
  });
  return {
    name: 'plans',
    service,
    staffNav: [{ text: 'Plans', href: '/admin/plans', visible: (r) => plansPermissions.can(r, 'plan:view-drafts') }],
    history: { plan: (r) => plansPermissions.can(r, 'plan:view-drafts') },
    publicNav: [{ text: 'The plan', href: '/plans' }],
    openData: [
      {
        title: 'Plans',
        description: 'Every published plan with its priorities, commitments, outcomes and the facts of each version.',
        formats: [{ label: 'JSON', href: '/api/v1/plans' }],
      },
    ],
    async routes(app) {
      await app.register(adminRoutes(platform, service));
      await app.register(publicRoutes(platform, service));
      await app.register(apiRoutes(platform, service));
      await app.register(exportRoutes(platform, service));
    },
    cli(program) {
      const importCmd = commandGroup(program, 'import', 'Import data');
      importCmd
        .command('plan')
        .description('Import a plan from a YAML file (see docs/plan-format.md); the same file again updates in place')
        .argument('<files...>', 'plan files')
        .option('--check', 'check the files (format, references, removals) without saving anything')
        .option('--allow-removals', 'let the import remove priorities, commitments or outcomes from a published plan')
        .action(async (files: string[], opts: { check?: boolean; allowRemovals?: boolean }) => {
          for (const file of files) {
            const outcome = await importPlanFile(service, file, utf8Text(readFileSync(file)), opts);
            for (const line of outcome.lines) (outcome.ok ? console.log : console.error)(line);
            if (!outcome.ok) {
              process.exitCode = 1;
              return;
            }
          }
        });
    },
    demoFirst: true,
    demoLabel: 'the plans',
    async loadDemo() {
      const dir = join(ROOT_DIR, 'seeds', 'plans');
      const present = new Set(readdirSync(dir));
      for (const f of DEMO_PLAN_FILES) {
        if (!present.has(f)) continue;
        await service.importPlan(SYSTEM_ACTOR, readFileSync(join(dir, f), 'utf8'));
      }
    },
  };
}
