import { readFileSync } from 'node:fs';
import { commandGroup } from '../../platform/cli.js';
import type { AppModule, Platform } from '../../platform/context.js';
import { describeProblem, ImportRefused } from '../../platform/importKit.js';
import { ROLE_LABELS, SYSTEM_ACTOR, isRole } from '../../platform/roles.js';
import type { PerformanceDeps } from './deps.js';
import { loadPerformanceDemo } from './demo.js';
import { measureEvidence } from './planEvidence.js';
import { performancePermissions } from './performancePermissions.js';
import { createPerformanceService, type PerformanceService } from './performanceService.js';
import { adminRoutes } from './routes/admin.js';
import { apiRoutes } from './routes/api.js';
import { publicRoutes } from './routes/public.js';

export type { PerformanceService } from './performanceService.js';
export type { LocalAction, PerformanceDeps } from './deps.js';

export interface PerformanceModule extends AppModule {
  service: PerformanceService;
}

/** Measures, targets, figures, significance, dashboards, "your area", peer comparison, the Panel's quarterly report. */
export function createPerformanceModule(platform: Platform, deps: PerformanceDeps): PerformanceModule {
  const bylineOf = async (email: string) => {
    const u = await platform.users.findByEmail(email);
    return u ? `${u.name}, ${isRole(u.role) ? ROLE_LABELS[u.role] : u.role}` : undefined;
  };
  const service = createPerformanceService(platform.database, platform.settings, { bylineOf, ...deps });
  // The plan's checklist reads the measures linked to its priorities from here.
  deps.plans.addChecklistEvidence?.(async (plan) => measureEvidence(plan, await service.list()));
  return {
    name: 'performance',
    service,
    staffNav: [{ text: 'Performance', href: '/admin/performance', visible: (r) => performancePermissions.can(r, 'performance:view') }],
    history: { measure: (r) => performancePermissions.can(r, 'performance:view') },
    publicNav: [
      { text: 'Performance', href: '/performance' },
      { text: 'Your area', href: '/your-area' },
    ],
    openData: [
      {
        title: 'Performance measures',
        description: 'Every public measure with its series, latest figure, target and the significance of the latest change.',
        formats: [{ label: 'JSON', href: '/api/v1/performance/measures' }],
      },
    ],
    async routes(app) {
      await app.register(publicRoutes(platform, service));
      await app.register(apiRoutes(platform, service));
      await app.register(
        adminRoutes(platform, service, {
          categories: () => deps.crime.categories(),
          currentPlan: async () => {
            const p = await deps.plans.current();
            return p ? { reference: p.reference, priorities: p.priorities, outcomes: p.outcomes } : undefined;
          },
        }),
      );
    },
    cli(program) {
      const importCmd = commandGroup(program, 'import', 'Import data');
      importCmd
        .command('figures')
        .description('Import entered figures of measures from CSV (measure,period,value,note); all-or-nothing, a re-import replaces the same periods')
        .argument('<files...>', 'CSV files')
        .action(async (files: string[]) => {
          for (const file of files) {
            try {
              const { rows } = await service.importFigures(SYSTEM_ACTOR, readFileSync(file, 'utf8'), file);
              console.log(`${file}: imported ${rows} figures`);
            } catch (e) {
              if (e instanceof ImportRefused) {
                console.error(`${file}: refused, nothing was saved:`);
                for (const p of e.problems) console.error(`  ${file}: ${describeProblem(p)}`);
                process.exitCode = 1;
                continue;
              }
              throw e;
            }
          }
        });
    },
    demoLabel: 'performance measures',
    async loadDemo() {
      const area = await platform.settings.getArea();
      await loadPerformanceDemo(service, {
        categories: () => deps.crime.categories(),
        months: () => deps.crime.months(area.forceId),
        owner: area.chiefOfficerTitle,
      });
    },
  };
}
