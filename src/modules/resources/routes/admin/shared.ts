import type { FastifyReply, FastifyRequest } from 'fastify';
import { requirePermission } from '../../../../platform/auth.js';
import { resourcesPermissions as perms, type ResourcesAction } from '../../resourcesPermissions.js';

/** The route option that lets only the roles allowed `action` through. */
export const can = (action: ResourcesAction) => ({ preHandler: requirePermission((r) => perms.can(r, action)) });

/** A form that failed, shown again: what was typed, as any page's `values`. */
export type Values = Record<string, unknown>;

/** After a change: the message for the next page, and a redirect to it. */
export function done(request: FastifyRequest, reply: FastifyReply, to: string, message: string) {
  request.session.flash = message;
  return reply.redirect(to, 303);
}

/** How to name a plan item, with the plan in force as the example (e.g. "cleveland-2024-29/P4"). */
export const linkNote = (planReference: string | undefined) =>
  `Give the plan reference, a slash and the item reference, like ${planReference ?? 'the-plan-reference'}/P4`;

/** A form field that may be given once, several times or not at all, as a list. */
export const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v ? [String(v)] : []);
