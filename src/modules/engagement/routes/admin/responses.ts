import type { FastifyInstance, FastifyReply } from 'fastify';
import { adminLookups, allowed, flashAndGo, paths } from './shared.js';
import { formBody, idParams, queryOf, typedRoutes } from '../../../../platform/typedRoutes.js';
import { parseForm, readUpload, type FieldError } from '../../../../platform/forms.js';
import { RuleError, notFound } from '../../../../platform/http.js';
import { ImportRefused, type ImportProblem } from '../../../../platform/importKit.js';
import { engagementPermissions as perms } from '../../engagementPermissions.js';
import type { EngagementService } from '../../engagementService.js';
import { offlineMetaForm } from '../../forms/engagementForms.js';
import { CHANNEL_LABELS } from '../../presenters/consultationView.js';
import { sectionFields } from '../../presenters/surveyPage.js';
import { CHANNELS } from '../../schema.js';
import { QUESTION_TYPE_LABELS, allQuestions, answerText, parseSectionAnswers, type Answers } from '../../surveyDefinition.js';

/** Responses: the list, one response, entering one from paper and importing a CSV file. */
export function responseRoutes(service: EngagementService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    const { surveyOr404 } = adminLookups(service);

    // ---- responses ----
    app.get(
      '/admin/engagement/surveys/:id/responses',
      { ...allowed('response:view'), schema: { params: idParams, querystring: queryOf('page') } },
      async (request, reply) => {
        const { survey, consultation } = await surveyOr404(request.params.id);
        const rows = await service.responsesOfFamily(survey.id);
        const { areaName } = await service.areaHelpers();
        const page = Math.max(1, Number(request.query.page) || 1);
        const size = 50;
        const pages = Math.max(1, Math.ceil(rows.length / size));
        const slice = [...rows].reverse().slice((page - 1) * size, page * size);
        const role = request.actor.role;
        return reply.view('engagement/views/admin/responses.njk', {
          title: `Responses: ${survey.title}`,
          survey,
          consultation,
          surveyHref: paths.survey(survey.id),
          total: rows.length,
          rows: slice.map((r) => [
            { html: `<a class="govuk-link" href="${paths.response(r.id)}">${r.reference}</a>` },
            { text: CHANNEL_LABELS[r.channel] ?? r.channel },
            { text: r.areaCode ? areaName(r.areaCode) : '' },
            { text: r.submittedAt.toISOString().slice(0, 16).replace('T', ' ') },
            { text: r.synthetic ? 'Synthetic' : '' },
          ]),
          pagination:
            pages > 1
              ? {
                  previous: page > 1 ? { href: `?page=${page - 1}` } : undefined,
                  next: page < pages ? { href: `?page=${page + 1}` } : undefined,
                  items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: `?page=${i + 1}`, current: i + 1 === page })),
                }
              : null,
          canEnter: perms.can(role, 'response:enter'),
          canImport: perms.can(role, 'response:import'),
          canExport: perms.can(role, 'response:export'),
          textQuestions: allQuestions(survey.definition)
            .filter((q) => q.type === 'text')
            .map((q) => ({ label: q.label, href: paths.coding(survey.id, q.id) })),
          links: {
            enter: `${paths.responses(survey.id)}/new`,
            import: `${paths.responses(survey.id)}/import`,
            csv: `/admin/engagement/surveys/${survey.id}/export.csv`,
            analysis: paths.analysis(survey.id),
          },
        });
      },
    );

    app.get('/admin/engagement/responses/:id', { ...allowed('response:view'), schema: { params: idParams } }, async (request, reply) => {
      const d = await service.responseDetail(request.params.id);
      if (!d) throw notFound();
      const { areaName } = await service.areaHelpers();
      const answers = d.response.answers;
      const themeLabel = new Map(d.themes.map((t) => [t.id, t.label]));
      return reply.view('engagement/views/admin/response.njk', {
        title: `Response ${d.response.reference}`,
        response: d.response,
        channel: CHANNEL_LABELS[d.response.channel] ?? d.response.channel,
        surveyHref: paths.responses(d.survey.id),
        rows: allQuestions(d.survey.definition)
          .filter((q) => answers[q.id] !== undefined)
          .map((q) => ({ key: { text: q.label }, value: { text: answerText(q, answers[q.id], areaName) } })),
        codes: d.codes.map((c) => ({ question: c.questionId, theme: themeLabel.get(c.themeId) ?? '', by: c.codedBy, at: c.codedAt })),
        notes: d.notes,
        quotationAction: perms.can(request.actor.role, 'feedback:publish') ? paths.quotations(d.survey.consultationId) : null,
        textAnswers: allQuestions(d.survey.definition)
          .filter((q) => q.type === 'text' && typeof answers[q.id] === 'string')
          .map((q) => ({ id: q.id, label: q.label, text: String(answers[q.id]) })),
      });
    });

    const renderOffline = async (reply: FastifyReply, surveyId: string, values: Record<string, unknown>, errors: FieldError[]) => {
      const { survey, consultation } = await surveyOr404(surveyId);
      const { optionsFor } = await service.areaHelpers();
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/offline.njk', {
        title: `Enter a response: ${survey.title}`,
        survey,
        consultation,
        back: paths.responses(survey.id),
        action: `${paths.responses(survey.id)}/new`,
        channels: CHANNELS.filter((c) => c !== 'online').map((c) => ({ value: c, text: CHANNEL_LABELS[c], checked: values.channel === c })),
        sections: survey.definition.sections.map((s) => ({
          title: s.title,
          // Staff see every question: skip conditions are applied when the response is checked.
          fields: sectionFields({ ...s, questions: s.questions.map((q) => ({ ...q, showIf: undefined })) }, {}, values, errors, optionsFor),
        })),
        values,
        errors,
      });
    };
    app.get('/admin/engagement/surveys/:id/responses/new', { ...allowed('response:enter'), schema: { params: idParams } }, async (request, reply) =>
      renderOffline(reply, request.params.id, {}, []),
    );
    app.post(
      '/admin/engagement/surveys/:id/responses/new',
      { ...allowed('response:enter'), schema: { params: idParams, body: formBody } },
      async (request, reply) => {
        const id = request.params.id;
        const { survey } = await surveyOr404(id);
        const body = { ...request.body };
        delete body._csrf;
        const meta = parseForm(offlineMetaForm, body);
        const { optionsFor } = await service.areaHelpers();
        let answers: Answers = {};
        const errors: FieldError[] = meta.ok ? [] : [...meta.errors];
        for (const s of survey.definition.sections) {
          const r = parseSectionAnswers(s, body, answers, optionsFor);
          answers = { ...answers, ...r.answers };
          errors.push(...r.errors);
        }
        if (!meta.ok || errors.length) return renderOffline(reply, id, body, errors);
        try {
          const { reference } = await service.submit(request.actor, id, answers, { channel: meta.data.channel, sourceKey: meta.data.sourceRef });
          return flashAndGo(request, reply, `Saved the response ${reference}`, paths.responses(id));
        } catch (e) {
          if (e instanceof RuleError) return renderOffline(reply, id, body, [{ field: 'form', message: e.detail ?? e.message }]);
          if ((e instanceof Error && e.message.includes('engagement_responses_source_uq')) || (e instanceof Object && 'code' in e && e.code === '23505')) {
            return renderOffline(reply, id, body, [{ field: 'sourceRef', message: 'A response with this reference has already been entered' }]);
          }
          throw e;
        }
      },
    );

    const renderImport = async (reply: FastifyReply, surveyId: string, o: { errors?: FieldError[]; problems?: ImportProblem[]; channel?: string } = {}) => {
      const { survey, consultation } = await surveyOr404(surveyId);
      return reply.status(o.errors?.length || o.problems?.length ? 400 : 200).view('engagement/views/admin/import.njk', {
        title: `Import offline responses: ${survey.title}`,
        survey,
        consultation,
        back: paths.responses(survey.id),
        columns: ['source_ref', 'channel', ...allQuestions(survey.definition).map((q) => q.id)],
        questions: allQuestions(survey.definition).map((q) => ({ id: q.id, label: q.label, type: QUESTION_TYPE_LABELS[q.type] })),
        channels: CHANNELS.filter((c) => c !== 'online').map((c) => ({ value: c, text: CHANNEL_LABELS[c], selected: o.channel === c })),
        problems: o.problems ?? [],
        errors:
          o.errors ??
          (o.problems?.length
            ? [{ field: 'csvFile', message: `The file has ${o.problems.length} problem${o.problems.length === 1 ? '' : 's'}: nothing was imported` }]
            : []),
      });
    };
    app.get('/admin/engagement/surveys/:id/responses/import', { ...allowed('response:import'), schema: { params: idParams } }, async (request, reply) =>
      renderImport(reply, request.params.id),
    );
    // A multipart form: its body is read by readUpload, not parsed before the handler.
    app.post('/admin/engagement/surveys/:id/responses/import', { ...allowed('response:import'), schema: { params: idParams } }, async (request, reply) => {
      const id = request.params.id;
      await surveyOr404(id);
      let csv = '';
      let channel = 'paper-form';
      let tooBig = false;
      if (request.isMultipart()) {
        const form = await readUpload(request, 10 * 1024 * 1024);
        tooBig = form.tooBig;
        csv = form.file?.data.toString('utf8') ?? '';
        channel = form.fields.channel ?? channel;
      }
      if (tooBig) return renderImport(reply, id, { errors: [{ field: 'csvFile', message: 'The file must be 10 MB or smaller' }], channel });
      const given = CHANNELS.find((c) => c === channel && c !== 'online');
      if (!given) return renderImport(reply, id, { errors: [{ field: 'channel', message: 'Choose how these responses were given' }], channel });
      if (!csv.trim()) return renderImport(reply, id, { errors: [{ field: 'csvFile', message: 'Choose a CSV file' }], channel });
      try {
        const r = await service.importCsv(request.actor, id, csv, given);
        return flashAndGo(request, reply, `Imported ${r.created} new and updated ${r.updated} responses`, paths.responses(id));
      } catch (e) {
        if (e instanceof ImportRefused) return renderImport(reply, id, { problems: e.problems, channel });
        throw e;
      }
    });
  };
}
