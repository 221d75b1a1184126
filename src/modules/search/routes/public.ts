import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { typedRoutes } from '../../../platform/typedRoutes.js';
import { parseSearchParams, searchPresenter } from '../presenters/results.js';
import type { SearchService } from '../searchService.js';

/** Anything may be in the query string: the presenter reads what it knows and drops the rest. */
const searchQuery = z.record(z.string(), z.unknown());

/** `/search`: for everyone; what it finds depends on who is asking (the public, or a role). */
export function searchRoutes(service: SearchService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    app.get('/search', { schema: { querystring: searchQuery } }, async (request, reply) => {
      const p = parseSearchParams(request.query);
      // Staff records only for someone who could open the staff pages now (two-step set up).
      const role = request.user && !request.session?.mustSetUpTwoStep ? request.actor.role : null;
      const results = p.q ? await service.search({ q: p.q, role, kinds: p.kinds, year: p.year, page: p.page }) : null;
      // Results differ by person and change with the data: never kept by a browser or a proxy.
      reply.header('cache-control', 'private, no-store');
      return reply.view('search/views/search.njk', { title: p.q ? `Search results for ‘${p.q}’` : 'Search', ...searchPresenter(p, results) });
    });
  };
}
