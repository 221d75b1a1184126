import type { FastifyInstance, FastifyReply } from 'fastify';
import { requirePermission } from '../../../platform/auth.js';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import { DOCX_CONTENT_TYPE, docxFileName, planDocxBuffer } from '../export/planDocx.js';
import { planTreeJson } from '../export/planJson.js';
import type { PlanTree } from '../plansRepository.js';
import { plansPermissions } from '../plansPermissions.js';
import type { PlansService } from '../plansService.js';

/**
 * Plan documents: the Word document and JSON of a public plan for anyone, and the Word document
 * of any version (drafts included) for staff allowed `plan:export`.
 */
export function exportRoutes(platform: Platform, service: PlansService) {
  async function sendDocx(reply: FastifyReply, tree: PlanTree) {
    const area = await platform.settings.getArea();
    const buffer = await planDocxBuffer(tree, { bodyName: area.bodyName, areaName: area.areaName, generatedAt: new Date() });
    return reply
      .type(DOCX_CONTENT_TYPE)
      .header('content-disposition', `attachment; filename="${docxFileName(tree.reference)}"`)
      .header('cache-control', 'no-store')
      .send(buffer);
  }

  return async function (app: FastifyInstance) {
    app.get('/plans/:ref/plan.docx', async (request, reply) => {
      const tree = await service.getPublicTree((request.params as { ref: string }).ref);
      if (!tree) throw notFound();
      return sendDocx(reply, tree);
    });

    app.get('/plans/:ref/plan.json', async (request, reply) => {
      const tree = await service.getPublicTree((request.params as { ref: string }).ref);
      if (!tree) throw notFound();
      const body = { data: planTreeJson(tree, await service.listPublic(), platform.config.baseUrl) };
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `inline; filename="${docxFileName(tree.reference).replace(/\.docx$/, '.json')}"`)
        .send(JSON.stringify(body, null, 2));
    });

    app.get('/admin/plans/:id/export.docx', { preHandler: requirePermission((r) => plansPermissions.can(r, 'plan:export')) }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const tree = (await service.getTree(id)) ?? (await service.getTreeByReference(id));
      if (!tree) throw notFound('No such plan');
      return sendDocx(reply, tree);
    });
  };
}
