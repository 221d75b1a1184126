import type { FastifyInstance, FastifyReply } from 'fastify';
import { actionParams, adminLookups, allowed, flashAndGo, paths } from './shared.js';
import type { Clock } from '../../../../platform/clock.js';
import { parseForm, submitForm, type FieldError } from '../../../../platform/forms.js';
import type { Actor, Role } from '../../../../platform/roles.js';
import { formBody, idParams, typedRoutes, type FormValues } from '../../../../platform/typedRoutes.js';
import { HttpError, RuleError } from '../../../../platform/http.js';
import { engagementPermissions as perms, type EngagementAction } from '../../engagementPermissions.js';
import { STAGE_LABELS, nextStages } from '../../consultationsService.js';
import type { EngagementService } from '../../engagementService.js';
import { consultationEditForm, consultationForm, extendForm, methodForm, publishForm, stageForm, surveyForm } from '../../forms/engagementForms.js';
import { consultationFormValues, consultationFormView } from '../../presenters/consultationForm.js';
import { METHOD_LABELS, consultationNextStep, dateRange, methodRows, stageTag } from '../../presenters/consultationView.js';
import { METHOD_KINDS } from '../../schema.js';

/** Consultations: the list, a consultation, its details, stages, methods and publication. */
export function consultationRoutes(service: EngagementService, clock: Clock) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    const { consultationOr404 } = adminLookups(service);

    // ---- consultations ----
    app.get(paths.home, allowed('engagement:view'), async (request, reply) => {
      const all = await service.listConsultations();
      return reply.view('engagement/views/admin/home.njk', {
        title: 'Engagement',
        canCreate: perms.can(request.actor.role, 'consultation:manage'),
        rows: all.map((c) => ({
          title: c.title,
          href: paths.consultation(c.id),
          reference: c.reference,
          tag: stageTag(c.stage),
          dates: dateRange(c.opensOn, c.closesOn),
        })),
      });
    });

    const renderConsultationForm = async (reply: FastifyReply, values: Record<string, unknown>, errors: FieldError[] = []) => {
      const plans = service.deps.plans ? await service.deps.plans.list({ includeDrafts: true }) : [];
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/consultation-form.njk', {
        ...consultationFormView({ values, plans, back: paths.home, action: paths.newConsultation }),
        errors,
      });
    };
    app.get(paths.newConsultation, allowed('consultation:manage'), async (_request, reply) => renderConsultationForm(reply, {}));
    app.post(paths.newConsultation, { ...allowed('consultation:manage'), schema: { body: formBody } }, async (request, reply) => {
      const form = parseForm(consultationForm, request.body);
      if (!form.ok) return renderConsultationForm(reply, form.values, form.errors);
      try {
        const c = await service.createConsultation(request.actor, { ...form.data, planReference: form.data.planReference ?? null });
        return flashAndGo(
          request,
          reply,
          `Created the consultation “${c.title}” as a draft: the public cannot see it until it is published`,
          paths.consultation(c.id),
        );
      } catch (e) {
        if (e instanceof RuleError) return renderConsultationForm(reply, request.body, [{ field: 'reference', message: e.detail ?? e.message }]);
        throw e;
      }
    });

    // Changing a consultation's details (the reference stays: it is in the public web address).
    const renderConsultationEdit = async (reply: FastifyReply, id: string, values?: Record<string, unknown>, errors: FieldError[] = []) => {
      const c = await consultationOr404(id);
      const [plans, plan] = await Promise.all([service.deps.plans ? service.deps.plans.list({ includeDrafts: true }) : [], service.planOf(c)]);
      const view = consultationFormView({
        values: values ?? consultationFormValues(c),
        plans,
        consultation: c,
        plan,
        back: paths.consultation(c.id),
        action: paths.editConsultation(c.id),
      });
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/consultation-form.njk', { ...view, errors });
    };
    app.get('/admin/engagement/consultations/:id/edit', { ...allowed('consultation:manage'), schema: { params: idParams } }, async (request, reply) =>
      renderConsultationEdit(reply, request.params.id),
    );
    app.post(
      '/admin/engagement/consultations/:id/edit',
      { ...allowed('consultation:manage'), schema: { params: idParams, body: formBody } },
      async (request, reply) => {
        const id = request.params.id;
        const before = await consultationOr404(id);
        // The priorities on the page were the old plan's: a new plan starts with none chosen.
        const r = await submitForm(request.body, consultationEditForm, (data) => {
          const planReference = data.planReference ?? null;
          const planChanged = planReference !== before.planReference;
          return service.updateConsultation(request.actor, id, { ...data, planReference, priorityReferences: planChanged ? [] : data.priorityReferences });
        });
        if (!r.ok) return renderConsultationEdit(reply, id, r.values, r.errors);
        const planReference = r.data.planReference ?? null;
        const planChanged = planReference !== before.planReference;
        const more = planChanged && planReference ? ': now choose the priorities of the plan it informs' : '';
        return flashAndGo(
          request,
          reply,
          `Saved the changes to “${r.value.title}”${more}`,
          planChanged && planReference ? paths.editConsultation(id) : paths.consultation(id),
        );
      },
    );

    const renderConsultation = async (role: Role | null, reply: FastifyReply, id: string, errors: FieldError[] = [], values: Record<string, unknown> = {}) => {
      const c = await consultationOr404(id);
      const surveysWithCounts = await Promise.all(c.surveys.map(async (s) => ({ s, info: await service.surveyWithConsultation(s.id) })));
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/consultation.njk', {
        title: c.title,
        c,
        tag: stageTag(c.stage),
        nextStep: consultationNextStep(c, clock.today()),
        isDraft: c.stage === 'draft',
        canPublishDraft: c.stage === 'draft' && perms.can(role, 'consultation:publish'),
        canManage: perms.can(role, 'consultation:manage'),
        editHref: paths.editConsultation(c.id),
        priorities: c.priorityReferences.join(', ') || 'None',
        canBuild: perms.can(role, 'survey:build'),
        canCode: perms.can(role, 'codebook:manage'),
        canPublish: perms.can(role, 'feedback:publish'),
        next: nextStages(c.stage).map((s) => ({ value: s, text: STAGE_LABELS[s] })),
        methods: methodRows(c.methods),
        methodKinds: METHOD_KINDS.map((k) => ({ value: k, text: METHOD_LABELS[k], selected: values.kind === k })),
        surveys: surveysWithCounts.map(({ s, info }) => ({
          title: s.title,
          version: s.version,
          status: s.status,
          href: paths.survey(s.id),
          responses: info?.responseCount ?? 0,
          responsesHref: paths.responses(s.id),
        })),
        canExtend: ['planned', 'open'].includes(c.stage),
        publicHref: `/consultations/${encodeURIComponent(c.reference)}`,
        themesHref: paths.themes(c.id),
        quotationsHref: paths.quotations(c.id),
        contacts: await service.contactCount(c.id),
        errors,
        values,
      });
    };
    app.get('/admin/engagement/consultations/:id', { ...allowed('engagement:view'), schema: { params: idParams } }, async (request, reply) =>
      renderConsultation(request.actor.role, reply, request.params.id),
    );

    /** What an action on a consultation gets from its request. */
    interface ActionRequest {
      actor: Actor;
      body: FormValues;
      params: Record<string, string>;
    }

    const consultationAction = (
      url: string,
      action: EngagementAction,
      run: (request: ActionRequest, id: string) => Promise<string | { errors: FieldError[]; values: Record<string, unknown> }>,
    ) =>
      app.post(url, { ...allowed(action), schema: { params: actionParams, body: formBody } }, async (request, reply) => {
        const id = request.params.id;
        try {
          const out = await run(request, id);
          if (typeof out === 'string') return flashAndGo(request, reply, out, paths.consultation(id));
          return renderConsultation(request.actor.role, reply, id, out.errors, out.values);
        } catch (e) {
          if (e instanceof RuleError) return renderConsultation(request.actor.role, reply, id, [{ field: 'form', message: e.detail ?? e.message }], {});
          throw e;
        }
      });

    consultationAction('/admin/engagement/consultations/:id/stage', 'consultation:manage', async (request, id) => {
      const form = parseForm(stageForm, request.body);
      if (!form.ok) return { errors: form.errors, values: form.values };
      if (form.data.stage === 'feedback-published' && !perms.can(request.actor.role, 'feedback:publish'))
        throw new HttpError(403, 'You do not have permission to do this');
      const c = await service.setStage(request.actor, id, form.data.stage, form.data.resultsSummary);
      return `The consultation is now ${STAGE_LABELS[c.stage].toLowerCase()}`;
    });
    consultationAction('/admin/engagement/consultations/:id/publish', 'consultation:publish', async (request, id) => {
      const form = parseForm(publishForm, request.body);
      if (!form.ok) return { errors: form.errors, values: form.values };
      const c = await service.publishConsultation(request.actor, id);
      return c.stage === 'open'
        ? 'Published the consultation: it is open to the public now'
        : 'Published the consultation: the public see it as forthcoming until it opens';
    });
    consultationAction('/admin/engagement/consultations/:id/extend', 'consultation:manage', async (request, id) => {
      const form = parseForm(extendForm, request.body);
      if (!form.ok) return { errors: form.errors, values: form.values };
      await service.extend(request.actor, id, form.data.closesOn, form.data.reason);
      return 'The closing date was extended and the reason published';
    });
    consultationAction('/admin/engagement/consultations/:id/methods', 'consultation:manage', async (request, id) => {
      const form = parseForm(methodForm, request.body);
      if (!form.ok) return { errors: form.errors, values: form.values };
      await service.addMethod(request.actor, id, { ...form.data, startsOn: form.data.startsOn ?? null, endsOn: form.data.endsOn ?? null });
      return `Added the method ${METHOD_LABELS[form.data.kind]}`;
    });
    consultationAction('/admin/engagement/consultations/:id/methods/:mid/delete', 'consultation:manage', async (request, id) => {
      await service.removeMethod(request.actor, id, request.params.mid ?? '');
      return 'Removed the method';
    });
    consultationAction('/admin/engagement/consultations/:id/surveys', 'survey:build', async (request, id) => {
      const form = parseForm(surveyForm, request.body);
      if (!form.ok) return { errors: form.errors, values: form.values };
      const s = await service.createSurvey(request.actor, id, form.data.title);
      return `Created the survey “${s.title}”: add its pages and questions from the survey’s page`;
    });
  };
}
