import type { FastifyInstance } from 'fastify';
import { requirePermission } from '../../../platform/auth.js';
import type { Platform } from '../../../platform/context.js';
import { plansPermissions as perms } from '../plansPermissions.js';
import type { PlansService } from '../plansService.js';
import { planListPresenter } from '../presenters/planList.js';

export function adminRoutes(_platform: Platform, service: PlansService) {
  return async function (app: FastifyInstance) {
    app.get('/admin/plans', { preHandler: requirePermission((r) => perms.can(r, 'plan:view-drafts')) }, async (request, reply) => {
      const plans = await service.list({ includeDrafts: true });
      return reply.view('plans/views/admin/list.njk', { title: 'Plans', ...planListPresenter(plans, request.actor.role) });
    });
  };
}
