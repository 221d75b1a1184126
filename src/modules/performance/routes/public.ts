import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import type { PerformanceService } from '../performanceService.js';
import { measurePage } from '../presenters/measure.js';
import { areaChoiceItems, comparePage, dashboardPage, yourAreaPage } from '../presenters/pages.js';

/** The public dashboards: every page works without JavaScript. */
export function publicRoutes(platform: Platform, service: PerformanceService) {
  return async function (app: FastifyInstance) {
    app.get('/performance', async (_request, reply) => {
      const d = await service.dashboard({ publicOnly: true });
      return reply.view('performance/views/public/dashboard.njk', { title: 'How we are doing', ...dashboardPage(d), base: '/performance' });
    });

    app.get('/performance/priorities/:ref', async (request, reply) => {
      const d = await service.dashboard({ publicOnly: true });
      const g = d.groups.find((x) => x.priority.reference === (request.params as { ref: string }).ref);
      if (!g) throw notFound();
      const measures = g.measures.map((v) => measurePage(v));
      return reply.view('performance/views/public/priority.njk', { title: g.priority.title, priority: g.priority, plan: d.plan, measures, base: '/performance' });
    });

    app.get('/performance/measures/:ref', async (request, reply) => {
      const v = await service.measureView((request.params as { ref: string }).ref, { publicOnly: true });
      return reply.view('performance/views/public/measure.njk', { title: v.measure.name, ...measurePage(v, await service.categoryNames()), v, base: '/performance' });
    });

    app.get('/your-area', async (request, reply) => {
      const q = request.query as { area?: string };
      const code = typeof q.area === 'string' && /^[A-Z]\d{8}$/.test(q.area) ? q.area : undefined;
      const choices = await service.areaChoices();
      const items = areaChoiceItems(choices, code);
      if (!code) {
        const errors = q.area !== undefined ? [{ field: 'area', message: 'Choose a local authority or a ward' }] : undefined;
        return reply.status(errors ? 400 : 200).view('performance/views/public/your-area.njk', { title: 'Your area', items, errors });
      }
      const a = await service.yourArea(code);
      if (!a) return reply.status(404).view('performance/views/public/your-area.njk', { title: 'Your area', items, errors: [{ field: 'area', message: 'Choose a local authority or a ward from the list' }] });
      return reply.view('performance/views/public/your-area.njk', { title: `Crime in ${a.area.name}`, items, page: yourAreaPage(a) });
    });

    app.get('/performance/compare', async (request, reply) => {
      const q = request.query as { force?: string | string[] };
      const available = await service.forcesWithData();
      const own = (await platform.settings.getArea()).forceId;
      let chosen = (Array.isArray(q.force) ? q.force : q.force ? [q.force] : []).filter((f) => available.some((a) => a.id === f));
      if (!chosen.length) chosen = available.map((f) => f.id).filter((id) => id === own || ['durham', 'northumbria'].includes(id));
      if (chosen.includes(own)) chosen = [own, ...chosen.filter((f) => f !== own)];
      const c = chosen.length ? await service.compare(chosen) : undefined;
      return reply.view('performance/views/public/compare.njk', {
        title: 'Compare police forces',
        items: available.map((f) => ({ value: f.id, text: f.name, checked: chosen.includes(f.id) })),
        page: c ? comparePage(c) : null,
      });
    });
  };
}
