import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import { typedRoutes } from '../../../platform/typedRoutes.js';
import type { PerformanceService } from '../performanceService.js';
import { GENERAL_METHOD, measurePage } from '../presenters/measure.js';
import { areaChoiceItems, areaMatches, comparePage, dashboardPage, yourAreaPage } from '../presenters/pages.js';

const refParams = z.object({ ref: z.string() });
/** A query parameter as sent: once, several times, or not at all. */
const textOrList = z.union([z.string(), z.array(z.string())]).optional();

/** The public dashboards: every page works without JavaScript. */
export function publicRoutes(platform: Platform, service: PerformanceService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    // Dashboards are kept as HTML until the data they show changes (platform.pageCache).
    const page = platform.pageCache;

    app.get('/performance', async (request, reply) =>
      page.view(request, reply, 'performance/views/public/dashboard.njk', async () => {
        const d = await service.dashboard({ publicOnly: true });
        return { title: 'How we are doing', ...dashboardPage(d), base: '/performance' };
      }),
    );

    app.get('/performance/priorities/:ref', { schema: { params: refParams } }, async (request, reply) =>
      page.view(request, reply, 'performance/views/public/priority.njk', async () => {
        const d = await service.dashboard({ publicOnly: true });
        const g = d.groups.find((x) => x.priority.reference === request.params.ref);
        if (!g) throw notFound();
        const measures = g.measures.map((v) => measurePage(v));
        return { title: g.priority.title, priority: g.priority, plan: d.plan, measures, method: GENERAL_METHOD, base: '/performance' };
      }),
    );

    app.get('/performance/measures/:ref', { schema: { params: refParams } }, async (request, reply) =>
      page.view(request, reply, 'performance/views/public/measure.njk', async () => {
        const v = await service.measureView(request.params.ref, { publicOnly: true });
        return { title: v.measure.name, ...measurePage(v, await service.categoryNames()), v, base: '/performance' };
      }),
    );

    app.get('/your-area', { schema: { querystring: z.object({ area: textOrList, q: textOrList }).passthrough() } }, async (request, reply) => {
      const q = request.query;
      const code = typeof q.area === 'string' && /^[A-Z]\d{8}$/.test(q.area) ? q.area : undefined;
      const choices = await service.areaChoices();
      const items = areaChoiceItems(choices, code);
      const form = (status: number, data: Record<string, unknown>) =>
        reply.status(status).view('performance/views/public/your-area.njk', { title: 'Your area', items, ...data });
      // A postcode or a place name: straight to its area, a choice of areas, or a clear message.
      if (typeof q.q === 'string' || Array.isArray(q.q)) {
        const text = (Array.isArray(q.q) ? q.q.join(' ') : q.q).slice(0, 200);
        const found = await service.findArea(text);
        if (found.kind === 'area') return reply.redirect(`/your-area?area=${found.code}`, 303);
        if (found.kind === 'choices') return form(200, { query: text, matches: areaMatches(found.areas, choices) });
        return form(400, { query: text, errors: [{ field: 'q', message: found.message }] });
      }
      if (!code) {
        const errors = q.area !== undefined ? [{ field: 'area', message: 'Choose a local authority or a ward' }] : undefined;
        return form(errors ? 400 : 200, { errors });
      }
      if (![...choices.lads, ...choices.wards].some((x) => x.code === code)) {
        return form(404, { errors: [{ field: 'area', message: 'Choose a local authority or a ward from the list' }] });
      }
      return page.view(request, reply, 'performance/views/public/your-area.njk', async () => {
        const a = await service.yourArea(code);
        if (!a) throw notFound();
        return { title: `Crime in ${a.area.name}`, items, page: yourAreaPage(a) };
      });
    });

    app.get('/performance/compare', { schema: { querystring: z.object({ force: textOrList, group: textOrList }).passthrough() } }, async (request, reply) =>
      page.view(request, reply, 'performance/views/public/compare.njk', async () => {
        const q = request.query;
        const group = q.group === 'similar' ? 'similar' : 'own';
        const available = await service.forcesWithData();
        const own = (await platform.settings.getArea()).forceId;
        let chosen = (Array.isArray(q.force) ? q.force : q.force ? [q.force] : []).filter((f) => available.some((a) => a.id === f));
        if (group === 'similar') chosen = [own, ...(await service.similarForces(own))].filter((id) => available.some((a) => a.id === id));
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
          group,
          groupItems: [
            { value: 'own', text: 'The forces I tick below', checked: group === 'own' },
            {
              value: 'similar',
              text: 'The forces most like ours, by population and mix of crimes',
              hint: { text: 'Only forces with a population figure can be matched' },
              checked: group === 'similar',
            },
          ],
          similarNone: group === 'similar' && chosen.length <= 1,
          items: available.map((f) => ({ value: f.id, text: f.name, checked: chosen.includes(f.id) })),
          page: c ? comparePage(c) : null,
        };
      }),
    );
  };
}
