import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requirePermission } from '../../../../platform/auth.js';
import type { FieldError } from '../../../../platform/forms.js';
import { FieldRuleError, notFound, type RuleError } from '../../../../platform/http.js';
import { engagementPermissions as perms, type EngagementAction } from '../../engagementPermissions.js';
import type { EngagementService } from '../../engagementService.js';

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

export const allowed = (action: EngagementAction) => ({ preHandler: requirePermission((r) => perms.can(r, action)) });
export const slug = (s: string, max = 40) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^([^a-z])/, 'q_$1')
    .slice(0, max) || 'q';

/** A rule the service refused, as the error summary shows it (on its field when it names one). */
export const ruleErrors = (e: RuleError): FieldError[] => [{ field: e instanceof FieldRuleError ? e.field : 'form', message: e.detail ?? e.message }];

export const flashAndGo = (request: FastifyRequest, reply: FastifyReply, message: string, to: string) => {
  request.session.flash = message;
  return reply.redirect(to, 303);
};
/** `:id` and `:qid` of a question's address. */
export const questionParams = z.object({ id: z.string(), qid: z.string() });
/** `:id` and whichever other parts an action's address has (`:qid`, `:sid`, `:mid`). */
export const actionParams = z.object({ id: z.string() }).catchall(z.string());

/** The consultation or survey of the address, or 404. */
export function adminLookups(service: EngagementService) {
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
  return { consultationOr404, surveyOr404 };
}
