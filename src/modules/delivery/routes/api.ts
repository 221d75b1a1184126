import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import type { DeliveryService } from '../deliveryService.js';
import { ROLLUP_FORMULA } from '../rollup.js';
import { STATUSES } from '../statuses.js';

const rollupSchema = {
  type: 'object',
  properties: {
    value: { type: ['number', 'null'], description: 'Weighted mean progress (%), null when there are no actions' },
    count: { type: 'integer' },
    totalWeight: { type: 'number' },
    weighted: { type: 'boolean' },
    working: { type: 'string', description: 'The sum written out' },
  },
} as const;

const actionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    reference: { type: 'string' },
    title: { type: 'string' },
    description: { type: ['string', 'null'] },
    status: { type: 'string', enum: STATUSES.map((s) => s.key) },
    statusLabel: { type: 'string' },
    rag: { type: 'string', enum: ['red', 'amber', 'green', 'blue', 'grey'] },
    progress: { type: 'integer', minimum: 0, maximum: 100 },
    startDate: { type: ['string', 'null'], format: 'date' },
    dueDate: { type: ['string', 'null'], format: 'date' },
    leadOrganisation: { type: ['string', 'null'] },
    weight: { type: ['number', 'null'] },
    areaCodes: { type: 'array', items: { type: 'string' } },
    priorityId: { type: 'string', format: 'uuid' },
    priorityReference: { type: 'string' },
    priorityTitle: { type: 'string' },
    commitmentId: { type: ['string', 'null'] },
    commitmentReference: { type: ['string', 'null'] },
    deliveryPlanReference: { type: 'string' },
    planReference: { type: 'string' },
    url: { type: 'string' },
  },
} as const;

const updateSchema = {
  type: 'object',
  properties: {
    reference: { type: 'string' },
    asOf: { type: 'string', format: 'date' },
    periodKey: { type: 'string' },
    narrative: { type: 'string' },
    status: { type: 'string' },
    progress: { type: 'integer' },
    evidenceLinks: { type: 'array', items: { type: 'string' } },
    files: { type: 'array', items: { type: 'object', properties: { filename: { type: 'string' }, url: { type: 'string' }, size: { type: 'integer' } } } },
  },
} as const;

export function apiRoutes(_platform: Platform, service: DeliveryService) {
  return async function (app: FastifyInstance) {
    app.get(
      '/api/v1/delivery/plans',
      {
        schema: {
          tags: ['delivery'],
          summary: 'Delivery plans of published plans, with their overall progress',
          response: {
            200: {
              type: 'object',
              properties: {
                formula: { type: 'string' },
                data: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      reference: { type: 'string' },
                      title: { type: 'string' },
                      planReference: { type: 'string' },
                      yearStart: { type: 'string', format: 'date' },
                      yearEnd: { type: 'string', format: 'date' },
                      actionCount: { type: 'integer' },
                      rollup: rollupSchema,
                    },
                  },
                },
              },
            },
          },
        },
      },
      async () => {
        const list = await service.listPlans({ publicOnly: true });
        return {
          formula: ROLLUP_FORMULA,
          data: list.map((p) => ({
            reference: p.reference,
            title: p.title,
            planReference: p.plan.reference,
            yearStart: p.yearStart,
            yearEnd: p.yearEnd,
            actionCount: p.actionCount,
            rollup: p.rollup,
          })),
        };
      },
    );

    app.get<{ Params: { reference: string } }>(
      '/api/v1/delivery/plans/:reference',
      {
        schema: {
          tags: ['delivery'],
          summary: 'One delivery plan: progress per priority and commitment, and its actions',
          params: { type: 'object', properties: { reference: { type: 'string' } }, required: ['reference'] },
          response: {
            200: {
              type: 'object',
              properties: {
                formula: { type: 'string' },
                data: {
                  type: 'object',
                  properties: {
                    reference: { type: 'string' },
                    title: { type: 'string' },
                    planReference: { type: 'string' },
                    yearStart: { type: 'string' },
                    yearEnd: { type: 'string' },
                    rollup: rollupSchema,
                    priorities: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          reference: { type: 'string' },
                          title: { type: 'string' },
                          rollup: rollupSchema,
                          commitments: {
                            type: 'array',
                            items: { type: 'object', properties: { reference: { type: 'string' }, title: { type: 'string' }, rollup: rollupSchema } },
                          },
                        },
                      },
                    },
                    actions: { type: 'array', items: actionSchema },
                  },
                },
              },
            },
          },
        },
      },
      async (request) => {
        const { reference } = request.params;
        const v = await service.planView(reference, { publicOnly: true });
        const actions = (await service.listPublicActions()).filter((a) => a.deliveryPlanReference === v.deliveryPlan.reference);
        return {
          formula: ROLLUP_FORMULA,
          data: {
            reference: v.deliveryPlan.reference,
            title: v.deliveryPlan.title,
            planReference: v.plan.reference,
            yearStart: v.deliveryPlan.yearStart,
            yearEnd: v.deliveryPlan.yearEnd,
            rollup: v.rollup,
            priorities: v.priorities.map((p) => ({
              reference: p.reference,
              title: p.title,
              rollup: p.rollup,
              commitments: p.commitments.map((c) => ({ reference: c.reference, title: c.title, rollup: c.rollup })),
            })),
            actions,
          },
        };
      },
    );

    app.get<{ Querystring: { priorityId?: string; commitmentId?: string; status?: string; organisation?: string; areaCode?: string } }>(
      '/api/v1/delivery/actions',
      {
        schema: {
          tags: ['delivery'],
          summary: 'Public actions, filtered by priority, commitment, status or lead organisation',
          querystring: {
            type: 'object',
            properties: {
              priorityId: { type: 'string', format: 'uuid' },
              commitmentId: { type: 'string', format: 'uuid' },
              status: { type: 'string' },
              organisation: { type: 'string' },
              areaCode: { type: 'string', pattern: '^[EWSN][0-9]{8}$' },
            },
          },
          response: { 200: { type: 'object', properties: { data: { type: 'array', items: actionSchema } } } },
        },
      },
      async (request) => {
        const q = request.query;
        const data = q.areaCode ? await service.actionsForArea(q.areaCode) : await service.listPublicActions(q);
        return { data };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/api/v1/delivery/actions/:id',
      {
        schema: {
          tags: ['delivery'],
          summary: 'One public action with its approved updates',
          params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] },
          response: {
            200: {
              type: 'object',
              properties: { data: { type: 'object', properties: { action: actionSchema, updates: { type: 'array', items: updateSchema } } } },
            },
          },
        },
      },
      async (request) => {
        const { id } = request.params;
        const found = await service.getAction(id, { publicOnly: true });
        const [pub] = found ? (await service.listPublicActions({ priorityId: found.action.priorityId })).filter((a) => a.id === id) : [];
        if (!found || !pub) throw notFound('No public action with this id');
        return {
          data: {
            action: pub,
            updates: found.updates.map((u) => ({ ...u, files: u.files.map((f) => ({ filename: f.filename, size: f.size, url: `/delivery/files/${f.id}` })) })),
          },
        };
      },
    );

    app.get(
      '/api/v1/delivery/actions.csv',
      {
        schema: { tags: ['delivery'], summary: 'Every public action as CSV', produces: ['text/csv'] },
      },
      async (_request, reply) => {
        return reply.header('content-type', 'text/csv; charset=utf-8').send(await service.publicActionsCsv());
      },
    );
  };
}
