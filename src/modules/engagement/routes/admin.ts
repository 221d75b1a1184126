import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { requirePermission } from '../../../platform/auth.js';
import type { Platform } from '../../../platform/context.js';
import { parseForm, readUpload, type FieldError } from '../../../platform/forms.js';
import { FieldRuleError, HttpError, RuleError, notFound } from '../../../platform/http.js';
import { ImportRefused, type ImportProblem } from '../../../platform/importKit.js';
import { engagementPermissions as perms, type EngagementAction } from '../engagementPermissions.js';
import { STAGE_LABELS, nextStages } from '../consultationsService.js';
import type { EngagementService } from '../engagementService.js';
import {
  codeForm,
  consultationEditForm,
  consultationForm,
  extendForm,
  linkForm,
  logForm,
  methodForm,
  moveForm,
  offlineMetaForm,
  publishForm,
  questionForm,
  quotationForm,
  sectionForm,
  stageForm,
  surveyForm,
  themeForm,
} from '../forms/engagementForms.js';
import { analysisView, exportTable, safeCell } from '../presenters/analysisView.js';
import { consultationFormValues, consultationFormView } from '../presenters/consultationForm.js';
import { CHANNEL_LABELS, METHOD_LABELS, consultationNextStep, dateRange, methodRows, stageTag } from '../presenters/consultationView.js';
import { ukDate } from '../../../platform/format.js';
import { logView } from '../presenters/logView.js';
import { builderSections, questionFormItems } from '../presenters/surveyBuilder.js';
import { sectionFields } from '../presenters/surveyPage.js';
import { CHANNELS, LOG_TYPES, METHOD_KINDS, type Channel } from '../schema.js';
import {
  QUESTION_TYPE_LABELS,
  allQuestions,
  answerText,
  equalityMonitoringSection,
  findQuestion,
  parseSectionAnswers,
  questionFromInput,
  questionInputValues,
  type Answers,
  type Question,
  type SurveyDefinition,
} from '../surveyDefinition.js';

export const paths = {
  home: '/admin/engagement',
  newConsultation: '/admin/engagement/consultations/new',
  consultation: (id: string) => `/admin/engagement/consultations/${id}`,
  editConsultation: (id: string) => `/admin/engagement/consultations/${id}/edit`,
  survey: (id: string) => `/admin/engagement/surveys/${id}`,
  responses: (id: string) => `/admin/engagement/surveys/${id}/responses`,
  response: (id: string) => `/admin/engagement/responses/${id}`,
  analysis: (id: string) => `/admin/engagement/surveys/${id}/analysis`,
  coding: (sid: string, qid: string) => `/admin/engagement/surveys/${sid}/coding/${qid}`,
  themes: (id: string) => `/admin/engagement/consultations/${id}/themes`,
  quotations: (id: string) => `/admin/engagement/consultations/${id}/quotations`,
  log: '/admin/engagement/log',
};

const allowed = (action: EngagementAction) => ({ preHandler: requirePermission((r) => perms.can(r, action)) });
const slug = (s: string, max = 40) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^([^a-z])/, 'q_$1')
    .slice(0, max) || 'q';

/** A rule the service refused, as the error summary shows it (on its field when it names one). */
const ruleErrors = (e: RuleError): FieldError[] => [{ field: e instanceof FieldRuleError ? e.field : 'form', message: e.detail ?? e.message }];

