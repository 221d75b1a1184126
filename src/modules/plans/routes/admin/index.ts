import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../../platform/context.js';
import { RuleError } from '../../../../platform/http.js';
import type { PlansService } from '../../plansService.js';
import { planPaths } from '../../presenters/planPage.js';
import { importRoutes } from './import.js';
import { itemRoutes } from './items.js';
import { lifecycleRoutes } from './lifecycle.js';
import { planRoutes } from './plans.js';

/** The plan's id in the address, when the address has one. */
function planIdOf(params: unknown): string | undefined {
  if (!params || typeof params !== 'object' || !('id' in params) || typeof params.id !== 'string') return undefined;
  return /^[0-9a-f-]{36}$/i.test(params.id) ? params.id : undefined;
}

/** The staff pages of plans: one route file per area, sharing one error page. */
export function adminRoutes(platform: Platform, service: PlansService) {
  return async function (app: FastifyInstance) {
    // A broken rule (e.g. editing a published plan) is shown as a page that says why, with a way back.
    app.setErrorHandler(async (error, request, reply) => {
      if (error instanceof RuleError) {
        const id = planIdOf(request.params);
        return reply.status(422).view('plans/views/admin/refused.njk', {
          title: 'This cannot be done',
          detail: error.detail,
          backHref: id ? planPaths.plan(id) : '/admin/plans',
        });
      }
      throw error;
    });
    await app.register(planRoutes(platform, service));
    await app.register(importRoutes(service));
    await app.register(lifecycleRoutes(service, platform.clock));
    await app.register(itemRoutes(service));
  };
}
