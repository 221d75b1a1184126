import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { randomUUID } from 'node:crypto';
import { qs } from './platform/qs.js';
import type { Config } from './config.js';
import type { Database } from './db/index.js';
import { ping } from './db/index.js';
import { ROOT_DIR } from './db/migrate.js';
import { loadUser } from './platform/auth.js';
import type { AppModule, NavItem, Platform } from './platform/context.js';
import { buildValidator } from './platform/typedRoutes.js';
import { registerErrorHandlers } from './platform/errors.js';
import { identityRoutes } from './platform/identity/routes.js';
import { identityPermissions } from './platform/identity/identityPermissions.js';
import { createPlatform } from './platform/index.js';
import { registerSafetyNets } from './platform/safety.js';
import { collectTasks, taskCountCache } from './platform/tasks/collect.js';
import { taskUserOf, tasksRoutes } from './platform/tasks/routes.js';
import { subscriptionRoutes } from './platform/tasks/subscriptionRoutes.js';
import { registerSecurity } from './platform/security.js';
import { registerViews } from './platform/views.js';
import { createModules } from './modules/index.js';

/** Whether the request carries a session cookie (of a signed-in person, or a visitor's form in progress). */
const hasSessionCookie = (cookie: string | undefined) => !!cookie && /(?:^|;\s*)openpcc\.sid=/.test(cookie);

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export interface AppDeps {
  config: Config;
  database: Database;
  platform?: Platform;
}

export interface BuiltApp {
  app: FastifyInstance;
  /** Every route registered (method and URL pattern), e.g. for tests that visit them all. */
  routes: { method: string; url: string }[];
  platform: Platform;
  modules: AppModule[];
}

/**
 * Builds the whole application as one ordered list of concerns: request ids and logs, security
 * (headers, sessions, CSRF), body parsing, static assets, views, the API description, the
 * signed-in person, health, identity, then every module, then 404 and errors.
 */
