import type { AppModule, Platform } from '../../platform/context.js';
import type { SearchSource } from '../../platform/searchDocuments.js';
import { searchRoutes } from './routes/public.js';
import { createSearchService, type SearchService } from './searchService.js';

export interface SearchDeps {
  /** Each module's searchable records (its own reads and permissions), wired by the registry. */
  sources: SearchSource[];
}

export type SearchModule = AppModule & { service: SearchService };

/**
 * Site-wide search (`/search`): one full-text index in the database over the records the other
 * modules describe, each shown only to the public or the roles that may open it.
 */
export function createSearchModule(platform: Platform, deps: SearchDeps): SearchModule {
  const service = createSearchService(platform.database, deps.sources, platform.clock);
  return {
    name: 'search',
    service,
    async routes(app) {
      await app.register(searchRoutes(service));
    },
  };
}
