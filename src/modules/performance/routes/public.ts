import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import type { PerformanceService } from '../performanceService.js';
import { measurePage } from '../presenters/measure.js';
import { areaChoiceItems, comparePage, dashboardPage, yourAreaPage } from '../presenters/pages.js';

/** The public dashboards: every page works without JavaScript. */
export function publicRoutes(platform: Platform, service: PerformanceService) {
  return async function (app: FastifyInstance) {
    // Dashboards are kept as HTML until the data they show changes (platform.pageCache).
    const page = platform.pageCache;

    app.get('/performance', async (request, reply) =>
      page.view(request, reply, 'performance/views/public/dashboard.njk', async () => {
        const d = await service.dashboard({ publicOnly: true });
        return { title: 'How we are doing', ...dashboardPage(d), base: '/performance' };
      }),
    );

    app.get('/performance/priorities/:ref', async (request, reply) =>
      page.view(request, reply, 'performance/views/public/priority.njk', async () => {
        const d = await service.dashboard({ publicOnly: true });
        const g = d.groups.find((x) => x.priority.reference === (request.params as { ref: string }).ref);
        if (!g) throw notFound();
        const measures = g.measures.map((v) => measurePage(v));
        return { title: g.priority.title, priority: g.priority, plan: d.plan, measures, base: '/performance' };
      }),
    );

    app.get('/performance/measures/:ref', async (request, reply) =>
      page.view(request, reply, 'performance/views/public/measure.njk', async () => {
        const v = await service.measureView((request.params as { ref: string }).ref, { publicOnly: true });
        return { title: v.measure.name, ...measurePage(v, await service.categoryNames()), v, base: '/performance' };
      }),
    );

    app.get('/your-area', async (request, reply) => {
      const q = request.query as { area?: string };
      const code = typeof q.area === 'string' && /^[A-Z]\d{8}$/.test(q.area) ? q.area : undefined;
      const choices = await service.areaChoices();
      const items = areaChoiceItems(choices, code);
      if (!code) {
        const errors = q.area !== undefined ? [{ field: 'area', message: 'Choose a local authority or a ward' }] : undefined;
        return reply.status(errors ? 400 : 200).view('performance/views/public/your-area.njk', { title: 'Your area', items, errors });
      }
      if (![...choices.lads, ...choices.wards].some((x) => x.code === code)) {
        return reply.status(404).view('performance/views/public/your-area.njk', {
          title: 'Your area',
          items,
          errors: [{ field: 'area', message: 'Choose a local authority or a ward from the list' }],
        });
      }
      return page.view(request, reply, 'performance/views/public/your-area.njk', async () => {
        const a = await service.yourArea(code);
        if (!a) throw notFound();
        return { title: `Crime in ${a.area.name}`, items, page: yourAreaPage(a) };
      });
    });

    app.get('/performance/compare', async (request, reply) =>
      page.view(request, reply, 'performance/views/public/compare.njk', async () => {
        const q = request.query as { force?: string | string[] };
        const available = await service.forcesWithData();
        const own = (await platform.settings.getArea()).forceId;
        let chosen = (Array.isArray(q.force) ? q.force : q.force ? [q.force] : []).filter((f) => available.some((a) => a.id === f));
        // By default: this area's force and up to five other territorial forces (those with a
        // police force area) that have the most months of data, so the months in common are most.
        if (!chosen.length) {
          const others = available.filter((f) => f.id !== own && f.code);
          const most = Math.max(0, ...others.map((f) => f.months));
          const peers = others
            .filter((f) => f.months === most)
            .sort((a, b) => a.name.localeCompare(b.name))
            .slice(0, 5);
          chosen = [own, ...peers.map((f) => f.id)].filter((id) => available.some((a) => a.id === id));
        }
        if (chosen.includes(own)) chosen = [own, ...chosen.filter((f) => f !== own)];
        const c = chosen.length ? await service.compare(chosen) : undefined;
        return {
          title: 'Compare police forces',
          items: available.map((f) => ({ value: f.id, text: f.name, checked: chosen.includes(f.id) })),
          page: c ? comparePage(c) : null,
        };
      }),
    );
  };
}