export async function buildApp({ config, database, platform: given }: AppDeps): Promise<BuiltApp> {
  const platform = given ?? createPlatform(config, database);
  const modules = createModules(platform);

  const app = Fastify({
    loggerInstance: platform.logger,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    requestIdHeader: false,
    // A hop count trusts that many proxies nearest the server (as Fastify does for a number).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { querystringParser: (s: string) => qs(s) },
    // Zod schemas type and check the HTML routes; the API's JSON Schemas still go to Ajv (typedRoutes.ts).
    schemaController: { compilersFactory: { buildValidator } },
  });
  const routes: BuiltApp['routes'] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });
  app.decorateRequest('user', null);
  app.decorateRequest('actor', null, []);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerSafetyNets(app);

  // A visitor with no session cookie is anonymous with no message waiting: a kept page is sent
  // with the headers it was first sent with (security headers included), before any security
  // header is worked out again or a session made up for them (most of what answering costs then).
  app.addHook('onRequest', async (request, reply) => {
    if (hasSessionCookie(request.headers.cookie)) return;
    if (await platform.pageCache.serve(request, reply)) return reply;
  });
  await registerSecurity(app, config, database);
  // After the session and cookie hooks, so it sees the cookies a response sets (pageCache.ts).
  platform.pageCache.register(app);
  await app.register(fastifyFormbody, { parser: (s: string) => qs(s) });
  // Small defaults: each upload route reads its parts with its own limits (readFiles, readUpload).
  await app.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 100, parts: 110 } });
  await app.register(fastifyStatic, {
    root: join(ROOT_DIR, 'public', 'build'),
    prefix: '/assets/',
    maxAge: config.env === 'production' ? '1d' : 0,
  });
  await registerViews(app, { cache: config.env === 'production' });
  // Before any route: Fastify gives each plugin the error handler in force when it is created.
  registerErrorHandlers(app);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpenPCC API',
        version: '1.0.0',
        description:
          'Read-only open data of the plan cycle: the plans, their delivery, measures, consultations, scrutiny and resources. Errors are application/problem+json (RFC 9457).',
      },
      servers: [{ url: config.baseUrl }],
    },
    hideUntagged: true,
  });

  const staffNav = (): NavItem[] => [
    { text: 'Your tasks', href: '/admin', exact: true, countOf: '*' },
    ...modules.flatMap((m) => (m.staffNav ?? []).map((n, i) => (i === 0 ? { ...n, countOf: m.name } : n))),
    { text: 'Accounts', more: true, href: '/admin/users', visible: (r) => identityPermissions.can(r, 'users:manage') },
    { text: 'Settings', more: true, href: '/admin/settings', visible: (r) => identityPermissions.can(r, 'settings:manage') },
    { text: 'Sign-in settings', more: true, href: '/admin/security', visible: (r) => identityPermissions.can(r, 'security:manage') },
    { text: 'Audit log', more: true, href: '/admin/audit', visible: (r) => identityPermissions.can(r, 'audit:browse') },
    { text: 'Outbox', more: true, href: '/admin/outbox', visible: (r) => identityPermissions.can(r, 'outbox:read') },
  ];
  const publicNav = (): NavItem[] => modules.flatMap((m) => m.publicNav ?? []);

  // What waits for each person (the staff home), counted for the navigation.
  const taskCounts = taskCountCache((user) => collectTasks(modules, user, platform.clock.now(), platform.logger));

  // The signed-in person, then what every page needs: settings wording, navigation, CSRF token.
  const userHook = loadUser(platform.users);
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/assets/')) return;
    await userHook.call(app, request, reply);
    if (request.url.startsWith('/api/') || request.url === '/health') return;
    // An anonymous visitor's public page, as drawn for everyone since the data last changed.
    if (await platform.pageCache.serve(request, reply)) return reply;
    const area = await platform.settings.getArea({ fresh: platform.pageCache.drawingToKeep(request) });
    const path = request.url.split('?')[0];
    const flash = request.session?.flash;
    if (flash) {
      request.session.flash = undefined;
      platform.pageCache.personal(request);
    }
    let csrfToken: string | undefined;
    const staffArea = path.startsWith('/admin') || path.startsWith('/account');
    const taskUser = staffArea ? taskUserOf(request) : null;
    const counts = taskUser ? await taskCounts.get(taskUser) : undefined;
    const countOf = (n: NavItem) => (n.countOf && counts ? (n.countOf === '*' ? counts.total : (counts.counts[n.countOf] ?? 0)) : 0);
    const mark = (items: NavItem[]) =>
      items
        .filter((n) => !n.visible || n.visible(request.actor.role))
        .map((n) => ({
          text: countOf(n) ? `${n.text} (${countOf(n)})` : n.text,
          href: n.href,
          more: n.more ?? false,
          active: path === n.href || (!n.exact && path.startsWith(`${n.href}/`)),
        }));
    reply.locals = {
      ...(reply.locals ?? {}),
      area,
      currentUser: request.user,
      currentPath: path,
      staffArea,
      staffNavigation: request.user ? mark(staffNav()) : [],
      publicNavigation: mark(publicNav()),
      demoLoading: platform.demoStatus.state === 'loading' ? { ...platform.demoStatus } : null,
      // Made only when a page that has a form is sent, once per request (pageCache.ts): a
      // redirect or a page without a form needs none, and sets no cookie.
      get csrfToken() {
        return platform.pageCache.csrfToken(request, () => (csrfToken ??= reply.generateCsrf()));
      },
      flash,
    };
  });

  app.get('/health', async (_request, reply) => {
    let database_ = 'ok';
    try {
      if (!(await ping(database))) database_ = 'failing';
    } catch {
      database_ = 'failing';
    }
    const ok = database_ === 'ok';
    return reply.status(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'error',
      database: database_,
      databaseKind: database.kind,
      // "loading" while the first start's demo data goes in (demo.ts); "none" when no load ran here.
      demo: platform.demoStatus.state,
      uptimeSeconds: Math.round(process.uptime()),
    });
  });

  app.get('/api/v1/openapi.json', async () => app.swagger());

  await app.register(identityRoutes(platform, Object.assign({}, ...modules.map((m) => m.history ?? {}))));
  await app.register(tasksRoutes(platform, modules, staffNav, { forget: (id) => taskCounts.forget(id) }));
  await app.register(subscriptionRoutes(platform));
  for (const m of modules) await app.register(async (scope) => m.routes(scope));
  return { app, routes, platform, modules };
}
