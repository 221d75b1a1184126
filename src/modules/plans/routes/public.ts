import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import type { PlansService } from '../plansService.js';
import { draftPlanPresenter } from '../presenters/draftPlan.js';
import { publicPlanListPresenter, publicPlanPaths, publicPlanPresenter, publicPriorityPresenter } from '../presenters/publicPlans.js';

/**
 * The public pages of plans. Only published and superseded plans are ever read here
 * (listPublic, getPublicTree): a draft or a plan in Panel review is a 404, by reference or by id.
 * A plan out for consultation is read only at its draft address, marked as a draft.
 */
export function publicRoutes(_platform: Platform, service: PlansService) {
  return async function (app: FastifyInstance) {
    app.get('/plans', async (_request, reply) => {
      const plans = await service.listPublic();
      return reply.view('plans/views/public/list.njk', { title: 'Police and crime plans', ...publicPlanListPresenter(plans) });
    });

    app.get('/plans/:ref', async (request, reply) => {
      const { ref } = request.params as { ref: string };
      const tree = await service.getPublicTree(ref);
      if (!tree) throw notFound();
      // Reached by id: send people to the address with the plan's stable reference.
      if (ref !== tree.reference) return reply.redirect(publicPlanPaths.plan(tree.reference), 301);
      const [publicPlans, links] = await Promise.all([service.listPublic(), service.pageLinks(tree, { audience: 'public' })]);
      const plan = publicPlanPresenter(tree, publicPlans, links);
      return reply.view('plans/views/public/plan.njk', { title: tree.title, plan });
    });

    // A plan out for consultation: the public reads the draft, marked as such, with how to respond.
    app.get('/plans/:ref/draft', async (request, reply) => {
      const tree = await service.getConsultationDraft((request.params as { ref: string }).ref);
      if (!tree) throw notFound();
      const plan = draftPlanPresenter(tree, await service.pageLinks(tree, { audience: 'public' }));
      return reply.view('plans/views/public/draft.njk', { title: `Draft for consultation: ${tree.title}`, plan });
    });

    app.get('/plans/:ref/priorities/:priorityRef', async (request, reply) => {
      const { ref, priorityRef } = request.params as { ref: string; priorityRef: string };
      const tree = await service.getPublicTree(ref);
      if (!tree) throw notFound();
      if (ref !== tree.reference) return reply.redirect(publicPlanPaths.priority(tree.reference, priorityRef), 301);
      const page = publicPriorityPresenter(tree, priorityRef, await service.listPublic());
      if (!page) throw notFound();
      return reply.view('plans/views/public/priority.njk', { title: `${page.heading}: ${page.title} – ${tree.title}`, page });
    });
  };
}
