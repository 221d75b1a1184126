import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import type { PlansService } from '../plansService.js';
import { planListPresenter } from '../presenters/planList.js';

export function publicRoutes(_platform: Platform, service: PlansService) {
  return async function (app: FastifyInstance) {
    app.get('/plans', async (_request, reply) => {
      const plans = await service.listPublic();
      return reply.view('plans/views/public/list.njk', { title: 'Police and crime plans', ...planListPresenter(plans, null) });
    });
    app.get('/plans/:ref', async (request, reply) => {
      const tree = await service.getPublicTree((request.params as { ref: string }).ref);
      if (!tree) throw notFound();
      return reply.view('plans/views/public/plan.njk', { title: tree.title, plan: tree });
    });
  };
}
