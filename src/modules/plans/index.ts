import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { commandGroup } from '../../platform/cli.js';
import type { AppModule, Platform } from '../../platform/context.js';
import { ROOT_DIR } from '../../db/migrate.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { PlanFileInvalid } from './planFile.js';
import { plansPermissions } from './plansPermissions.js';
import { createPlansService, type PlansService } from './plansService.js';
import { adminRoutes } from './routes/admin.js';
import { apiRoutes } from './routes/api.js';
import { exportRoutes } from './routes/exports.js';
import { publicRoutes } from './routes/public.js';

export type { PlansService } from './plansService.js';

/** Demo plans, in the order they must be imported (a refresh after the plan it refreshes). */
export const DEMO_PLAN_FILES = ['cleveland-2013-16.yaml', 'cleveland-2014-17.yaml', 'cleveland-2021-24.yaml', 'cleveland-2024-29.yaml'];

export interface PlansModule extends AppModule {
  service: PlansService;
}

export function createPlansModule(platform: Platform): PlansModule {
  const service = createPlansService(platform.database);
  // Publishing tells the residents subscribed to new and refreshed plans, in the publishing transaction.
  service.addStageHandler({
    async apply(tx, change) {
      if (change.to !== 'published') return;
      await platform.subscriptions.notifySubscribers(tx, 'plans', {
        subject: `Published: ${change.plan.title}`,
        body: `The police and crime plan “${change.plan.title}” (version ${change.plan.version}) has been published, with the response to the Panel’s report on its draft.`,
        link: `/plans/${encodeURIComponent(change.plan.reference)}`,
        dedupeKey: `plan-published:${change.plan.id}`,
      });
    },
  });
  return {
    name: 'plans',
    service,
    staffNav: [{ text: 'Plans', href: '/admin/plans', visible: (r) => plansPermissions.can(r as never, 'plan:view-drafts') }],
    publicNav: [{ text: 'The plan', href: '/plans' }],
    openData: [
      {
        title: 'Police and crime plans',
        description: 'Every published plan with its priorities, commitments and outcomes.',
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
        .action(async (files: string[]) => {
          for (const file of files) {
            try {
              const { plan, created } = await service.importPlan(SYSTEM_ACTOR, readFileSync(file, 'utf8'));
              console.log(`${created ? 'Created' : 'Updated'} ${plan.reference}: ${plan.title} (${plan.status})`);
            } catch (e) {
              if (e instanceof PlanFileInvalid) {
                console.error(`${file}: refused, nothing was saved:`);
                for (const err of e.errors) console.error(`  ${file}${err.line ? `:${err.line}:${err.column}` : ''} ${err.path}: ${err.message}`);
                process.exitCode = 1;
                return;
              }
              throw e;
            }
          }
        });
    },
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
