import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { awardsPresenter } from '../presenters/resourcesPresenters.js';
import type { ResourcesService } from '../resourcesService.js';
import { CONTRACT_THRESHOLD_PENCE, SPENDING_THRESHOLD_PENCE } from './shared.js';

/** Open data of resources. Money is given in pence (integers) to avoid rounding. */
export function apiRoutes(_platform: Platform, service: ResourcesService) {
  return async function (app: FastifyInstance) {
    const tags = ['resources'];
    app.get('/api/v1/resources/spending', { schema: { tags, summary: 'Spending of £500 or more (amounts in pence)' } }, async () => {
      const list = await service.listSpending(SPENDING_THRESHOLD_PENCE);
      return {
        data: list.map((s) => ({
          reference: s.reference,
          paidOn: s.paidOn,
          supplier: s.supplier,
          description: s.description,
          category: s.category,
          amountPence: s.amountPence,
        })),
      };
    });
    app.get(
      '/api/v1/resources/contracts',
      { schema: { tags, summary: 'Contracts and commissioned services worth £10,000 or more (values in pence)' } },
      async () => {
        const list = await service.listContracts(CONTRACT_THRESHOLD_PENCE);
        return {
          data: list.map((c) => ({
            reference: c.reference,
            provider: c.provider,
            service: c.service,
            valuePence: c.valuePence,
            startDate: c.startDate,
            endDate: c.endDate,
            fundingSource: c.fundingSource,
            livingWage: c.livingWage,
            planReference: c.planReference,
            priorities: c.priorities.map((p) => ({ reference: p.reference, title: p.title })),
          })),
        };
      },
    );
    app.get('/api/v1/resources/grants', { schema: { tags, summary: 'Grants awarded (amounts in pence), with totals' } }, async () => {
      const list = await service.publicAwards();
      const s = awardsPresenter(list);
      return {
        meta: { count: s.count, totalPence: list.reduce((t, a) => t + a.amountPence, 0) },
        data: list.map((a) => ({
          fund: a.fundName,
          round: a.roundTitle,
          recipient: a.recipient,
          project: a.project,
          area: a.area,
          amountPence: a.amountPence,
          awardedOn: a.awardedOn,
        })),
      };
    });
    app.get(
      '/api/v1/resources/workforce',
      { schema: { tags, summary: 'Workforce full-time equivalents by financial year and category, and targets' } },
      async () => {
        const [figures, targets] = await Promise.all([service.listWorkforceFigures(), service.listWorkforceTargets()]);
        return {
          data: figures.map((f) => ({ financialYear: f.financialYear, category: f.category, kind: f.kind, fte: f.fte, source: f.source })),
          targets: targets.map((t) => ({
            category: t.category,
            label: t.label,
            targetFte: t.targetFte,
            byYear: t.byYear,
            commitment: t.commitment ? { plan: t.commitment.planReference, reference: t.commitment.reference, title: t.commitment.title } : null,
          })),
        };
      },
    );
    app.get(
      '/api/v1/resources/finance',
      { schema: { tags, summary: 'The financial plan: funding and spending lines by financial year (pence)' } },
      async () => {
        const lines = await service.listFinanceLines();
        return {
          data: lines.map((l) => ({
            financialYear: l.financialYear,
            kind: l.kind,
            category: l.category,
            label: l.label,
            forecastPence: l.forecastPence,
            actualPence: l.actualPence,
            plan: l.planReference,
            priority: l.priorityReference,
            note: l.note,
          })),
        };
      },
    );
  };
}
