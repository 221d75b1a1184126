import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { formatPounds } from '../money.js';
import { contractRow, financePresenter, workforcePresenter } from '../presenters/resourcesPresenters.js';
import { CONTRACT_REMINDER_DAYS, type ResourcesService } from '../resourcesService.js';
import { CONTRACT_THRESHOLD_PENCE, SPENDING_THRESHOLD_PENCE, poundsDecimal, sendCsv } from './shared.js';

export function publicRoutes(platform: Platform, service: ResourcesService) {
  return async function (app: FastifyInstance) {
    app.get('/resources', async (_request, reply) => {
      const [open, awards] = await Promise.all([service.listOpenRounds(), service.publicAwards()]);
      return reply.view('resources/views/public/index.njk', { title: 'Money, people and grants', openRounds: open.length, awardCount: awards.length });
    });

    app.get('/resources/workforce', async (_request, reply) => {
      const [figures, targets] = await Promise.all([service.listWorkforceFigures(), service.listWorkforceTargets()]);
      return reply.view('resources/views/public/workforce.njk', { title: 'Workforce', ...workforcePresenter(figures, targets) });
    });

    app.get('/resources/finance', async (_request, reply) => {
      const lines = await service.listFinanceLines();
      return reply.view('resources/views/public/finance.njk', {
        title: 'Money: the financial plan',
        ...financePresenter(lines, await service.financePriorityTitles(lines)),
      });
    });

    app.get('/resources/contracts', async (_request, reply) => {
      const list = await service.listContracts(CONTRACT_THRESHOLD_PENCE);
      const today = platform.clock.today();
      return reply.view('resources/views/public/contracts.njk', {
        title: 'Contracts and commissioned services over £10,000',
        rows: list.map((c) => ({ ...c, ...contractRow(c, today, CONTRACT_REMINDER_DAYS) })),
      });
    });

    app.get('/resources/spending', async (_request, reply) => {
      const list = await service.listSpending(SPENDING_THRESHOLD_PENCE);
      return reply.view('resources/views/public/spending.njk', {
        title: 'Spending over £500',
        rows: list.map((s) => ({ ...s, amount: formatPounds(s.amountPence) })),
      });
    });

    app.get('/resources/spending.csv', async (_request, reply) => {
      const list = await service.listSpending(SPENDING_THRESHOLD_PENCE);
      return sendCsv(
        reply,
        'spending-over-500.csv',
        ['reference', 'paid_on', 'supplier', 'description', 'category', 'amount_gbp'],
        list.map((s) => [s.reference, s.paidOn, s.supplier, s.description, s.category, poundsDecimal(s.amountPence)]),
      );
    });

    app.get('/resources/contracts.csv', async (_request, reply) => {
      const list = await service.listContracts(CONTRACT_THRESHOLD_PENCE);
      return sendCsv(
        reply,
        'contracts-over-10000.csv',
        ['reference', 'provider', 'service', 'value_gbp', 'start_date', 'end_date', 'funding_source', 'living_wage', 'plan', 'priorities'],
        list.map((c) => [
          c.reference,
          c.provider,
          c.service,
          poundsDecimal(c.valuePence),
          c.startDate,
          c.endDate,
          c.fundingSource,
          c.livingWage,
          c.planReference ?? '',
          c.priorityReferences.join(' '),
        ]),
      );
    });

    app.get('/resources/grants.csv', async (_request, reply) => {
      const list = await service.publicAwards();
      return sendCsv(
        reply,
        'grants-awarded.csv',
        ['fund', 'round', 'recipient', 'project', 'area', 'amount_gbp', 'awarded_on'],
        list.map((a) => [a.fundName, a.roundTitle, a.recipient, a.project, a.area, poundsDecimal(a.amountPence), a.awardedOn]),
      );
    });
  };
}
