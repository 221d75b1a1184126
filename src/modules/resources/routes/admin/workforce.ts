import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../../../platform/forms.js';
import { submitForm } from '../../../../platform/forms.js';
import { FieldRuleError } from '../../../../platform/http.js';
import { formBody, typedRoutes } from '../../../../platform/typedRoutes.js';
import { workforceFigureForm, workforceTargetForm } from '../../forms/resourcesForms.js';
import { CATEGORY_LABELS, workforcePresenter } from '../../presenters/resourcesPresenters.js';
import { resourcesPermissions as perms } from '../../resourcesPermissions.js';
import type { ResourcesService } from '../../resourcesService.js';
import { WORKFORCE_CATEGORIES } from '../../schema.js';
import { can, done, linkNote, type Values } from './shared.js';

/** The workforce page: figures by year and the targets the plan sets. */
export function workforceRoutes(service: ResourcesService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    async function renderWorkforce(request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], values: Values = {}, form?: string, status = 200) {
      const [figures, targets] = await Promise.all([service.listWorkforceFigures(), service.listWorkforceTargets()]);
      return reply.status(status).view('resources/views/admin/workforce.njk', {
        title: 'Workforce',
        ...workforcePresenter(figures, targets),
        canManage: perms.can(request.actor.role, 'workforce:manage'),
        categories: WORKFORCE_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_LABELS[c] })),
        errors,
        values,
        form,
        linkNote: linkNote(await service.currentPlanReference()),
      });
    }
    app.get('/admin/resources/workforce', can('resources:view'), async (request, reply) => renderWorkforce(request, reply));
    app.post('/admin/resources/workforce/figures', { ...can('workforce:manage'), schema: { body: formBody } }, async (request, reply) => {
      const r = await submitForm(request.body, workforceFigureForm, (d) => service.setWorkforceFigure(request.actor, d));
      if (!r.ok) return renderWorkforce(request, reply, r.errors, r.values, 'figure', 400);
      return done(request, reply, '/admin/resources/workforce', `${CATEGORY_LABELS[r.data.category]} ${r.data.financialYear} (${r.data.kind}) saved`);
    });
    app.post('/admin/resources/workforce/targets', { ...can('workforce:manage'), schema: { body: formBody } }, async (request, reply) => {
      const r = await submitForm(
        request.body,
        workforceTargetForm,
        async (d) => {
          const [planReference, commitmentReference] = d.commitment ? d.commitment.split('/') : [null, null];
          if (d.commitment && !commitmentReference) throw new FieldRuleError('commitment', linkNote(await service.currentPlanReference()));
          return service.addWorkforceTarget(request.actor, { ...d, planReference, commitmentReference });
        },
        'commitment',
      );
      if (!r.ok) return renderWorkforce(request, reply, r.errors, r.values, 'target', 400);
      return done(request, reply, '/admin/resources/workforce', 'Target added');
    });
  };
}
