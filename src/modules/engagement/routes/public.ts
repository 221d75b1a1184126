import { formBody, typedRoutes } from '../../../platform/typedRoutes.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Platform } from '../../../platform/context.js';
import { parseForm } from '../../../platform/forms.js';
import { RuleError, notFound } from '../../../platform/http.js';
import type { EngagementService } from '../engagementService.js';
import { SurveyChanged } from '../responsesService.js';
import { consultationPublicView, hubView } from '../presenters/consultationView.js';
import { checkAnswersRows, sectionFields, visibleSections } from '../presenters/surveyPage.js';
import { youSaidWeDidView } from '../presenters/youSaidWeDid.js';
import { formValuesOf, missingRequired, parseSectionAnswers, pruneHidden, type Answers } from '../surveyDefinition.js';

declare module '@fastify/session' {
  interface FastifySessionObject {
    /** A survey in progress: kept server-side in the session store, never in the page. */
    engagement?: { surveyId: string; consent: boolean; answers: Answers; done?: string[] };
  }
}

/** Per client: a respondent submits a few times an hour at most; bots are slowed without a CAPTCHA. */
export const SUBMIT_RATE_LIMIT = { max: 30, timeWindow: '10 minutes' };

const consentForm = z.object({
  consent: z.literal('yes', { error: 'Confirm that you have read the privacy notice and agree to take part' }),
});
const checkForm = z.object({
  email: z
    .string()
    .trim()
    .max(320)
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.string().email('Enter an email address in the correct format, like name@example.com').optional()),
  /** The honeypot: hidden from people, filled in by bots. */
  website: z.string().optional(),
});

const refParams = z.object({ ref: z.string() });
const sectionParams = z.object({ ref: z.string(), section: z.string() });
const confirmationParams = z.object({ ref: z.string(), reference: z.string() });

