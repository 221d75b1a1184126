import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Platform } from '../../../../platform/context.js';
import { parseForm, type FieldError } from '../../../../platform/forms.js';
import { HttpError, RuleError } from '../../../../platform/http.js';
import { formBody, idParams, queryOf, typedRoutes } from '../../../../platform/typedRoutes.js';
import { newPlanForm, planDetailsForm } from '../../forms/planForms.js';
import type { PlanTree } from '../../plansRepository.js';
import type { PlansService } from '../../plansService.js';
import { diffPresenter, planOptions } from '../../presenters/diff.js';
import { planListPresenter } from '../../presenters/planList.js';
import { planPagePresenter, planPaths } from '../../presenters/planPage.js';
import { allowed, assertEditable, flashAndGo, treeOf, typed } from './shared.js';

/** The plans list, creating a plan and editing its details, comparing two plans, a plan's page, its history, deleting a draft. */
export function planRoutes(platform: Platform, service: PlansService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);

    app.get('/admin/plans', allowed('plan:view-drafts'), async (request, reply) => {
      const plans = await service.list({ includeDrafts: true });
      return reply.view('plans/views/admin/list.njk', { title: 'Plans', ...planListPresenter(plans, request.actor.role), canCompare: plans.length > 1 });
    });

    const renderDetails = (
      reply: FastifyReply,
      o: { mode: 'new' | 'edit'; values: Record<string, unknown>; errors?: FieldError[]; plan?: PlanTree; status?: number },
    ) =>
      reply.status(o.status ?? 200).view('plans/views/admin/details-form.njk', {
        title: o.mode === 'new' ? 'Create a plan' : `Edit details: ${o.plan?.title}`,
        mode: o.mode,
        plan: o.plan,
        values: o.values,
        errors: o.errors,
        action: o.plan ? planPaths.edit(o.plan.id) : '/admin/plans/new',
      });

    app.get('/admin/plans/new', allowed('plan:create'), async (_request, reply) =>
      renderDetails(reply, { mode: 'new', values: { priorityLabel: 'Priority' } }),
    );

    app.post('/admin/plans/new', { ...allowed('plan:create'), schema: { body: formBody } }, async (request, reply) => {
      const form = parseForm(newPlanForm, request.body);
      if (!form.ok) return renderDetails(reply, { mode: 'new', values: form.values, errors: form.errors, status: 400 });
      if (await service.getTreeByReference(form.data.reference)) {
        return renderDetails(reply, {
          mode: 'new',
          values: typed(request.body),
          errors: [{ field: 'reference', message: 'A plan with this reference already exists; choose another' }],
          status: 400,
        });
      }
      const plan = await service.create(request.actor, form.data);
      return flashAndGo(request, reply, `Created the draft plan “${plan.title}”`, planPaths.plan(plan.id));
    });

    app.get('/admin/plans/:id/edit', { ...allowed('plan:edit'), schema: { params: idParams } }, async (request, reply) => {
      const tree = await treeOf(service, request.params.id);
      assertEditable(tree);
      return renderDetails(reply, { mode: 'edit', plan: tree, values: { ...tree, values: tree.values.join('\n') } });
    });

    app.post('/admin/plans/:id/edit', { ...allowed('plan:edit'), schema: { params: idParams, body: formBody } }, async (request, reply) => {
      const tree = await treeOf(service, request.params.id);
      assertEditable(tree);
      const form = parseForm(planDetailsForm, request.body);
      if (!form.ok) return renderDetails(reply, { mode: 'edit', plan: tree, values: form.values, errors: form.errors, status: 400 });
      await service.update(request.actor, tree.id, form.data);
      return flashAndGo(request, reply, 'Saved the plan’s details', planPaths.plan(tree.id));
    });

    // ---- compare two plans ----------------------------------------------------------------------

    app.get('/admin/plans/diff', { ...allowed('plan:view-drafts'), schema: { querystring: queryOf('from', 'to') } }, async (request, reply) => {
      const plans = await service.list({ includeDrafts: true });
      let { to, from } = request.query;
      if (to && !from) from = plans.find((p) => p.id === to)?.previousVersionId ?? undefined;
      if (from && !to) to = plans.find((p) => p.previousVersionId === from)?.id;
      const view = { title: 'Compare plans', fromItems: planOptions(plans, from), toItems: planOptions(plans, to), values: { from, to } };
      if (!from || !to) return reply.view('plans/views/admin/diff.njk', view);
      const result = await service.diff(from, to).catch((e: unknown) => {
        if (e instanceof HttpError && e.statusCode === 404) return undefined;
        throw e;
      });
      if (!result) {
        return reply.status(400).view('plans/views/admin/diff.njk', { ...view, errors: [{ field: 'from', message: 'Select two plans from the lists' }] });
      }
      return reply.view('plans/views/admin/diff.njk', { ...view, result: diffPresenter(result.from, result.to, result.diff) });
    });

    // ---- the plan page, its history, deleting it -----------------------------------------------------

    app.get('/admin/plans/:id', { ...allowed('plan:view-drafts'), schema: { params: idParams } }, async (request, reply) => {
      const tree = await treeOf(service, request.params.id);
      const [versions, transitions, checklist, links, evidence, names] = await Promise.all([
        service.versions(tree.id),
        service.transitionsOf(tree.id),
        service.checklist(tree.id),
        service.pageLinks(tree, { audience: 'staff', role: request.actor.role }),
        service.checklistEvidence(tree),
        platform.settings.getArea(),
      ]);
      return reply.view('plans/views/admin/plan.njk', {
        title: tree.title,
        ...planPagePresenter({
          tree,
          role: request.actor.role,
          versions,
          transitions,
          checklist: checklist.items,
          links,
          names,
          linkedByPriority: evidence.byPriority,
        }),
      });
    });

    app.get('/admin/plans/:id/history', { ...allowed('plan:view-drafts'), schema: { params: idParams } }, async (request, reply) => {
      const tree = await treeOf(service, request.params.id);
      const history = await service.history(tree.id);
      return reply.view('plans/views/admin/history.njk', { title: `History: ${tree.title}`, plan: tree, history });
    });

    app.get('/admin/plans/:id/delete', { ...allowed('plan:delete'), schema: { params: idParams } }, async (request, reply) => {
      const tree = await treeOf(service, request.params.id);
      if (tree.status !== 'draft') throw new RuleError('Only a draft plan can be deleted. Published plans stay on record.');
      return reply.view('plans/views/admin/confirm-delete.njk', {
        title: `Are you sure you want to delete the plan “${tree.title}”?`,
        planId: tree.id,
        action: `/admin/plans/${tree.id}/delete`,
        cancelHref: planPaths.plan(tree.id),
        warning: `This deletes the draft plan and everything in it: ${tree.priorities.length} ${tree.priorities.length === 1 ? 'priority' : 'priorities'} and their commitments.`,
      });
    });

    app.post('/admin/plans/:id/delete', { ...allowed('plan:delete'), schema: { params: idParams, body: formBody } }, async (request, reply) => {
      const tree = await treeOf(service, request.params.id);
      await service.remove(request.actor, tree.id);
      return flashAndGo(request, reply, `Deleted the draft plan “${tree.title}”`, '/admin/plans');
    });
  };
}
