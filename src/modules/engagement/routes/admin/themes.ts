import type { FastifyInstance, FastifyReply } from 'fastify';
import { adminLookups, allowed, flashAndGo, paths } from './shared.js';
import { parseForm, type FieldError } from '../../../../platform/forms.js';
import type { Role } from '../../../../platform/roles.js';
import { formBody, idParams, typedRoutes } from '../../../../platform/typedRoutes.js';
import { RuleError, notFound } from '../../../../platform/http.js';
import { engagementPermissions as perms } from '../../engagementPermissions.js';
import type { EngagementService } from '../../engagementService.js';
import { linkForm, quotationForm, themeForm } from '../../forms/engagementForms.js';

/** The codebook, quotations and "you said, we did". */
export function themeRoutes(service: EngagementService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    const { consultationOr404 } = adminLookups(service);

    // ---- codebook and "you said, we did" ----
    const renderThemes = async (role: Role | null, reply: FastifyReply, id: string, errors: FieldError[] = [], values: Record<string, unknown> = {}) => {
      const c = await consultationOr404(id);
      const ts = await service.themes(id);
      const plan = await service.planOf(c);
      const live = c.surveys[0];
      const counts = live ? await service.themeCounts(live.id) : null;
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/themes.njk', {
        title: `Codebook and “you said, we did”: ${c.title}`,
        c,
        back: paths.consultation(c.id),
        canManage: perms.can(role, 'codebook:manage'),
        canLink: perms.can(role, 'feedback:publish'),
        parents: [
          { value: '', text: 'None (a theme)' },
          ...ts.filter((t) => !t.parentId).map((t) => ({ value: t.id, text: t.label, selected: values.parentId === t.id })),
        ],
        themes: ts.map((t) => ({
          id: t.id,
          label: t.parentId ? `${ts.find((p) => p.id === t.parentId)?.label} › ${t.label}` : t.label,
          isSub: !!t.parentId,
          description: t.description,
          count: counts?.perTheme.get(t.id)?.size ?? 0,
          response: t.response,
          action: `/admin/engagement/themes/${t.id}/link`,
          priorityItems: plan?.priorities.map((p) => ({ value: p.id, text: `${p.reference}: ${p.title}`, checked: t.priorityIds.includes(p.id) })) ?? [],
          commitmentItems:
            plan?.priorities.flatMap((p) =>
              p.commitments.map((x) => ({ value: x.id, text: `${x.reference}: ${x.title}`, checked: t.commitmentIds.includes(x.id) })),
            ) ?? [],
        })),
        plan: plan ? { title: plan.title } : null,
        errors,
        values,
      });
    };
    app.get('/admin/engagement/consultations/:id/themes', { ...allowed('engagement:view'), schema: { params: idParams } }, async (request, reply) =>
      renderThemes(request.actor.role, reply, request.params.id),
    );
    app.post(
      '/admin/engagement/consultations/:id/themes',
      { ...allowed('codebook:manage'), schema: { params: idParams, body: formBody } },
      async (request, reply) => {
        const id = request.params.id;
        const form = parseForm(themeForm, request.body);
        if (!form.ok) return renderThemes(request.actor.role, reply, id, form.errors, form.values);
        try {
          await service.addTheme(request.actor, id, { ...form.data, parentId: form.data.parentId ?? null });
        } catch (e) {
          if (e instanceof RuleError) return renderThemes(request.actor.role, reply, id, [{ field: 'label', message: e.detail ?? e.message }], request.body);
          throw e;
        }
        return flashAndGo(request, reply, `Added the theme “${form.data.label}”`, paths.themes(id));
      },
    );
    app.post('/admin/engagement/themes/:id/link', { ...allowed('feedback:publish'), schema: { params: idParams, body: formBody } }, async (request, reply) => {
      const t = await service.theme(request.params.id);
      if (!t) throw notFound();
      const form = parseForm(linkForm, request.body);
      if (!form.ok) return renderThemes(request.actor.role, reply, t.consultationId, form.errors, form.values);
      try {
        await service.linkTheme(request.actor, t.id, form.data);
      } catch (e) {
        if (e instanceof RuleError) return renderThemes(request.actor.role, reply, t.consultationId, [{ field: 'form', message: e.detail ?? e.message }]);
        throw e;
      }
      return flashAndGo(request, reply, `Saved what was done about “${t.label}”`, paths.themes(t.consultationId));
    });

    const renderQuotations = async (role: Role | null, reply: FastifyReply, id: string, errors: FieldError[] = [], values: Record<string, unknown> = {}) => {
      const c = await consultationOr404(id);
      const [qs, ts] = await Promise.all([service.quotations(id), service.themes(id)]);
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/quotations.njk', {
        title: `Quotations: ${c.title}`,
        c,
        back: paths.consultation(c.id),
        canPublish: perms.can(role, 'feedback:publish'),
        themeItems: [{ value: '', text: 'No theme' }, ...ts.map((t) => ({ value: t.id, text: t.label, selected: values.themeId === t.id }))],
        rows: qs.map((q) => ({
          id: q.id,
          text: q.text,
          theme: ts.find((t) => t.id === q.themeId)?.label ?? '',
          published: q.published,
          by: q.publishedBy,
          action: `/admin/engagement/quotations/${q.id}/${q.published ? 'withdraw' : 'publish'}`,
        })),
        values,
        errors,
      });
    };
    app.get('/admin/engagement/consultations/:id/quotations', { ...allowed('engagement:view'), schema: { params: idParams } }, async (request, reply) =>
      renderQuotations(request.actor.role, reply, request.params.id),
    );
    app.post(
      '/admin/engagement/consultations/:id/quotations',
      { ...allowed('feedback:publish'), schema: { params: idParams, body: formBody } },
      async (request, reply) => {
        const id = request.params.id;
        const form = parseForm(quotationForm, request.body);
        if (!form.ok) return renderQuotations(request.actor.role, reply, id, form.errors, form.values);
        await service.addQuotation(request.actor, id, { text: form.data.text, themeId: form.data.themeId ?? null, responseId: form.data.responseId ?? null });
        return flashAndGo(request, reply, 'Added the quotation: it is not public until you publish it', paths.quotations(id));
      },
    );
    for (const verb of ['publish', 'withdraw'] as const) {
      app.post(
        `/admin/engagement/quotations/:id/${verb}`,
        { ...allowed('feedback:publish'), schema: { params: idParams, body: formBody } },
        async (request, reply) => {
          const id = request.params.id;
          const q = await service.setQuotationPublished(request.actor, id, verb === 'publish');
          return flashAndGo(request, reply, verb === 'publish' ? 'Published the quotation' : 'Withdrew the quotation', paths.quotations(q.consultationId));
        },
      );
    }
  };
}
