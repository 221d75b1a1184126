import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildValidator, formBody, idParams, queryOf, typedRoutes } from './typedRoutes.js';

async function appWithRoutes() {
  const app = Fastify({ schemaController: { compilersFactory: { buildValidator } } });
  await app.register(async (scope) => {
    const r = typedRoutes(scope);
    r.get('/things/:id', { schema: { params: idParams, querystring: queryOf('year') } }, async (request) => ({
      id: request.params.id.toUpperCase(),
      year: request.query.year ?? null,
    }));
    r.post('/things', { schema: { body: formBody } }, async (request) => ({ title: request.body.title ?? null }));
    r.post('/numbers', { schema: { body: z.object({ n: z.coerce.number().int() }) } }, async (request) => ({ twice: request.body.n * 2 }));
    // A JSON Schema beside them still goes to Ajv.
    r.get('/json/:n', { schema: { params: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } }, async (request) => ({
      params: request.params,
    }));
  });
  return app;
}

describe('typed routes', () => {
  it('types and checks params, query and body from zod schemas', async () => {
    const app = await appWithRoutes();
    expect((await app.inject('/things/abc?year=2025&year=2026')).json()).toEqual({ id: 'ABC', year: '2025' });
    expect((await app.inject({ method: 'POST', url: '/things', payload: { title: 'T' } })).json()).toEqual({ title: 'T' });
    expect((await app.inject({ method: 'POST', url: '/numbers', payload: { n: '21' } })).json()).toEqual({ twice: 42 });
    const bad = await app.inject({ method: 'POST', url: '/numbers', payload: { n: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^body\.n:/);
  });
  it('leaves JSON Schemas to Ajv', async () => {
    const app = await appWithRoutes();
    expect((await app.inject('/json/7')).json()).toEqual({ params: { n: 7 } });
    expect((await app.inject('/json/seven')).statusCode).toBe(400);
  });
});
