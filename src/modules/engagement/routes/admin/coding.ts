import type { FastifyInstance } from 'fastify';
import { adminLookups, allowed, flashAndGo, paths, questionParams } from './shared.js';
import { formBody, queryOf, typedRoutes } from '../../../../platform/typedRoutes.js';
import { parseForm } from '../../../../platform/forms.js';
import { RuleError } from '../../../../platform/http.js';
import type { EngagementService } from '../../engagementService.js';
import { codeForm } from '../../forms/engagementForms.js';

/** Coding free-text answers with themes of the codebook. */
export function codingRoutes(service: EngagementService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    const { surveyOr404 } = adminLookups(service);

    // ---- coding ----
    app.get(
      '/admin/engagement/surveys/:id/coding/:qid',
      { ...allowed('coding:code'), schema: { params: questionParams, querystring: queryOf('show') } },
      async (request, reply) => {
        const id = request.params.id;
        const { consultation } = await surveyOr404(id);
        const queue = await service.codingQueue(id, request.params.qid);
        const show = request.query.show === 'coded' ? 'coded' : 'uncoded';
        const themeLabel = new Map(
          queue.themes.map((t) => [t.id, t.parentId ? `${queue.themes.find((p) => p.id === t.parentId)?.label} › ${t.label}` : t.label]),
        );
        const items = queue.items.filter((i) => (show === 'coded' ? i.codes.length > 0 : i.codes.length === 0)).slice(0, 20);
        return reply.view('engagement/views/admin/coding.njk', {
          title: `Code answers: ${queue.question.label}`,
          consultation,
          survey: queue.survey,
          question: queue.question,
          show,
          codedCount: queue.codedCount,
          total: queue.items.length,
          canSuggest: queue.canSuggest,
          themesHref: paths.themes(consultation.id),
          analysisHref: paths.analysis(id),
          switchHref: `${paths.coding(id, queue.question.id)}?show=${show === 'coded' ? 'uncoded' : 'coded'}`,
          noThemes: queue.themes.length === 0,
          items: items.map((i, n) => ({
            n: n + 1,
            reference: i.response.reference,
            href: paths.response(i.response.id),
            text: i.text,
            action: `/admin/engagement/responses/${i.response.id}/code/${queue.question.id}`,
            suggestions: i.suggestions.map((s) => themeLabel.get(s.code) ?? s.code),
            codedBy: [...new Set(i.codes.map((c) => c.codedBy))].join(', '),
            note: i.note?.note ?? '',
            themeItems: queue.themes.map((t) => ({
              value: t.id,
              text: themeLabel.get(t.id),
              checked: i.codes.some((c) => c.themeId === t.id),
              hint: i.suggestions.some((s) => s.code === t.id) ? { text: 'Suggested' } : undefined,
            })),
          })),
          returnTo: `${paths.coding(id, queue.question.id)}?show=${show}`,
        });
      },
    );

    app.post(
      '/admin/engagement/responses/:id/code/:qid',
      { ...allowed('coding:code'), schema: { params: questionParams, body: formBody } },
      async (request, reply) => {
        const form = parseForm(codeForm, request.body);
        if (!form.ok) throw new RuleError(form.errors.map((e) => e.message).join('; '));
        const id = request.params.id;
        await service.codeAnswer(request.actor, id, request.params.qid, form.data.themeIds, form.data.note);
        const back =
          form.data.returnTo && /^\/admin\/engagement\/[\w/-]+(\?show=(coded|uncoded))?$/.test(form.data.returnTo) ? form.data.returnTo : paths.response(id);
        return flashAndGo(request, reply, 'Saved the codes', back);
      },
    );
  };
}
