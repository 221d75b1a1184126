import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import { PLAN_SCHEMA_PATH, planJsonSchema } from '../planFileSchema.js';
import type { PlansService } from '../plansService.js';
import { publicPlanListPresenter, publicPlanPaths, publicPlanPresenter, publicPriorityPresenter } from '../presenters/publicPlans.js';

/**
 * The public pages of plans. Only published and superseded plans are ever read here
 * (listPublic, getPublicTree): a draft, a plan in consultation or in Panel review is a 404,
 * by reference or by id.
 */
export function publicRoutes(_platform: Platform, service: PlansService) {
  return async function (app: FastifyInstance) {
    // The plan file format's JSON Schema, for editors (completion, checks): one stable address.
    const schemaBody = JSON.stringify(planJsonSchema(), null, 2);
    app.get(PLAN_SCHEMA_PATH, async (_request, reply) =>
      reply.type('application/schema+json; charset=utf-8').header('cache-control', 'public, max-age=3600').header('access-control-allow-origin', '*').send(schemaBody),
    );

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
