import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import type { PerformanceService } from '../performanceService.js';

export function apiRoutes(_platform: Platform, service: PerformanceService) {
  return async function (app: FastifyInstance) {
    app.get(
      '/api/v1/performance/measures',
      { schema: { tags: ['performance'], summary: 'Public measures with their latest figure, significance and target' } },
      async () => {
        const d = await service.dashboard({ publicOnly: true });
        return {
          data: d.all.map((v) => ({
            reference: v.measure.reference,
            name: v.measure.name,
            unit: v.measure.unit,
            polarity: v.measure.polarity,
            frequency: v.measure.frequency,
            basis: v.series.basis,
            priorities: v.measure.priorityRefs,
            demo: v.measure.isDemo,
            latest: v.evaluation.latest ? { period: v.evaluation.latest.period, value: v.evaluation.latest.value } : null,
            rag: v.evaluation.rag,
            significance: v.evaluation.change
              ? { label: v.evaluation.change.label, pValue: v.evaluation.change.pValue, method: v.evaluation.change.method }
              : null,
            target: v.evaluation.target ?? null,
            series: v.series.points,
          })),
        };
      },
    );
  };
}
