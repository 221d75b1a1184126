import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../../platform/context.js';
import type { ResourcesService } from '../../resourcesService.js';
import { contractRoutes } from './contracts.js';
import { financeRoutes } from './finance.js';
import { grantAdminRoutes } from './grants.js';
import { can } from './shared.js';
import { spendingRoutes } from './spending.js';
import { workforceRoutes } from './workforce.js';

/** The staff pages of resources: the overview, and one plugin per area. */
export function adminRoutes(platform: Platform, service: ResourcesService) {
  return async function (app: FastifyInstance) {
    app.get('/admin/resources', can('resources:view'), async (_request, reply) => {
      const [counts, rounds] = await Promise.all([service.counts(), service.listRounds()]);
      return reply.view('resources/views/admin/index.njk', {
        title: 'Resources',
        counts,
        openRounds: rounds.filter((r) => service.isAccepting(r.round)).length,
      });
    });
    await app.register(workforceRoutes(service));
    await app.register(financeRoutes(platform, service));
    await app.register(spendingRoutes(service));
    await app.register(contractRoutes(platform, service));
    await app.register(grantAdminRoutes(platform, service));
  };
}
