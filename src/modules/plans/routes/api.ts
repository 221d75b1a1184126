import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import type { PlansService } from '../plansService.js';

export function apiRoutes(_platform: Platform, service: PlansService) {
  return async function (app: FastifyInstance) {
    app.get('/api/v1/plans', { schema: { tags: ['plans'], summary: 'Published and superseded plans' } }, async () => {
      const plans = await service.listPublic();
      return { data: plans.map((p) => ({ id: p.id, reference: p.reference, title: p.title, status: p.status, termStart: p.termStart, termEnd: p.termEnd, version: p.version })) };
    });
    app.get('/api/v1/plans/:id', { schema: { tags: ['plans'], summary: 'One plan with its whole tree' } }, async (request) => {
      const tree = await service.getPublicTree((request.params as { id: string }).id);
      if (!tree) throw notFound('No published plan with this id or reference');
      return { data: tree };
    });
  };
}
