import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Platform } from '../../../platform/context.js';
import { STATUS_RULE } from '../statuses.js';
import { notFound } from '../../../platform/http.js';
import { idParams, typedRoutes } from '../../../platform/typedRoutes.js';
import type { DeliveryService } from '../deliveryService.js';
import { deliveryPaths, progressFilters, publicAnnualReportPage, rollupDisplay } from '../presenters/deliveryPresenters.js';
import { annualReportDocument } from '../reports/blocks.js';
import { sendDocument } from '../reports/send.js';
import { ROLLUP_FORMULA } from '../rollup.js';
import { dispositionOf, safeContentType } from '../../../platform/download.js';

const refParams = z.object({ ref: z.string() });

export function publicRoutes(platform: Platform, service: DeliveryService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    app.get('/delivery', async (_request, reply) => {
      const plans = await service.listPlans({ publicOnly: true });
      return reply.view('delivery/views/public/index.njk', {
        title: 'Progress on the plan',
        deliveryPlans: plans.map((p) => ({ ...p, rollupView: rollupDisplay(p.rollup), annualReportHref: deliveryPaths.publishedAnnualReport(p) })),
        formula: ROLLUP_FORMULA,
        statusRule: STATUS_RULE,
      });
    });

    app.get('/delivery/actions.csv', async (_request, reply) => {
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="delivery-actions.csv"')
        .send(await service.publicActionsCsv());
    });

    app.get('/delivery/files/:id', { schema: { params: idParams } }, async (request, reply) => {
      const f = await service.getFile(request.params.id);
      if (!f || !f.isPublic) throw notFound();
      return reply
        .header('content-type', safeContentType(f.file.contentType))
        .header('content-disposition', dispositionOf(f.file.filename))
        .header('x-content-type-options', 'nosniff')
        .send(await platform.storage.get(f.file.storageKey));
    });

    app.get('/delivery/:ref', { schema: { params: refParams, querystring: z.record(z.string(), z.unknown()) } }, async (request, reply) => {
      const ref = request.params.ref;
      const base = await service.planView(ref, { publicOnly: true });
      const filters = progressFilters(request.query, base.organisations, base.statuses.list);
      const v = filters.active ? await service.planView(ref, { publicOnly: true, status: filters.status, organisation: filters.organisation }) : base;
      return reply.view('delivery/views/public/plan.njk', {
        title: `${v.deliveryPlan.title}: ${v.plan.title}`,
        ...v,
        filters,
        annualReportHref: deliveryPaths.publishedAnnualReport(v.deliveryPlan),
        rollupView: rollupDisplay(v.rollup),
        planRollupView: rollupDisplay(v.planRollup),
        priorities: v.priorities.map((p) => ({ ...p, rollupView: rollupDisplay(p.rollup) })),
      });
    });

    // The annual report, once the elected head has published it: HTML, Word and PDF.
    app.get('/delivery/:ref/annual-report', { schema: { params: refParams } }, async (request, reply) => {
      const r = await service.annualReport(request.params.ref, { publicOnly: true });
      return reply.view('delivery/views/public/annual.njk', publicAnnualReportPage(r, annualReportDocument(r)));
    });
    for (const format of ['docx', 'pdf'] as const) {
      app.get(`/delivery/:ref/annual-report.${format}`, { schema: { params: refParams } }, async (request, reply) => {
        const r = await service.annualReport(request.params.ref, { publicOnly: true });
        return sendDocument(reply, annualReportDocument(r), format, `${r.deliveryPlan.reference}-annual-report`);
      });
    }

    app.get('/delivery/:ref/priorities/:priority', { schema: { params: z.object({ ref: z.string(), priority: z.string() }) } }, async (request, reply) => {
      const { ref, priority } = request.params;
      const v = await service.planView(ref, { publicOnly: true });
      const p = v.priorities.find((x) => x.reference === priority);
      if (!p) throw notFound();
      return reply.view('delivery/views/public/priority.njk', {
        title: `${p.title}: ${v.deliveryPlan.title}`,
        deliveryPlan: v.deliveryPlan,
        plan: v.plan,
        priority: { ...p, rollupView: rollupDisplay(p.rollup), commitments: p.commitments.map((c) => ({ ...c, rollupView: rollupDisplay(c.rollup) })) },
      });
    });

    app.get('/delivery/:ref/actions/:action', { schema: { params: z.object({ ref: z.string(), action: z.string() }) } }, async (request, reply) => {
      const { ref, action } = request.params;
      const found = await service.getPublicActionByReference(ref, action);
      if (!found) throw notFound();
      return reply.view('delivery/views/public/action.njk', { title: `${found.action.reference}: ${found.action.title}`, ...found });
    });
  };
}
