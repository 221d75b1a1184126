import type { FastifyReply, FastifyRequest } from 'fastify';
import { requirePermission } from '../../../../platform/auth.js';
import { RuleError, notFound } from '../../../../platform/http.js';
import type { FormValues } from '../../../../platform/typedRoutes.js';
import type { PlanTree } from '../../plansRepository.js';
import { plansPermissions as perms, type PlansAction } from '../../plansPermissions.js';
import type { PlansService } from '../../plansService.js';
import { editRefusal } from '../../presenters/planPage.js';

/** The route's permission check. */
export const allowed = (action: PlansAction) => ({ preHandler: requirePermission((r) => perms.can(r, action)) });

/** The plan with this id, with all its items, or a 404. */
export async function treeOf(service: PlansService, id: string): Promise<PlanTree> {
  const tree = await service.getTree(id);
  if (!tree) throw notFound('No such plan');
  return tree;
}

/** Refuses (with the page that says why) a change to a plan that can no longer be edited. */
export function assertEditable(tree: PlanTree) {
  const why = editRefusal(tree);
  if (why) throw new RuleError(why);
}

/** Says what was done on the next page, and goes there. */
export function flashAndGo(request: FastifyRequest, reply: FastifyReply, message: string, to: string) {
  request.session.flash = message;
  return reply.redirect(to);
}

/** What the person typed, to show again when a later check refuses the form. */
export function typed(body: FormValues): FormValues {
  const { _csrf, ...rest } = body;
  void _csrf;
  return rest;
}
