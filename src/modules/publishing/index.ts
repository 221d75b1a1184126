import type { AppModule, Platform } from '../../platform/context.js';
import { publishingRoutes } from './routes/public.js';
import type { PublishingDeps } from './deps.js';

export type { PublishingDeps, PublishingPlans } from './deps.js';

/**
 * The public site's own pages: the home page, the open-data catalogue and the accessibility
 * statement. It composes the other modules' published reads and never their tables.
 */
export function createPublishingModule(platform: Platform, deps: PublishingDeps): AppModule {
  return {
    name: 'publishing',
    publicNav: [{ text: 'Open data', href: '/open-data' }],
    async routes(app) {
      await app.register(publishingRoutes(platform, deps));
    },
  };
}
