import type { FastifyInstance, FastifyReply } from 'fastify';
import { actionParams, adminLookups, allowed, flashAndGo, paths, questionParams, slug } from './shared.js';
import { parseForm, submitForm, type FieldError } from '../../../../platform/forms.js';
import type { Actor, Role } from '../../../../platform/roles.js';
import { formBody, idParams, typedRoutes, type FormValues } from '../../../../platform/typedRoutes.js';
import { RuleError, notFound } from '../../../../platform/http.js';
import { engagementPermissions as perms, type EngagementAction } from '../../engagementPermissions.js';
import type { EngagementService } from '../../engagementService.js';
import { moveForm, questionForm, sectionForm } from '../../forms/engagementForms.js';
import { builderSections, questionFormItems } from '../../presenters/surveyBuilder.js';
import { sectionFields } from '../../presenters/surveyPage.js';
import { allQuestions, findQuestion, type Question, type SurveyDefinition } from '../../surveyDefinition.js';
import { equalityMonitoringSection, questionFromInput, questionInputValues } from '../../surveyChanges.js';

/** The survey builder: pages, questions, their order, versions and publishing. */
export function surveyBuilderRoutes(service: EngagementService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    const { surveyOr404 } = adminLookups(service);

    // ---- survey builder ----
    const renderSurvey = async (role: Role | null, reply: FastifyReply, id: string, errors: FieldError[] = [], values: Record<string, unknown> = {}) => {
      const { survey, consultation, responseCount } = await surveyOr404(id);
      const def = survey.definition;
      const canBuild = perms.can(role, 'survey:build') && survey.status !== 'closed';
      const locked = survey.status === 'published' && responseCount > 0;
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/survey.njk', {
        title: `${survey.title} (version ${survey.version})`,
        survey,
        consultation,
        consultationHref: paths.consultation(consultation.id),
        responseCount,
        canBuild,
        locked,
        // A survey with responses keeps its order (see breakingChanges): no move buttons then.
        sections: builderSections(def, paths.survey(survey.id), { canReorder: canBuild && !locked }),
        ...questionFormItems(def, values),
        hasEquality: def.sections.some((s) => s.questions.some((q) => q.demographic)),
        previewHref: `${paths.survey(survey.id)}/preview`,
        base: paths.survey(survey.id),
        responsesHref: paths.responses(survey.id),
        errors,
        values,
      });
    };
    app.get('/admin/engagement/surveys/:id', { ...allowed('engagement:view'), schema: { params: idParams } }, async (request, reply) =>
      renderSurvey(request.actor.role, reply, request.params.id),
    );

    /** What an action on a survey gets from its request. */
    interface ActionRequest {
      actor: Actor;
      body: FormValues;
      params: Record<string, string>;
    }

    type SurveyActionResult = string | { done: string; anchor: string } | { errors: FieldError[]; values: Record<string, unknown> };
    const surveyAction = (
      url: string,
      action: EngagementAction,
      run: (request: ActionRequest, id: string, def: SurveyDefinition) => Promise<SurveyActionResult>,
      to?: (id: string, result: string) => string,
    ) =>
      app.post(url, { ...allowed(action), schema: { params: actionParams, body: formBody } }, async (request, reply) => {
        const id = request.params.id;
        const s = await surveyOr404(id);
        try {
          const out = await run(request, id, structuredClone(s.survey.definition));
          if (typeof out === 'string') return flashAndGo(request, reply, out, to ? to(id, out) : paths.survey(id));
          if ('done' in out) return flashAndGo(request, reply, out.done, `${paths.survey(id)}#${out.anchor}`);
          return renderSurvey(request.actor.role, reply, id, out.errors, out.values);
        } catch (e) {
          if (e instanceof RuleError) return renderSurvey(request.actor.role, reply, id, [{ field: 'form', message: e.detail ?? e.message }], request.body);
          throw e;
        }
      });

    surveyAction('/admin/engagement/surveys/:id/sections', 'survey:build', async (request, id, def) => {
      const form = parseForm(sectionForm, request.body);
      if (!form.ok) return { errors: form.errors, values: form.values };
      let sid = slug(form.data.title, 30).replace(/_/g, '-');
      if (!/^[a-z]/.test(sid)) sid = `page-${sid}`;
      while (def.sections.some((s) => s.id === sid) || ['check', 'confirmation'].includes(sid)) sid = `${sid}-2`;
      def.sections.push({ id: sid, title: form.data.title, description: form.data.description, questions: [] });
      await service.saveDefinition(request.actor, id, def, `added the page ${form.data.title}`);
      return `Added the page “${form.data.title}”`;
    });

    surveyAction('/admin/engagement/surveys/:id/questions', 'survey:build', async (request, id, def) => {
      const form = parseForm(questionForm, request.body);
      if (!form.ok) return { errors: form.errors, values: form.values };
      const d = form.data;
      const section = def.sections.find((s) => s.id === d.sectionId);
      if (!section) return { errors: [{ field: 'sectionId', message: 'Choose a page of this survey' }], values: request.body };
      let qid = slug(d.label);
      const taken = new Set(allQuestions(def).map((q) => q.id));
      for (let n = 2; taken.has(qid); n++) qid = `${slug(d.label, 36)}_${n}`;
      const q: Question = { id: qid, ...questionFromInput(d) };
      section.questions.push(q);
      await service.saveDefinition(request.actor, id, def, `added the question ${d.label}`);
      return `Added the question “${d.label}”`;
    });

    surveyAction('/admin/engagement/surveys/:id/questions/:qid/delete', 'survey:build', async (request, id, def) => {
      const qid = request.params.qid ?? '';
      const before = allQuestions(def).length;
      for (const s of def.sections) s.questions = s.questions.filter((q) => q.id !== qid);
      if (allQuestions(def).length === before) throw notFound();
      def.sections = def.sections.filter((s) => s.questions.length || s.id !== 'about-you');
      await service.saveDefinition(request.actor, id, def, `removed the question ${qid}`);
      return 'Removed the question';
    });

    // Changing a question in place: its id stays, so the answers already given still match it.
    const renderQuestionEdit = async (reply: FastifyReply, id: string, qid: string, values?: Record<string, unknown>, errors: FieldError[] = []) => {
      const { survey, responseCount } = await surveyOr404(id);
      if (survey.status === 'closed') throw new RuleError('A closed survey cannot be changed');
      const def = survey.definition;
      const section = def.sections.find((s) => s.questions.some((q) => q.id === qid));
      const question = section?.questions.find((q) => q.id === qid);
      if (!section || !question) throw notFound('No such question');
      const v = values ?? questionInputValues(question, section.id);
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/question.njk', {
        title: `Change a question: ${question.label}`,
        survey,
        back: `${paths.survey(id)}#section-${section.id}`,
        action: `${paths.survey(id)}/questions/${qid}/edit`,
        locked: survey.status === 'published' && responseCount > 0,
        editing: true,
        ...questionFormItems(def, v, qid),
        values: v,
        errors,
      });
    };
    app.get('/admin/engagement/surveys/:id/questions/:qid/edit', { ...allowed('survey:build'), schema: { params: questionParams } }, async (request, reply) =>
      renderQuestionEdit(reply, request.params.id, request.params.qid),
    );
    app.post(
      '/admin/engagement/surveys/:id/questions/:qid/edit',
      { ...allowed('survey:build'), schema: { params: questionParams, body: formBody } },
      async (request, reply) => {
        const { id, qid } = request.params;
        const r = await submitForm(request.body, questionForm, (data) => service.editQuestion(request.actor, id, qid, data));
        if (!r.ok) return renderQuestionEdit(reply, id, qid, r.values, r.errors);
        return flashAndGo(request, reply, `Changed the question “${r.data.label}”`, `${paths.survey(id)}#section-${r.data.sectionId}`);
      },
    );

    // Reordering without JavaScript: each "move up" and "move down" button posts a small form.
    surveyAction('/admin/engagement/surveys/:id/questions/:qid/move', 'survey:build', async (request, id, def) => {
      const form = parseForm(moveForm, request.body);
      if (!form.ok) return { errors: form.errors, values: {} };
      const qid = request.params.qid ?? '';
      const next = await service.moveQuestion(request.actor, id, qid, form.data.direction);
      const section = next.sections.find((s) => s.questions.some((q) => q.id === qid));
      const label = findQuestion(def, qid)?.label ?? qid;
      return { done: `Moved “${label}” ${form.data.direction}`, anchor: `section-${section?.id ?? ''}` };
    });
    surveyAction('/admin/engagement/surveys/:id/sections/:sid/move', 'survey:build', async (request, id, def) => {
      const form = parseForm(moveForm, request.body);
      if (!form.ok) return { errors: form.errors, values: {} };
      const sid = request.params.sid ?? '';
      await service.moveSection(request.actor, id, sid, form.data.direction);
      return { done: `Moved the page “${def.sections.find((s) => s.id === sid)?.title ?? sid}” ${form.data.direction}`, anchor: `section-${sid}` };
    });

    surveyAction('/admin/engagement/surveys/:id/equality', 'survey:build', async (request, id, def) => {
      if (def.sections.some((s) => s.id === 'about-you')) throw new RuleError('The survey already has the equality monitoring questions');
      def.sections.push(equalityMonitoringSection());
      await service.saveDefinition(request.actor, id, def, 'added the equality monitoring questions');
      return 'Added the equality monitoring questions (each optional, with “Prefer not to say”)';
    });

    surveyAction('/admin/engagement/surveys/:id/publish', 'survey:build', async (request, id) => {
      await service.publishSurvey(request.actor, id);
      return 'Published the survey';
    });

    app.post('/admin/engagement/surveys/:id/version', { ...allowed('survey:build'), schema: { params: idParams, body: formBody } }, async (request, reply) => {
      const id = request.params.id;
      try {
        const n = await service.newVersion(request.actor, id);
        return flashAndGo(request, reply, `Started version ${n.version}: change it, then publish it to replace version ${n.version - 1}`, paths.survey(n.id));
      } catch (e) {
        if (e instanceof RuleError) return renderSurvey(request.actor.role, reply, id, [{ field: 'form', message: e.detail ?? e.message }]);
        throw e;
      }
    });

    app.get('/admin/engagement/surveys/:id/preview', { ...allowed('engagement:view'), schema: { params: idParams } }, async (request, reply) => {
      const { survey, consultation } = await surveyOr404(request.params.id);
      const { optionsFor } = await service.areaHelpers();
      return reply.view('engagement/views/admin/preview.njk', {
        title: `Preview: ${survey.title}`,
        survey,
        consultation,
        back: paths.survey(survey.id),
        // Every page, every question (skip conditions are shown as notes).
        pages: survey.definition.sections.map((s) => ({
          title: s.title,
          description: s.description,
          conditions: s.questions
            .filter((q) => q.showIf)
            .map((q) => `“${q.label}” is asked only if the answer to ${q.showIf!.questionId} is “${q.showIf!.equals}”`),
          fields: sectionFields({ ...s, questions: s.questions.map((q) => ({ ...q, showIf: undefined })) }, {}, {}, [], optionsFor),
        })),
      });
    });
  };
}
