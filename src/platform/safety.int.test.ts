import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';

let db: TestDb;
const apps: FastifyInstance[] = [];

/** The real app with two routes of its own: one setting a header from data, one rate-limited. */
async function appWith(env: Record<string, string> = {}) {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '.tmp/test-data', LOG_LEVEL: 'silent', ...env });
  const { app } = await buildApp({ config, database: db });
  app.get('/test/redirect', async (request, reply) => reply.redirect(String((request.query as { to?: string }).to)));
  app.get('/api/v1/test/header', async (request, reply) => reply.header('x-name', String((request.query as { v?: string }).v)).send({ ok: true }));
  app.get('/test/limited', { config: { rateLimit: { max: 2, timeWindow: '1 minute' } } }, async (request) => ({ ip: request.ip }));
  await app.ready();
  apps.push(app);
  return app;
}

let app: FastifyInstance;
beforeAll(async () => {
  db = await createTestDb();
  app = await appWith();
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await db?.destroy();
});

describe('a header from data', () => {
  it('that Node would refuse becomes a 500 for that request only, and the server keeps answering', async () => {
    const page = await app.inject({ url: `/test/redirect?to=${encodeURIComponent('/€')}` });
    expect(page.statusCode).toBe(500);
    expect(page.headers.location).toBeUndefined();
    expect(page.body).toContain('Sorry, there is a problem with the service');
    const api = await app.inject({ url: `/api/v1/test/header?v=${encodeURIComponent('a\u0001b')}` });
    expect(api.statusCode).toBe(500);
    expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(api.json()).toMatchObject({ status: 500 });
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/test/redirect?to=%2Fplans' })).headers.location).toBe('/plans');
  });
});

describe('a NUL character', () => {
  it.each(['/plans/%00', '/api/v1/plans/%00', '/plans?q=%00', '/api/v1/crime/counts?category=a%00b', '/delivery/%00/actions/x'])(
    'in %s is a 400',
    async (url) => {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(400);
    },
  );

  it('in a form field is a 400, whoever sends it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a%00b%40example.org&password=x',
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('TRUST_PROXY', () => {
  const from = (target: FastifyInstance, forwarded: string) =>
    target.inject({ url: '/test/limited', remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': forwarded } });

  it('off by default: X-Forwarded-For cannot move a client to a new rate-limit bucket', async () => {
    const answers = [await from(app, '198.51.100.1'), await from(app, '198.51.100.2'), await from(app, '198.51.100.3')];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 429]);
    expect(answers[0].json()).toEqual({ ip: '203.0.113.9' });
  });

  it('set to the proxy address: the client is the address that proxy forwarded', async () => {
    const behindProxy = await appWith({ TRUST_PROXY: '203.0.113.9' });
    const answers = [
      await from(behindProxy, '198.51.100.1'),
      await from(behindProxy, '198.51.100.2'),
      await from(behindProxy, '198.51.100.2'),
      await from(behindProxy, '198.51.100.2'),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 429]);
    expect(answers[0].json()).toEqual({ ip: '198.51.100.1' });
    // an address not on the list is not believed
    const spoofed = await behindProxy.inject({ url: '/test/limited', remoteAddress: '192.0.2.7', headers: { 'x-forwarded-for': '198.51.100.50' } });
    expect(spoofed.json()).toEqual({ ip: '192.0.2.7' });
  });
});
