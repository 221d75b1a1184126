import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyRateLimit from '@fastify/rate-limit';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import { PostgresSessionStore } from './sessionStore.js';
import { postgresRateLimitStore } from './rateLimitStore.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrfFieldOf = (v: unknown): unknown => (v && typeof v === 'object' && '_csrf' in v ? v._csrf : undefined);

/** Reads the CSRF token from a form field, a multipart field, the query string or a header. */
function csrfTokenOf(request: FastifyRequest): string | undefined {
  const field = csrfFieldOf(request.body);
  if (typeof field === 'string') return field;
  if (field && typeof field === 'object' && 'value' in field) return String(field.value);
  const q = csrfFieldOf(request.query);
  if (typeof q === 'string') return q;
  const h = request.headers['x-csrf-token'];
  return typeof h === 'string' ? h : undefined;
}

/**
 * Security headers (a CSP that allows no inline script), cookies, sessions in Postgres, CSRF on
 * every state-changing request, and the rate-limit plugin (applied per route).
 */
export async function registerSecurity(app: FastifyInstance, config: Config, database: Database) {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Inline style attributes only (server-rendered SVG charts use presentation styles).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(fastifySession, {
    secret: config.sessionSecret,
    cookieName: 'openpcc.sid',
    saveUninitialized: false,
    rolling: true,
    store: new PostgresSessionStore(database, (err) => app.log.error({ err }, 'a request failed inside the session store callback')),
    cookie: { secure: config.secureCookies, httpOnly: true, sameSite: 'lax', maxAge: 8 * 60 * 60 * 1000, path: '/' },
  });
  await app.register(fastifyCsrf, {
    cookieKey: 'openpcc.csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' },
    getToken: csrfTokenOf,
  });
  // On PostgreSQL the counts are in the database, shared by every app process (rateLimitStore.ts).
  await app.register(fastifyRateLimit, { global: false, ...(database.pool ? { store: postgresRateLimitStore(database) } : {}) });

  // CSRF on every state-changing request, whatever module registered the route.
  app.addHook('preHandler', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done();
    // Only routes that carry their own proof (one-click unsubscribe: an HMAC in the address, RFC 8058).
    if (request.routeOptions.config?.csrf === false) return done();
    app.csrfProtection(request, reply, done);
  });
}