export function publicRoutes(_platform: Platform, service: EngagementService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    app.get('/consultations', async (_request, reply) => {
      const hub = await service.publicHub();
      return reply.view('engagement/views/public/hub.njk', { title: 'Consultations', ...hubView(hub) });
    });

    async function loadOpen(ref: string) {
      // A copy kept in memory for a moment (ADR 0012): every page of a survey needs it.
      const c = await service.publicConsultation(ref);
      if (!c) throw notFound();
      return c;
    }

    app.get('/consultations/:ref', { schema: { params: refParams } }, async (request, reply) => {
      const c = await loadOpen(request.params.ref);
      const plan = await service.planOf(c);
      return reply.view('engagement/views/public/consultation.njk', { title: c.title, ...consultationPublicView(c, plan) });
    });

    app.get('/consultations/:ref/you-said-we-did', { schema: { params: refParams } }, async (request, reply) => {
      const c = await loadOpen(request.params.ref);
      if (c.stage !== 'feedback-published') throw notFound('The results of this consultation have not been published yet');
      const data = await service.youSaidWeDid(c.id);
      return reply.view('engagement/views/public/you-said-we-did.njk', { title: `You said, we did: ${c.title}`, ...youSaidWeDidView(data) });
    });

    /** The survey a person can answer now: the consultation is open and its survey published. */
    async function liveSurvey(ref: string) {
      const c = await loadOpen(ref);
      if (c.stage !== 'open' || !c.liveSurvey) throw new RuleError('This consultation is not taking responses at the moment');
      const base = `/consultations/${encodeURIComponent(c.reference)}/respond`;
      return { consultation: c, survey: c.liveSurvey, base };
    }

    function progress(request: FastifyRequest, surveyId: string) {
      const p = request.session.engagement;
      return p && p.surveyId === surveyId ? p : undefined;
    }

    app.get('/consultations/:ref/respond', { schema: { params: refParams } }, async (request, reply) => {
      const { consultation, survey, base } = await liveSurvey(request.params.ref);
      return reply.view('engagement/views/public/start.njk', {
        title: `Respond: ${consultation.title}`,
        consultation,
        survey,
        action: base,
        values: { consent: progress(request, survey.id)?.consent ? 'yes' : '' },
      });
    });

    app.post('/consultations/:ref/respond', { config: { rateLimit: SUBMIT_RATE_LIMIT }, schema: { params: refParams } }, async (request, reply) => {
      const { consultation, survey, base } = await liveSurvey(request.params.ref);
      const form = parseForm(consentForm, request.body);
      if (!form.ok) {
        return reply.status(400).view('engagement/views/public/start.njk', {
          title: `Respond: ${consultation.title}`,
          consultation,
          survey,
          action: base,
          errors: form.errors,
          values: form.values,
        });
      }
      const existing = progress(request, survey.id);
      request.session.engagement = { surveyId: survey.id, consent: true, answers: existing?.answers ?? {}, done: existing?.done ?? [] };
      const first = visibleSections(survey.definition, request.session.engagement.answers)[0];
      return reply.redirect(first ? `${base}/${first.id}` : `${base}/check`, 303);
    });

    function needConsent(reply: FastifyReply, base: string) {
      return reply.redirect(base, 303);
    }

    async function renderSection(
      request: FastifyRequest,
      reply: FastifyReply,
      ctx: Awaited<ReturnType<typeof liveSurvey>>,
      sectionId: string,
      values: Record<string, unknown>,
      errors: { field: string; message: string }[],
    ) {
      const p = progress(request, ctx.survey.id)!;
      const sections = visibleSections(ctx.survey.definition, p.answers);
      const index = sections.findIndex((s) => s.id === sectionId);
      const section = sections[index];
      const { optionsFor } = await service.areaHelpers();
      const back = index > 0 ? `${ctx.base}/${sections[index - 1].id}` : ctx.base;
      return reply.status(errors.length ? 400 : 200).view('engagement/views/public/section.njk', {
        title: section.title,
        consultation: ctx.consultation,
        section,
        step: { number: index + 1, of: sections.length },
        fields: sectionFields(section, p.answers, values, errors, optionsFor),
        action: `${ctx.base}/${section.id}`,
        back,
        errors,
      });
    }

    app.get('/consultations/:ref/respond/check', { schema: { params: refParams } }, async (request, reply) => {
      const ctx = await liveSurvey(request.params.ref);
      const p = progress(request, ctx.survey.id);
      if (!p?.consent) return needConsent(reply, ctx.base);
      const missing = missingRequired(ctx.survey.definition, p.answers);
      if (missing.length) return reply.redirect(`${ctx.base}/${missing[0].sectionId}`, 303);
      return renderCheck(reply, ctx, p.answers, {}, []);
    });

    async function renderCheck(
      reply: FastifyReply,
      ctx: Awaited<ReturnType<typeof liveSurvey>>,
      answers: Answers,
      values: Record<string, unknown>,
      errors: { field: string; message: string }[],
    ) {
      const { areaName } = await service.areaHelpers();
      return reply.status(errors.length ? 400 : 200).view('engagement/views/public/check.njk', {
        title: 'Check your answers before sending them',
        consultation: ctx.consultation,
        groups: checkAnswersRows(ctx.survey.definition, answers, ctx.base, areaName),
        action: `${ctx.base}/check`,
        values,
        errors,
      });
    }

    // The response is stored (one transaction) before the confirmation is sent: no acknowledged loss.
    app.post('/consultations/:ref/respond/check', { config: { rateLimit: SUBMIT_RATE_LIMIT }, schema: { params: refParams } }, async (request, reply) => {
      // If the consultation or survey changed since the copy the checks used was read, nothing is
      // stored: the checks run again on them as they are now (twice at most).
      for (let attempt = 1; ; attempt++) {
        try {
          return await send(request, reply, request.params.ref);
        } catch (e) {
          if (!(e instanceof SurveyChanged) || attempt === 3) throw e;
        }
      }
    });

    async function send(request: FastifyRequest, reply: FastifyReply, ref: string) {
      const ctx = await liveSurvey(ref);
      const p = progress(request, ctx.survey.id);
      if (!p?.consent) return needConsent(reply, ctx.base);
      const form = parseForm(checkForm, request.body);
      if (!form.ok) return renderCheck(reply, ctx, p.answers, form.values, form.errors);
      if (form.data.website) {
        // A bot filled the hidden field: nothing is stored and nothing is acknowledged.
        request.log.info('honeypot filled: response discarded');
        return reply
          .status(400)
          .view('engagement/views/public/not-sent.njk', { title: 'Your response was not sent', consultation: ctx.consultation, action: ctx.base });
      }
      const missing = missingRequired(ctx.survey.definition, p.answers);
      if (missing.length) return reply.redirect(`${ctx.base}/${missing[0].sectionId}`, 303);
      const { reference } = await service.submit(request.actor, ctx.survey.id, p.answers, {
        channel: 'online',
        email: form.data.email ?? null,
        checkedAgainst: ctx.consultation,
      });
      request.session.engagement = undefined;
      return reply.redirect(`${ctx.base}/confirmation/${reference}`, 303);
    }

    app.get('/consultations/:ref/respond/confirmation/:reference', { schema: { params: confirmationParams } }, async (request, reply) => {
      const { ref, reference } = request.params;
      const c = await loadOpen(ref);
      if (!/^EN-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(reference)) throw notFound();
      return reply.view('engagement/views/public/confirmation.njk', { title: 'Response sent', consultation: c, reference });
    });

    app.get('/consultations/:ref/respond/:section', { schema: { params: sectionParams } }, async (request, reply) => {
      const ctx = await liveSurvey(request.params.ref);
      const p = progress(request, ctx.survey.id);
      if (!p?.consent) return needConsent(reply, ctx.base);
      const sectionId = request.params.section;
      const section = visibleSections(ctx.survey.definition, p.answers).find((s) => s.id === sectionId);
      if (!section) throw notFound();
      return renderSection(request, reply, ctx, sectionId, formValuesOf(section, p.answers), []);
    });

    app.post('/consultations/:ref/respond/:section', { schema: { params: sectionParams, body: formBody } }, async (request, reply) => {
      const ctx = await liveSurvey(request.params.ref);
      const p = progress(request, ctx.survey.id);
      if (!p?.consent) return needConsent(reply, ctx.base);
      const sectionId = request.params.section;
      const sections = visibleSections(ctx.survey.definition, p.answers);
      const section = sections.find((s) => s.id === sectionId);
      if (!section) throw notFound();
      const body: Record<string, unknown> = { ...request.body };
      delete body._csrf;
      const { optionsFor } = await service.areaHelpers();
      const parsed = parseSectionAnswers(section, body, p.answers, optionsFor);
      if (parsed.errors.length) return renderSection(request, reply, ctx, sectionId, body, parsed.errors);
      // Replace this page's answers, then drop any that a changed answer now hides.
      const answers: Answers = { ...p.answers };
      for (const q of section.questions) delete answers[q.id];
      Object.assign(answers, parsed.answers);
      const kept = pruneHidden(ctx.survey.definition, answers);
      const done = [...new Set([...(p.done ?? []), sectionId])];
      request.session.engagement = { ...p, answers: kept, done };
      const after = visibleSections(ctx.survey.definition, kept);
      const next = after.slice(after.findIndex((s) => s.id === sectionId) + 1).find((s) => !done.includes(s.id));
      return reply.redirect(next ? `${ctx.base}/${next.id}` : `${ctx.base}/check`, 303);
    });
  };
}
