import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import { planSummaryJson, planSummarySchema, planTreeJson, planTreeSchema, problemSchema } from '../export/planJson.js';
import type { PlansService } from '../plansService.js';

const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: problemSchema } } };

/** The read API of plans: published and superseded plans only; drafts are never listed or found. */
export function apiRoutes(platform: Platform, service: PlansService) {
  const baseUrl = platform.config.baseUrl;
  return async function (app: FastifyInstance) {
    app.get(
      '/api/v1/plans',
      {
        schema: {
          tags: ['plans'],
          summary: 'Published and superseded plans',
          description: 'Every plan the public can read, newest term first, with its version lineage and links to its page, Word document and JSON.',
          response: {
            200: { description: 'The public plans', type: 'object', properties: { data: { type: 'array', items: planSummarySchema } }, required: ['data'] },
          },
        },
      },
      async () => {
        const plans = await service.listPublic();
        return { data: plans.map((p) => planSummaryJson(p, plans, baseUrl)) };
      },
    );

    app.get(
      '/api/v1/plans/:id',
      {
        schema: {
          tags: ['plans'],
          summary: 'One plan with its whole tree',
          description:
            'A published or superseded plan by id or reference: vision, mission, values, outcomes, priorities in order with commitments, force priorities and measures, and sections.',
          params: {
            type: 'object',
            properties: { id: { type: 'string', description: 'The plan’s id (UUID) or reference, e.g. cleveland-2024-29' } },
            required: ['id'],
          },
          response: {
            200: { description: 'The plan', type: 'object', properties: { data: planTreeSchema }, required: ['data'] },
            404: problem,
          },
        },
      },
      async (request) => {
        // Cast: this API route keeps its JSON Schema (it makes the OpenAPI document), which Ajv has checked.
        const tree = await service.getPublicTree((request.params as { id: string }).id);
        if (!tree) throw notFound('No published plan with this id or reference');
        return { data: planTreeJson(tree, await service.listPublic(), baseUrl) };
      },
    );
  };
}
