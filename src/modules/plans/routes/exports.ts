import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requirePermission } from '../../../platform/auth.js';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import { idParams, typedRoutes } from '../../../platform/typedRoutes.js';

const refParams = z.object({ ref: z.string() });
import { DOCX_CONTENT_TYPE, docxFileName, planDocxBuffer } from '../export/planDocx.js';
import { planTreeJson } from '../export/planJson.js';
import { PDF_CONTENT_TYPE, pdfFileName, planPdfBuffer } from '../export/planPdf.js';
import { publicLineage } from '../presenters/publicPlans.js';
import type { PlanTree } from '../plansRepository.js';
import { plansPermissions } from '../plansPermissions.js';
import type { PlansService } from '../plansService.js';
import { dispositionOf } from '../../../platform/download.js';

/**
 * Plan documents: the Word document and JSON of a public plan for anyone, and the Word document
 * of any version (drafts included) for staff allowed `plan:export`.
 */
export function exportRoutes(platform: Platform, service: PlansService) {
  async function documentContext(tree: PlanTree) {
    const [area, publicPlans] = await Promise.all([platform.settings.getArea(), service.listPublic()]);
    return {
      bodyName: area.bodyName,
      areaName: area.areaName,
      scrutinyBodyName: area.scrutinyBodyName,
      generatedAt: new Date(),
      lineage: publicLineage(tree, publicPlans),
    };
  }

  async function sendDocx(reply: FastifyReply, tree: PlanTree) {
    const buffer = await planDocxBuffer(tree, await documentContext(tree));
    return reply
      .type(DOCX_CONTENT_TYPE)
      .header('content-disposition', dispositionOf(docxFileName(tree.reference)))
      .header('cache-control', 'no-store')
      .send(buffer);
  }

  async function sendPdf(reply: FastifyReply, tree: PlanTree) {
    const buffer = await planPdfBuffer(tree, await documentContext(tree));
    return reply
      .type(PDF_CONTENT_TYPE)
      .header('content-disposition', `attachment; filename="${pdfFileName(tree.reference)}"`)
      .header('cache-control', 'no-store')
      .send(buffer);
  }

  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    app.get('/plans/:ref/plan.docx', { schema: { params: refParams } }, async (request, reply) => {
      const tree = await service.getPublicTree(request.params.ref);
      if (!tree) throw notFound();
      return sendDocx(reply, tree);
    });

    app.get('/plans/:ref/plan.pdf', { schema: { params: refParams } }, async (request, reply) => {
      const tree = await service.getPublicTree(request.params.ref);
      if (!tree) throw notFound();
      return sendPdf(reply, tree);
    });

    app.get(
      '/admin/plans/:id/export.pdf',
      { preHandler: requirePermission((r) => plansPermissions.can(r, 'plan:export')), schema: { params: idParams } },
      async (request, reply) => {
        const { id } = request.params;
        const tree = (await service.getTree(id)) ?? (await service.getTreeByReference(id));
        if (!tree) throw notFound('No such plan');
        return sendPdf(reply, tree);
      },
    );

    app.get('/plans/:ref/plan.json', { schema: { params: refParams } }, async (request, reply) => {
      const tree = await service.getPublicTree(request.params.ref);
      if (!tree) throw notFound();
      const body = { data: planTreeJson(tree, await service.listPublic(), platform.config.baseUrl) };
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', dispositionOf(docxFileName(tree.reference).replace(/\.docx$/, '.json'), { inline: true }))
        .send(JSON.stringify(body, null, 2));
    });

    app.get(
      '/admin/plans/:id/export.docx',
      { preHandler: requirePermission((r) => plansPermissions.can(r, 'plan:export')), schema: { params: idParams } },
      async (request, reply) => {
        const { id } = request.params;
        const tree = (await service.getTree(id)) ?? (await service.getTreeByReference(id));
        if (!tree) throw notFound('No such plan');
        return sendDocx(reply, tree);
      },
    );
  };
}
