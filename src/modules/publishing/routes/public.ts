import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import type { PublishingDeps } from '../deps.js';
import { homePresenter } from '../presenters/home.js';
import { catalogueJson, openDataPresenter } from '../presenters/openData.js';
import { apiReferencePresenter, type OpenApiLike } from '../presenters/apiReference.js';

export function publishingRoutes(platform: Platform, deps: PublishingDeps) {
  return async function (app: FastifyInstance) {
    app.get('/', async (_request, reply) => {
      const current = await deps.plans.current();
      const area = await platform.settings.getArea();
      return reply.view('publishing/views/home.njk', { title: area.bodyName, ...homePresenter(current, deps.catalogue(), deps.plans) });
    });

    app.get('/open-data', async (_request, reply) => {
      const area = await platform.settings.getArea();
      const page = openDataPresenter(deps.catalogue(), await deps.plans.listPublic(), area.bodyName, platform.clock.now().getFullYear(), deps.plans);
      return reply.view('publishing/views/open-data.njk', { title: 'Open data', ...page });
    });

    /** The same catalogue for software: every dataset with absolute links, the licence and attribution. */
    app.get('/open-data/catalogue.json', async (_request, reply) => {
      const area = await platform.settings.getArea();
      const page = openDataPresenter(deps.catalogue(), await deps.plans.listPublic(), area.bodyName, platform.clock.now().getFullYear(), deps.plans);
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(catalogueJson(page, platform.config.baseUrl, area.bodyName), null, 2));
    });

    /** The API reference: the OpenAPI document as a page for people (no scripts), made once. */
    let reference: ReturnType<typeof apiReferencePresenter> | undefined;
    app.get('/api', async (_request, reply) => {
      // Cast: the swagger plugin types its document loosely; the presenter reads only the OpenAPI fields it declares.
      reference ??= apiReferencePresenter(app.swagger() as OpenApiLike);
      return reply.view('publishing/views/api.njk', { title: 'API reference', ...reference });
    });

    app.get('/accessibility', async (_request, reply) => {
      return reply.view('publishing/views/accessibility.njk', { title: 'Accessibility statement', baseUrl: platform.config.baseUrl });
    });
  };
}
