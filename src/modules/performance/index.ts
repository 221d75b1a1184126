import type { AppModule, Platform } from '../../platform/context.js';
import type { PerformanceDeps } from './deps.js';
import { loadPerformanceDemo } from './demo.js';
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
  const service = createPerformanceService(platform.database, platform.settings, deps);
  return {
    name: 'performance',
    service,
    staffNav: [{ text: 'Performance', href: '/admin/performance', visible: (r) => performancePermissions.can(r as never, 'performance:view') }],
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
    async loadDemo() {
      const area = await platform.settings.getArea();
      await loadPerformanceDemo(service, { categories: () => deps.crime.categories(), months: () => deps.crime.months(area.forceId), owner: area.chiefOfficerTitle });
    },
  };
}
