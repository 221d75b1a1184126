import type { AppModule, OpenDataset, Platform } from '../../platform/context.js';
import type { PlansService } from '../plans/index.js';
import { publishingRoutes } from './routes/public.js';

/** What publishing reads from plans: only the public reads. */
export type PublishingPlans = Pick<PlansService, 'current' | 'listPublic'>;

export interface PublishingDeps {
  plans: PublishingPlans;
  /** Every module's open datasets, read when the page is asked for (the registry passes it). */
  catalogue: () => OpenDataset[];
}

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
