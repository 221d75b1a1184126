import type { AppModule, Platform } from '../../platform/context.js';
import type { EngagementDeps } from './deps.js';
import { loadEngagementDemo } from './demo.js';
import { engagementPermissions } from './engagementPermissions.js';
import { createEngagementService, type EngagementService } from './engagementService.js';
import { adminRoutes } from './routes/admin.js';
import { publicRoutes } from './routes/public.js';

export type { EngagementService } from './engagementService.js';
export type { EngagementDeps } from './deps.js';

export interface EngagementModule extends AppModule {
  service: EngagementService;
}

/**
 * Consultations, surveys and responses, analysis and coding of what people said, "you said, we
 * did" and the engagement log. Geography and delivery actions are optional dependencies.
 */
export function createEngagementModule(platform: Platform, deps: EngagementDeps = {}): EngagementModule {
  const service = createEngagementService(platform.database, platform.settings, deps);
  return {
    name: 'engagement',
    service,
    staffNav: [{ text: 'Engagement', href: '/admin/engagement', visible: (r) => engagementPermissions.can(r as never, 'engagement:view') }],
    publicNav: [{ text: 'Consultations', href: '/consultations' }],
    openData: [
      {
        title: 'Consultation results',
        description: 'For each consultation whose feedback is published: responses by channel and the themes people raised, with what was done.',
        formats: [{ label: 'Web page', href: '/consultations' }],
      },
    ],
    async routes(app) {
      await app.register(publicRoutes(platform, service));
      await app.register(adminRoutes(platform, service));
    },
    async loadDemo() {
      await loadEngagementDemo(service);
    },
  };
}
