import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requirePermission } from '../../../platform/auth.js';
import type { Platform } from '../../../platform/context.js';
import { parseForm } from '../../../platform/forms.js';
import { formBody, idParams, queryOf, typedRoutes } from '../../../platform/typedRoutes.js';
import { deliveryPermissions } from '../deliveryPermissions.js';
import type { StartPlan } from '../startPlan.js';

const startForm = z.object({ planId: z.string({ error: 'Choose a plan' }).uuid('Choose a plan') });
const manage = { preHandler: requirePermission((r) => deliveryPermissions.can(r, 'delivery:manage')) };

/** Starting the first delivery plan from a published plan, and each next year's from the current one. */
export function startRoutes(_platform: Platform, start: StartPlan) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);

    app.get('/admin/delivery/plans/start', { ...manage, schema: { querystring: queryOf('plan') } }, async (request, reply) => {
      const parsed = startForm.safeParse({ planId: request.query.plan ?? '' });
      if (!parsed.success) return reply.redirect('/admin/delivery/plans/new', 303);
      const p = await start.firstPreview(parsed.data.planId);
      return reply.view('delivery/views/admin/start.njk', {
        title: `Start the first delivery plan: ${p.tree.title}`,
        heading: `Start the first delivery plan of “${p.tree.title}”`,
        lines: [
          `The delivery plan is for the financial year ${p.fy.label} (the year containing today, within the plan’s term).`,
          `It starts with ${p.actions.length} ${p.actions.length === 1 ? 'action' : 'actions'}: one for each commitment of each priority, due by the end of the year. Add owners and dates to each afterwards.`,
        ],
        items: p.actions.map((a) => `${a.reference}: ${a.title}`),
        action: '/admin/delivery/plans/start',
        hidden: { planId: p.tree.id },
        button: 'Start the delivery plan',
        back: `/admin/plans/${p.tree.id}`,
      });
    });

    app.post('/admin/delivery/plans/start', { ...manage, schema: { body: formBody } }, async (request, reply) => {
      const form = parseForm(startForm, request.body);
      if (!form.ok) return reply.redirect('/admin/delivery/plans/new', 303);
      const dp = await start.startFromPriorities(request.actor, form.data.planId);
      request.session.flash = `${dp.title} started from the plan’s priorities`;
      return reply.redirect(`/admin/delivery/plans/${dp.id}`, 303);
    });

    app.get('/admin/delivery/plans/:id/next-year', { ...manage, schema: { params: idParams } }, async (request, reply) => {
      const n = await start.nextYearPreview(request.params.id);
      return reply.view('delivery/views/admin/start.njk', {
        title: `Start the delivery plan for ${n.next.label}`,
        heading: `Start the delivery plan for ${n.next.label} from ${n.from.title}`,
        lines: n.possible
          ? [
              `${n.open.length} open ${n.open.length === 1 ? 'action is' : 'actions are'} carried over with their updates; in ${n.from.title} each is closed as deferred, with an update saying where it went.`,
              `An action whose due date has passed is due by the end of ${n.next.label}.`,
            ]
          : [`The delivery plan for ${n.next.label} cannot be started: it exists already, or the plan’s term ends before it.`],
        items: n.open.map((a) => `${a.reference}: ${a.title}`),
        action: n.possible ? `/admin/delivery/plans/${n.from.id}/next-year` : null,
        hidden: {},
        button: `Start the delivery plan for ${n.next.label}`,
        back: `/admin/delivery/plans/${n.from.id}`,
      });
    });

    app.post('/admin/delivery/plans/:id/next-year', { ...manage, schema: { params: idParams, body: formBody } }, async (request, reply) => {
      const r = await start.startNextYear(request.actor, request.params.id);
      request.session.flash = `${r.deliveryPlan.title} started: ${r.carried} open ${r.carried === 1 ? 'action' : 'actions'} carried over`;
      return reply.redirect(`/admin/delivery/plans/${r.deliveryPlan.id}`, 303);
    });
  };
}