export function adminRoutes(_platform: Platform, service: EngagementService) {
  return async function (app: FastifyInstance) {
    const flashAndGo = (request: FastifyRequest, reply: FastifyReply, message: string, to: string) => {
      request.session.flash = message;
      return reply.redirect(to, 303);
    };
    const idParam = (request: FastifyRequest, name = 'id') => (request.params as Record<string, string>)[name];

    async function consultationOr404(id: string) {
      const c = await service.consultationDetail(id);
      if (!c) throw notFound('No such consultation');
      return c;
    }
    async function surveyOr404(id: string) {
      const s = await service.surveyWithConsultation(id);
      if (!s) throw notFound('No such survey');
      return s;
    }

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
    app.post(paths.newConsultation, allowed('consultation:manage'), async (request, reply) => {
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
        if (e instanceof RuleError)
          return renderConsultationForm(reply, request.body as Record<string, unknown>, [{ field: 'reference', message: e.detail ?? e.message }]);
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
    app.get('/admin/engagement/consultations/:id/edit', allowed('consultation:manage'), async (request, reply) =>
      renderConsultationEdit(reply, idParam(request)),
    );
    app.post('/admin/engagement/consultations/:id/edit', allowed('consultation:manage'), async (request, reply) => {
      const id = idParam(request);
      const before = await consultationOr404(id);
      const form = parseForm(consultationEditForm, request.body);
      if (!form.ok) return renderConsultationEdit(reply, id, form.values, form.errors);
      const planReference = form.data.planReference ?? null;
      // The priorities on the page were the old plan's: a new plan starts with none chosen.
      const planChanged = planReference !== before.planReference;
      try {
        const c = await service.updateConsultation(request.actor, id, {
          ...form.data,
          planReference,
          priorityReferences: planChanged ? [] : form.data.priorityReferences,
        });
        const more = planChanged && planReference ? ': now choose the priorities of the plan it informs' : '';
        return flashAndGo(
          request,
          reply,
          `Saved the changes to “${c.title}”${more}`,
          planChanged && planReference ? paths.editConsultation(id) : paths.consultation(id),
        );
      } catch (e) {
        if (e instanceof RuleError) return renderConsultationEdit(reply, id, { ...(request.body as Record<string, unknown>) }, ruleErrors(e));
        throw e;
      }
    });

    const renderConsultation = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      errors: FieldError[] = [],
      values: Record<string, unknown> = {},
    ) => {
      const c = await consultationOr404(id);
      const role = request.actor.role;
      const surveysWithCounts = await Promise.all(c.surveys.map(async (s) => ({ s, info: await service.surveyWithConsultation(s.id) })));
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/consultation.njk', {
        title: c.title,
        c,
        tag: stageTag(c.stage),
        nextStep: consultationNextStep(c, ukDate(new Date())),
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
    app.get('/admin/engagement/consultations/:id', allowed('engagement:view'), async (request, reply) => renderConsultation(request, reply, idParam(request)));

    const consultationAction = (
      url: string,
      action: EngagementAction,
      run: (request: FastifyRequest, id: string) => Promise<string | { errors: FieldError[]; values: Record<string, unknown> }>,
    ) =>
      app.post(url, allowed(action), async (request, reply) => {
        const id = idParam(request);
        try {
          const out = await run(request, id);
          if (typeof out === 'string') return flashAndGo(request, reply, out, paths.consultation(id));
          return renderConsultation(request, reply, id, out.errors, out.values);
        } catch (e) {
          if (e instanceof RuleError) return renderConsultation(request, reply, id, [{ field: 'form', message: e.detail ?? e.message }], {});
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
      await service.removeMethod(request.actor, id, idParam(request, 'mid'));
      return 'Removed the method';
    });
    consultationAction('/admin/engagement/consultations/:id/surveys', 'survey:build', async (request, id) => {
      const form = parseForm(surveyForm, request.body);
      if (!form.ok) return { errors: form.errors, values: form.values };
      const s = await service.createSurvey(request.actor, id, form.data.title);
      return `Created the survey “${s.title}”: add its pages and questions from the survey’s page`;
    });

    // ---- survey builder ----
    const renderSurvey = async (request: FastifyRequest, reply: FastifyReply, id: string, errors: FieldError[] = [], values: Record<string, unknown> = {}) => {
      const { survey, consultation, responseCount } = await surveyOr404(id);
      const def = survey.definition;
      const canBuild = perms.can(request.actor.role, 'survey:build') && survey.status !== 'closed';
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
    app.get('/admin/engagement/surveys/:id', allowed('engagement:view'), async (request, reply) => renderSurvey(request, reply, idParam(request)));

    type SurveyActionResult = string | { done: string; anchor: string } | { errors: FieldError[]; values: Record<string, unknown> };
    const surveyAction = (
      url: string,
      action: EngagementAction,
      run: (request: FastifyRequest, id: string, def: SurveyDefinition) => Promise<SurveyActionResult>,
      to?: (id: string, result: string) => string,
    ) =>
      app.post(url, allowed(action), async (request, reply) => {
        const id = idParam(request);
        const s = await surveyOr404(id);
        try {
          const out = await run(request, id, structuredClone(s.survey.definition));
          if (typeof out === 'string') return flashAndGo(request, reply, out, to ? to(id, out) : paths.survey(id));
          if ('done' in out) return flashAndGo(request, reply, out.done, `${paths.survey(id)}#${out.anchor}`);
          return renderSurvey(request, reply, id, out.errors, out.values);
        } catch (e) {
          if (e instanceof RuleError)
            return renderSurvey(request, reply, id, [{ field: 'form', message: e.detail ?? e.message }], (request.body as Record<string, unknown>) ?? {});
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
      if (!section) return { errors: [{ field: 'sectionId', message: 'Choose a page of this survey' }], values: request.body as Record<string, unknown> };
      let qid = slug(d.label);
      const taken = new Set(allQuestions(def).map((q) => q.id));
      for (let n = 2; taken.has(qid); n++) qid = `${slug(d.label, 36)}_${n}`;
      const q: Question = { id: qid, ...questionFromInput(d) };
      section.questions.push(q);
      await service.saveDefinition(request.actor, id, def, `added the question ${d.label}`);
      return `Added the question “${d.label}”`;
    });

    surveyAction('/admin/engagement/surveys/:id/questions/:qid/delete', 'survey:build', async (request, id, def) => {
      const qid = idParam(request, 'qid');
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
    app.get('/admin/engagement/surveys/:id/questions/:qid/edit', allowed('survey:build'), async (request, reply) =>
      renderQuestionEdit(reply, idParam(request), idParam(request, 'qid')),
    );
    app.post('/admin/engagement/surveys/:id/questions/:qid/edit', allowed('survey:build'), async (request, reply) => {
      const id = idParam(request);
      const qid = idParam(request, 'qid');
      const form = parseForm(questionForm, request.body);
      if (!form.ok) return renderQuestionEdit(reply, id, qid, form.values, form.errors);
      try {
        await service.editQuestion(request.actor, id, qid, form.data);
      } catch (e) {
        if (e instanceof RuleError) return renderQuestionEdit(reply, id, qid, { ...(request.body as Record<string, unknown>) }, ruleErrors(e));
        throw e;
      }
      return flashAndGo(request, reply, `Changed the question “${form.data.label}”`, `${paths.survey(id)}#section-${form.data.sectionId}`);
    });

    // Reordering without JavaScript: each "move up" and "move down" button posts a small form.
    surveyAction('/admin/engagement/surveys/:id/questions/:qid/move', 'survey:build', async (request, id, def) => {
      const form = parseForm(moveForm, request.body);
      if (!form.ok) return { errors: form.errors, values: {} };
      const qid = idParam(request, 'qid');
      const next = await service.moveQuestion(request.actor, id, qid, form.data.direction);
      const section = next.sections.find((s) => s.questions.some((q) => q.id === qid));
      const label = findQuestion(def, qid)?.label ?? qid;
      return { done: `Moved “${label}” ${form.data.direction}`, anchor: `section-${section?.id ?? ''}` };
    });
    surveyAction('/admin/engagement/surveys/:id/sections/:sid/move', 'survey:build', async (request, id, def) => {
      const form = parseForm(moveForm, request.body);
      if (!form.ok) return { errors: form.errors, values: {} };
      const sid = idParam(request, 'sid');
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

    app.post('/admin/engagement/surveys/:id/version', allowed('survey:build'), async (request, reply) => {
      const id = idParam(request);
      try {
        const n = await service.newVersion(request.actor, id);
        return flashAndGo(request, reply, `Started version ${n.version}: change it, then publish it to replace version ${n.version - 1}`, paths.survey(n.id));
      } catch (e) {
        if (e instanceof RuleError) return renderSurvey(request, reply, id, [{ field: 'form', message: e.detail ?? e.message }]);
        throw e;
      }
    });

    app.get('/admin/engagement/surveys/:id/preview', allowed('engagement:view'), async (request, reply) => {
      const { survey, consultation } = await surveyOr404(idParam(request));
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

    // ---- responses ----
    app.get('/admin/engagement/surveys/:id/responses', allowed('response:view'), async (request, reply) => {
      const { survey, consultation } = await surveyOr404(idParam(request));
      const rows = await service.responsesOfFamily(survey.id);
      const { areaName } = await service.areaHelpers();
      const page = Math.max(1, Number((request.query as { page?: string }).page) || 1);
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
          xlsx: `/admin/engagement/surveys/${survey.id}/export.xlsx`,
          analysis: paths.analysis(survey.id),
        },
      });
    });

    app.get('/admin/engagement/responses/:id', allowed('response:view'), async (request, reply) => {
      const d = await service.responseDetail(idParam(request));
      if (!d) throw notFound();
      const { areaName } = await service.areaHelpers();
      const answers = d.response.answers as Answers;
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
    app.get('/admin/engagement/surveys/:id/responses/new', allowed('response:enter'), async (request, reply) => renderOffline(reply, idParam(request), {}, []));
    app.post('/admin/engagement/surveys/:id/responses/new', allowed('response:enter'), async (request, reply) => {
      const id = idParam(request);
      const { survey } = await surveyOr404(id);
      const body = { ...((request.body as Record<string, unknown>) ?? {}) };
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
        const { reference } = await service.submit(request.actor, id, answers, { channel: meta.data.channel as Channel, sourceKey: meta.data.sourceRef });
        return flashAndGo(request, reply, `Saved the response ${reference}`, paths.responses(id));
      } catch (e) {
        if (e instanceof RuleError) return renderOffline(reply, id, body, [{ field: 'form', message: e.detail ?? e.message }]);
        if (String((e as { message?: string }).message ?? '').includes('engagement_responses_source_uq') || (e as { code?: string }).code === '23505') {
          return renderOffline(reply, id, body, [{ field: 'sourceRef', message: 'A response with this reference has already been entered' }]);
        }
        throw e;
      }
    });

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
    app.get('/admin/engagement/surveys/:id/responses/import', allowed('response:import'), async (request, reply) => renderImport(reply, idParam(request)));
    app.post('/admin/engagement/surveys/:id/responses/import', allowed('response:import'), async (request, reply) => {
      const id = idParam(request);
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
      if (!(CHANNELS as readonly string[]).includes(channel) || channel === 'online')
        return renderImport(reply, id, { errors: [{ field: 'channel', message: 'Choose how these responses were given' }], channel });
      if (!csv.trim()) return renderImport(reply, id, { errors: [{ field: 'csvFile', message: 'Choose a CSV file' }], channel });
      try {
        const r = await service.importCsv(request.actor, id, csv, channel as Channel);
        return flashAndGo(request, reply, `Imported ${r.created} new and updated ${r.updated} responses`, paths.responses(id));
      } catch (e) {
        if (e instanceof ImportRefused) return renderImport(reply, id, { problems: e.problems, channel });
        throw e;
      }
    });

    // ---- analysis ----
    app.get('/admin/engagement/surveys/:id/analysis', allowed('analysis:view'), async (request, reply) => {
      const id = idParam(request);
      const { consultation } = await surveyOr404(id);
      const q = request.query as Record<string, string | undefined>;
      const data = await service.analysisData(id);
      const tc = await service.themeCounts(id);
      const filter = { area: q.area || undefined, channel: q.channel || undefined, question: q.question || undefined, value: q.value || undefined };
      const themeCounts = tc.themes.map((t) => {
        const ids = [...(tc.perTheme.get(t.id) ?? new Set<string>())];
        const byArea = new Map<string, number>();
        for (const rid of ids) {
          const area = tc.byResponse.get(rid)?.areaCode;
          if (area) byArea.set(area, (byArea.get(area) ?? 0) + 1);
        }
        return { label: t.parentId ? `${tc.themes.find((p) => p.id === t.parentId)?.label} › ${t.label}` : t.label, total: ids.length, byArea };
      });
      return reply.view('engagement/views/admin/analysis.njk', {
        title: `Analysis: ${data.survey.title}`,
        consultation,
        survey: data.survey,
        surveyHref: paths.responses(id),
        action: paths.analysis(id),
        query: q,
        codedResponses: tc.codedResponses,
        geographyAvailable: !!service.deps.geography,
        ...analysisView({
          definition: data.survey.definition,
          rows: data.rows,
          filter,
          crossBy: q.by,
          crossQuestion: q.xq,
          areaName: data.areaName,
          areas: data.areas.lad,
          populations: data.populations,
          themeCounts,
        }),
        codingLinks: allQuestions(data.survey.definition)
          .filter((x) => x.type === 'text')
          .map((x) => ({ label: x.label, href: paths.coding(id, x.id) })),
      });
    });

    // ---- export ----
    async function exportData(id: string) {
      const { survey } = await surveyOr404(id);
      const fam = await service.surveyFamily(id);
      const versionOf = new Map(fam.versions.map((v) => [v.id, v.version]));
      const rows = await service.responsesOfFamily(id);
      const tc = await service.themeCounts(id);
      const label = new Map(tc.themes.map((t) => [t.id, t.label]));
      const codesBy = new Map<string, string[]>();
      for (const [themeId, ids] of tc.perTheme) for (const rid of ids) codesBy.set(rid, [...(codesBy.get(rid) ?? []), label.get(themeId) ?? themeId]);
      const { areaName } = await service.areaHelpers();
      return {
        survey,
        table: exportTable(
          survey.definition,
          rows.map((r) => ({ ...r, answers: r.answers as Answers, surveyVersion: versionOf.get(r.surveyId) ?? 0 })),
          codesBy,
          areaName,
        ),
      };
    }
    app.get('/admin/engagement/surveys/:id/export.csv', allowed('response:export'), async (request, reply) => {
      const { survey, table } = await exportData(idParam(request));
      const csv = stringify([table.header, ...table.body.map((r) => r.map(safeCell))]);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="responses-${survey.id}.csv"`).send(csv);
    });
    app.get('/admin/engagement/surveys/:id/export.xlsx', allowed('response:export'), async (request, reply) => {
      const { survey, table } = await exportData(idParam(request));
      // Loaded here, not at start-up: only this export needs it, and the CLI should start fast.
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Responses');
      ws.addRow(table.header).font = { bold: true };
      for (const r of table.body) ws.addRow(r);
      ws.views = [{ state: 'frozen', ySplit: 1 }];
      const buf = Buffer.from(await wb.xlsx.writeBuffer());
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="responses-${survey.id}.xlsx"`)
        .send(buf);
    });

    // ---- coding ----
    app.get('/admin/engagement/surveys/:id/coding/:qid', allowed('coding:code'), async (request, reply) => {
      const id = idParam(request);
      const { consultation } = await surveyOr404(id);
      const queue = await service.codingQueue(id, idParam(request, 'qid'));
      const show = (request.query as { show?: string }).show === 'coded' ? 'coded' : 'uncoded';
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
    });

    app.post('/admin/engagement/responses/:id/code/:qid', allowed('coding:code'), async (request, reply) => {
      const form = parseForm(codeForm, request.body);
      if (!form.ok) throw new RuleError(form.errors.map((e) => e.message).join('; '));
      const id = idParam(request);
      await service.codeAnswer(request.actor, id, idParam(request, 'qid'), form.data.themeIds, form.data.note);
      const back =
        form.data.returnTo && /^\/admin\/engagement\/[\w/-]+(\?show=(coded|uncoded))?$/.test(form.data.returnTo) ? form.data.returnTo : paths.response(id);
      return flashAndGo(request, reply, 'Saved the codes', back);
    });

    // ---- codebook and "you said, we did" ----
    const renderThemes = async (request: FastifyRequest, reply: FastifyReply, id: string, errors: FieldError[] = [], values: Record<string, unknown> = {}) => {
      const c = await consultationOr404(id);
      const ts = await service.themes(id);
      const plan = await service.planOf(c);
      const live = c.surveys[0];
      const counts = live ? await service.themeCounts(live.id) : null;
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/themes.njk', {
        title: `Codebook and “you said, we did”: ${c.title}`,
        c,
        back: paths.consultation(c.id),
        canManage: perms.can(request.actor.role, 'codebook:manage'),
        canLink: perms.can(request.actor.role, 'feedback:publish'),
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
    app.get('/admin/engagement/consultations/:id/themes', allowed('engagement:view'), async (request, reply) => renderThemes(request, reply, idParam(request)));
    app.post('/admin/engagement/consultations/:id/themes', allowed('codebook:manage'), async (request, reply) => {
      const id = idParam(request);
      const form = parseForm(themeForm, request.body);
      if (!form.ok) return renderThemes(request, reply, id, form.errors, form.values);
      try {
        await service.addTheme(request.actor, id, { ...form.data, parentId: form.data.parentId ?? null });
      } catch (e) {
        if (e instanceof RuleError)
          return renderThemes(request, reply, id, [{ field: 'label', message: e.detail ?? e.message }], request.body as Record<string, unknown>);
        throw e;
      }
      return flashAndGo(request, reply, `Added the theme “${form.data.label}”`, paths.themes(id));
    });
    app.post('/admin/engagement/themes/:id/link', allowed('feedback:publish'), async (request, reply) => {
      const t = await service.theme(idParam(request));
      if (!t) throw notFound();
      const form = parseForm(linkForm, request.body);
      if (!form.ok) return renderThemes(request, reply, t.consultationId, form.errors, form.values);
      try {
        await service.linkTheme(request.actor, t.id, form.data);
      } catch (e) {
        if (e instanceof RuleError) return renderThemes(request, reply, t.consultationId, [{ field: 'form', message: e.detail ?? e.message }]);
        throw e;
      }
      return flashAndGo(request, reply, `Saved what was done about “${t.label}”`, paths.themes(t.consultationId));
    });

    const renderQuotations = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      errors: FieldError[] = [],
      values: Record<string, unknown> = {},
    ) => {
      const c = await consultationOr404(id);
      const [qs, ts] = await Promise.all([service.quotations(id), service.themes(id)]);
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/quotations.njk', {
        title: `Quotations: ${c.title}`,
        c,
        back: paths.consultation(c.id),
        canPublish: perms.can(request.actor.role, 'feedback:publish'),
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
    app.get('/admin/engagement/consultations/:id/quotations', allowed('engagement:view'), async (request, reply) =>
      renderQuotations(request, reply, idParam(request)),
    );
    app.post('/admin/engagement/consultations/:id/quotations', allowed('feedback:publish'), async (request, reply) => {
      const id = idParam(request);
      const form = parseForm(quotationForm, request.body);
      if (!form.ok) return renderQuotations(request, reply, id, form.errors, form.values);
      await service.addQuotation(request.actor, id, { text: form.data.text, themeId: form.data.themeId ?? null, responseId: form.data.responseId ?? null });
      return flashAndGo(request, reply, 'Added the quotation: it is not public until you publish it', paths.quotations(id));
    });
    for (const verb of ['publish', 'withdraw'] as const) {
      app.post(`/admin/engagement/quotations/:id/${verb}`, allowed('feedback:publish'), async (request, reply) => {
        const id = idParam(request);
        const q = await service.setQuotationPublished(request.actor, id, verb === 'publish');
        return flashAndGo(request, reply, verb === 'publish' ? 'Published the quotation' : 'Withdrew the quotation', paths.quotations(q.consultationId));
      });
    }

    // ---- engagement log ----
    const renderLog = async (request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], values: Record<string, unknown> = {}) => {
      const q = request.query as { year?: string };
      const year = /^\d{4}$/.test(q.year ?? '') ? Number(q.year) : new Date().getUTCFullYear();
      const cov = await service.wardCoverage(year);
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/log.njk', {
        title: `Engagement log ${year}`,
        year,
        canAdd: perms.can(request.actor.role, 'log:manage'),
        ...logView(cov),
        typeItems: LOG_TYPES.map((t) => ({ value: t, text: t.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()), selected: values.type === t })),
        ladItems: [{ value: '', text: 'Choose' }, ...cov.lads.map((l) => ({ value: l.code, text: l.name, selected: values.localAuthorityCode === l.code }))],
        wardItems: cov.wards.length
          ? [{ value: '', text: 'Choose' }, ...cov.wards.map((w) => ({ value: w.code, text: w.name, selected: values.wardCode === w.code }))]
          : null,
        years: [year - 1, year, year + 1].map((y) => ({ href: `${paths.log}?year=${y}`, text: String(y), current: y === year })),
        errors,
        values,
      });
    };
    app.get(paths.log, allowed('engagement:view'), async (request, reply) => renderLog(request, reply));
    app.post(paths.log, allowed('log:manage'), async (request, reply) => {
      const form = parseForm(logForm, request.body);
      if (!form.ok) return renderLog(request, reply, form.errors, form.values);
      const d = form.data;
      const cov = await service.areaHelpers();
      const ward = d.wardCode ? cov.lists.ward.find((w) => w.code === d.wardCode) : undefined;
      if (d.wardCode && !ward)
        return renderLog(request, reply, [{ field: 'wardCode', message: 'Choose a ward from the list' }], request.body as Record<string, unknown>);
      await service.addLogEntry(request.actor, {
        ...d,
        localAuthorityCode: d.localAuthorityCode ?? ward?.parentCode ?? null,
        wardCode: ward?.code ?? null,
        wardName: ward?.name ?? d.wardName ?? null,
        attendees: d.attendees ?? null,
      });
      return flashAndGo(request, reply, `Logged “${d.title}”`, `${paths.log}?year=${d.heldOn.slice(0, 4)}`);
    });
  };
}
