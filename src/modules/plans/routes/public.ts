import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import { typedRoutes } from '../../../platform/typedRoutes.js';

const refParams = z.object({ ref: z.string() });
const priorityParams = z.object({ ref: z.string(), priorityRef: z.string() });
import { PLAN_SCHEMA_PATH, planJsonSchema } from '../planFileSchema.js';
import type { PlansService } from '../plansService.js';
import { draftPlanPresenter } from '../presenters/draftPlan.js';
import { diffPresenter } from '../presenters/diff.js';
import { publicPlanListPresenter, publicPlanPaths, publicPlanPresenter, publicPriorityPresenter, type PlanNames } from '../presenters/publicPlans.js';

/**
 * The public pages of plans. Only published and superseded plans are ever read here
 * (listPublic, getPublicTree): a draft or a plan in Panel review is a 404, by reference or by id.
 * A plan out for consultation is read only at its draft address, marked as a draft.
 */
/** The area's words for plans (what they are called, who scrutinises them). */
export async function planNames(platform: Platform): Promise<PlanNames> {
  const area = await platform.settings.getArea();
  return { planKind: area.planKind, scrutinyBodyName: area.scrutinyBodyName };
}

export function publicRoutes(platform: Platform, service: PlansService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    // The plan file format's JSON Schema, for editors (completion, checks): one stable address.
    const schemaBody = JSON.stringify(planJsonSchema(), null, 2);
    app.get(PLAN_SCHEMA_PATH, async (_request, reply) =>
      reply
        .type('application/schema+json; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .header('access-control-allow-origin', '*')
        .send(schemaBody),
    );

    app.get('/plans', async (_request, reply) => {
      const [plans, names] = await Promise.all([service.listPublic(), planNames(platform)]);
      const page = publicPlanListPresenter(plans, names);
      return reply.view('plans/views/public/list.njk', { title: page.heading, ...page });
    });

    app.get('/plans/:ref', { schema: { params: refParams } }, async (request, reply) => {
      const { ref } = request.params;
      const tree = await service.getPublicTree(ref);
      if (!tree) throw notFound();
      // Reached by id: send people to the address with the plan's stable reference.
      if (ref !== tree.reference) return reply.redirect(publicPlanPaths.plan(tree.reference), 301);
      const [publicPlans, links, names, changes] = await Promise.all([
        service.listPublic(),
        service.pageLinks(tree, { audience: 'public' }),
        planNames(platform),
        service.publicChanges(tree),
      ]);
      const plan = publicPlanPresenter(tree, publicPlans, names, links);
      return reply.view('plans/views/public/plan.njk', {
        title: plan.title,
        plan,
        changes: changes ? diffPresenter(changes.from, changes.to, changes.diff) : null,
      });
    });

    // A plan out for consultation: the public reads the draft, marked as such, with how to respond.
    app.get('/plans/:ref/draft', { schema: { params: refParams } }, async (request, reply) => {
      const tree = await service.getConsultationDraft(request.params.ref);
      if (!tree) throw notFound();
      const plan = draftPlanPresenter(tree, await service.pageLinks(tree, { audience: 'public' }));
      return reply.view('plans/views/public/draft.njk', { title: `Draft for consultation: ${tree.title}`, plan });
    });

    app.get('/plans/:ref/priorities/:priorityRef', { schema: { params: priorityParams } }, async (request, reply) => {
      const { ref, priorityRef } = request.params;
      const tree = await service.getPublicTree(ref);
      if (!tree) throw notFound();
      if (ref !== tree.reference) return reply.redirect(publicPlanPaths.priority(tree.reference, priorityRef), 301);
      const page = publicPriorityPresenter(tree, priorityRef, await service.listPublic(), await planNames(platform));
      if (!page) throw notFound();
      return reply.view('plans/views/public/priority.njk', { title: `${page.heading}: ${page.title} – ${page.plan.title}`, page });
    });
  };
}
