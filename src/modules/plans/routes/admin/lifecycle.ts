import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseForm, submitForm, type FieldError } from '../../../../platform/forms.js';
import { FieldRuleError, RuleError, forbidden, notFound } from '../../../../platform/http.js';
import type { Role } from '../../../../platform/roles.js';
import { formBody, idParams, typedRoutes } from '../../../../platform/typedRoutes.js';
import { refreshForm, transitionForm } from '../../forms/planForms.js';
import { HANDOVERS, STATUS_LABELS, canTransition, defaultClosingDate, findTransition, isEditable, statusInWords } from '../../lifecycle.js';
import type { PlanTree } from '../../plansRepository.js';
import type { PlansService } from '../../plansService.js';
import { PLAN_STATUSES, type PlanStatus } from '../../schema.js';
import { planPaths } from '../../presenters/planPage.js';
import { allowed, flashAndGo, treeOf, typed } from './shared.js';

const transitionParams = z.object({ id: z.string(), to: z.string() });

const isStatus = (s: string): s is PlanStatus => PLAN_STATUSES.some((x) => x === s);

/** Moving a plan through its lifecycle, and refreshing a published plan as a new draft version. */
export function lifecycleRoutes(service: PlansService, clock: { now(): Date }) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);

    function transitionOf(tree: PlanTree, to: string, role: Role | null) {
      if (!isStatus(to)) throw notFound();
      const t = findTransition(tree.status, to);
      if (!t) throw new RuleError(`A plan that is ${statusInWords(tree.status)} cannot be moved to ${STATUS_LABELS[to].toLowerCase()}.`);
      if (!canTransition(role, tree.status, t.to)) throw forbidden(`Your role cannot ${t.label.toLowerCase()}.`);
      return t;
    }

    async function renderTransition(
      reply: FastifyReply,
      tree: PlanTree,
      t: { to: PlanStatus; label: string },
      o: { values?: Record<string, unknown>; errors?: FieldError[]; status?: number } = {},
    ) {
      const checklist = t.to === 'published' ? await service.checklist(tree.id) : undefined;
      return reply.status(o.status ?? 200).view('plans/views/admin/transition.njk', {
        title: `${t.label}: ${tree.title}`,
        heading: t.label,
        plan: tree,
        from: STATUS_LABELS[tree.status],
        to: STATUS_LABELS[t.to],
        action: planPaths.transition(tree.id, t.to),
        checklist: checklist?.items,
        gaps: checklist ? checklist.items.filter((i) => !i.covered) : [],
        handover: HANDOVERS[t.to],
        askClosingDate: t.to === 'consultation',
        values: { ...(t.to === 'consultation' ? { closesOn: defaultClosingDate(clock.now()) } : {}), ...(o.values ?? {}) },
        errors: o.errors,
      });
    }

    app.get('/admin/plans/:id/transition/:to', { ...allowed('plan:transition'), schema: { params: transitionParams } }, async (request, reply) => {
      const tree = await treeOf(service, request.params.id);
      return renderTransition(reply, tree, transitionOf(tree, request.params.to, request.actor.role));
    });

    app.post(
      '/admin/plans/:id/transition/:to',
      { ...allowed('plan:transition'), schema: { params: transitionParams, body: formBody } },
      async (request, reply) => {
        const tree = await treeOf(service, request.params.id);
        const t = transitionOf(tree, request.params.to, request.actor.role);
        // The form's own checks, then the service's: a rule of the next stage that refuses the move
        // (e.g. no response to the Panel's report yet) is said on the reason.
        const r = await submitForm(
          request.body,
          transitionForm,
          async (data) => {
            if (t.to === 'published') {
              const { gaps } = await service.checklist(tree.id);
              if (gaps.length && !data.confirmGaps) {
                throw new FieldRuleError('confirmGaps', 'Confirm that you want to publish the plan with these gaps, or add sections that cover them');
              }
            }
            if (t.to === 'consultation' && !data.closesOn) throw new FieldRuleError('closesOn', 'Enter the date the consultation closes');
            return service.transition(request.actor, tree.id, t.to, data.reason, { confirmGaps: data.confirmGaps, closesOn: data.closesOn });
          },
          'reason',
        );
        if (!r.ok) return renderTransition(reply, tree, t, { values: r.values, errors: r.errors, status: 400 });
        return flashAndGo(request, reply, `The plan is now ${statusInWords(t.to)}`, planPaths.plan(tree.id));
      },
    );

    // ---- refresh: a new draft version ---------------------------------------------------------------

    const renderRefresh = (reply: FastifyReply, tree: PlanTree, o: { values?: Record<string, unknown>; errors?: FieldError[]; status?: number } = {}) =>
      reply.status(o.status ?? 200).view('plans/views/admin/refresh.njk', {
        title: `Refresh: ${tree.title}`,
        plan: tree,
        values: o.values ?? {},
        errors: o.errors,
        action: `/admin/plans/${tree.id}/refresh`,
      });

    app.get('/admin/plans/:id/refresh', { ...allowed('plan:refresh'), schema: { params: idParams } }, async (request, reply) => {
      const tree = await treeOf(service, request.params.id);
      if (isEditable(tree.status)) throw new RuleError('Only a published plan can be refreshed; edit this draft instead.');
      if (tree.status === 'superseded') throw new RuleError('A superseded version cannot be refreshed: refresh the version in force instead.');
      return renderRefresh(reply, tree);
    });

    app.post('/admin/plans/:id/refresh', { ...allowed('plan:refresh'), schema: { params: idParams, body: formBody } }, async (request, reply) => {
      const tree = await treeOf(service, request.params.id);
      const form = parseForm(refreshForm, request.body);
      if (!form.ok) return renderRefresh(reply, tree, { values: form.values, errors: form.errors, status: 400 });
      if (form.data.reference && (await service.getTreeByReference(form.data.reference))) {
        return renderRefresh(reply, tree, {
          values: typed(request.body),
          status: 400,
          errors: [{ field: 'reference', message: 'A plan with this reference already exists; choose another' }],
        });
      }
      const copy = await service.refresh(request.actor, tree.id, form.data);
      return flashAndGo(request, reply, `Made draft version ${copy.version} (${copy.reference}) from “${tree.title}”`, planPaths.plan(copy.id));
    });
  };
}
