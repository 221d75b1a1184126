import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.js';
import { createPageCache, revisionWatch, type PageCache } from './pageCache.js';

/** A small app with the cache's hooks, a revision and a clock the test moves by hand. */
function harness() {
  let rev = '1';
  let clock = Date.parse('2026-12-06T10:00:00.500Z');
  let revisionReads = 0;
  let failRevision = false;
  const renders: Record<string, number> = {};
  const cache: PageCache = createPageCache({} as Database, {
    revision: async () => {
      revisionReads++;
      if (failRevision) throw new Error('database down');
      return rev;
    },
    now: () => clock,
    settleMs: 3000,
    recheckMs: 1000,
  });
  const app: FastifyInstance = Fastify();
  app.decorateRequest('user', null);
  cache.register(app);
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers['x-user']) request.user = { id: 'u1' } as never;
    if (await cache.serve(request, reply)) return reply;
  });
  // Security headers are worked out after the cache is asked: a kept page carries its own copy.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-frame-options', 'DENY');
  });
  const html = (name: string, extra = '') => {
    renders[name] = (renders[name] ?? 0) + 1;
    return `<html><body>${name} ${renders[name]} rev ${rev}${extra}</body></html>`;
  };
  app.get('/page', async (_q, reply) => reply.type('text/html; charset=utf-8').send(html('page')));
  let tokens = 0;
  app.get('/form', async (request, reply) => {
    const token = cache.csrfToken(request, () => `token-${++tokens}`);
    return reply.type('text/html; charset=utf-8').send(html('form', `<input type="hidden" name="_csrf" value="${token}">`));
  });
  app.get('/token-unused', async (request, reply) => {
    cache.csrfToken(request, () => `token-${++tokens}`); // handed to the view, which has no form
    return reply.type('text/html; charset=utf-8').send(html('unused'));
  });
  app.get('/flash', async (request, reply) => {
    cache.personal(request);
    return reply.type('text/html; charset=utf-8').send(html('flash'));
  });
  app.get('/token', async (_q, reply) => reply.type('text/html; charset=utf-8').send(html('token', '<input type="hidden" name="_csrf" value="abc">')));
  app.get('/cookie', async (_q, reply) => reply.header('set-cookie', 'a=b').type('text/html; charset=utf-8').send(html('cookie')));
  app.get('/missing', async (_q, reply) => reply.code(404).type('text/html; charset=utf-8').send(html('missing')));
  app.get('/go', async (_q, reply) => reply.redirect('/page', 303));
  app.get('/data.json', async () => ({ n: html('json') }));
  app.get('/admin/thing', async (_q, reply) => reply.type('text/html; charset=utf-8').send(html('admin')));
  app.get('/own', async (_q, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/html; charset=utf-8').send(html('own')));
  app.get('/opted-out', { config: { pageCache: false } }, async (_q, reply) => reply.type('text/html; charset=utf-8').send(html('opted')));
  app.get('/slow', async (_q, reply) => {
    await new Promise((r) => setTimeout(r, 50));
    return reply.type('text/html; charset=utf-8').send(html('slow'));
  });
  app.post('/change', async () => ({ ok: true }));
  return {
    app,
    cache,
    renders,
    get revisionReads() {
      return revisionReads;
    },
    setRev: (r: string) => (rev = r),
    tick: (ms: number) => (clock += ms),
    failRevision: (f: boolean) => (failRevision = f),
    get: (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers }),
  };
}

let h: ReturnType<typeof harness>;
beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  await h.app.close();
});

describe('the page cache', () => {
  it('draws a public page once and serves it to every visitor until the revision moves on', async () => {
    const a = await h.get('/page');
    const b = await h.get('/page?');
    expect(a.statusCode).toBe(200);
    expect(b.body).toBe(a.body);
    expect(h.renders.page).toBe(1);
    expect(b.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(b.headers.etag).toBe(a.headers.etag);
    expect(b.headers.vary).toBe('Cookie');
    expect(b.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(b.headers['x-frame-options']).toBe('DENY');
    h.setRev('2');
    h.tick(1000); // another process's change is seen within a second
    const c = await h.get('/page');
    expect(c.body).toContain('rev 2');
    expect(h.renders.page).toBe(2);
  });

  it('asks for the revision at most once a second', async () => {
    await h.get('/page');
    const reads = h.revisionReads;
    for (let i = 0; i < 10; i++) await h.get('/page');
    expect(h.revisionReads).toBe(reads);
    h.tick(1000);
    await h.get('/page');
    expect(h.revisionReads).toBe(reads + 1);
  });

  it('after a change made by this process, looks again on every request, so it shows at once', async () => {
    await h.get('/page');
    await h.app.inject({ method: 'POST', url: '/change' });
    h.setRev('2');
    expect((await h.get('/page')).body).toContain('rev 2');
  });

  it('keys by the query in a stable order', async () => {
    await h.get('/page?a=1&b=2');
    await h.get('/page?b=2&a=1');
    expect(h.renders.page).toBe(1);
    await h.get('/page?a=2&b=2');
    expect(h.renders.page).toBe(2);
  });

  it('never serves a signed-in person from the cache, nor keeps their page', async () => {
    await h.get('/page');
    const signedIn = await h.get('/page', { 'x-user': '1' });
    expect(h.renders.page).toBe(2);
    expect(signedIn.headers['cache-control']).toBe('private, no-store');
    expect(signedIn.headers.etag).toBeUndefined();
  });

  it('never keeps a page with a form token, a cookie set, an error, a redirect, a route’s own caching or a route that opted out', async () => {
    for (const url of ['/form', '/flash', '/token', '/cookie', '/missing', '/opted-out']) {
      const first = await h.get(url);
      expect(first.headers['cache-control'], url).toBe('private, no-store');
      await h.get(url);
    }
    expect(h.renders).toMatchObject({ form: 2, flash: 2, token: 2, cookie: 2, missing: 2, opted: 2 });
    await h.get('/go');
    expect((await h.get('/go')).statusCode).toBe(303);
    await h.get('/own');
    expect((await h.get('/own')).headers['cache-control']).toBe('public, max-age=3600');
    expect(h.renders.own).toBe(2);
    expect(h.cache.stats().pages).toBe(0);
  });

  it('gives each visitor of a page with a form their own token, and makes none for a page without one', async () => {
    const a = await h.get('/form');
    const b = await h.get('/form');
    expect(a.body).toContain('value="token-1"');
    expect(b.body).toContain('value="token-2"');
    expect(a.body).not.toMatch(/csrf[0-9a-f]{32}/);
    await h.get('/token-unused');
    const kept = await h.get('/token-unused');
    expect(h.renders.unused).toBe(1);
    expect(kept.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect((await h.get('/form')).body).toContain('value="token-3"');
  });

  it('leaves staff areas, JSON and other methods alone', async () => {
    await h.get('/admin/thing');
    await h.get('/admin/thing');
    await h.get('/data.json');
    const json = await h.get('/data.json');
    expect(h.renders).toMatchObject({ admin: 2, json: 2 });
    expect(json.headers['cache-control']).toBeUndefined();
  });

  it('answers If-None-Match with 304 and no body, on a kept page and on the drawing itself', async () => {
    const a = await h.get('/page');
    const again = await h.get('/page', { 'if-none-match': a.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(a.headers.etag);
    const stale = await h.get('/page', { 'if-none-match': '"something-else"' });
    expect(stale.statusCode).toBe(200);
    h.setRev('2');
    h.tick(1000);
    // The page was drawn again at the new revision but reads the same: still not modified.
    const same = await h.get('/missing', { 'if-none-match': a.headers.etag as string });
    expect(same.statusCode).toBe(404);
  });

  it('gives Last-Modified only once a revision has settled, and answers If-Modified-Since with it', async () => {
    const fresh = await h.get('/page');
    expect(fresh.headers['last-modified']).toBeUndefined();
    expect((await h.get('/page', { 'if-modified-since': new Date(Date.parse('2026-12-06T10:00:00.500Z') + 60_000).toUTCString() })).statusCode).toBe(200);
    h.tick(3000);
    h.setRev('1'); // same revision: the provisional page expires and is drawn again, settled
    const settled = await h.get('/page');
    expect(h.renders.page).toBe(2);
    expect(settled.headers['last-modified']).toBe('Sun, 06 Dec 2026 10:00:00 GMT');
    const since = await h.get('/page', { 'if-modified-since': settled.headers['last-modified'] as string });
    expect(since.statusCode).toBe(304);
    expect(h.renders.page).toBe(2);
    // The next version has a later Last-Modified, so an older copy is never taken for it.
    h.tick(1000);
    h.setRev('2');
    await h.get('/page'); // seen, drawn provisionally
    h.tick(3000);
    const next = await h.get('/page');
    expect(Date.parse(next.headers['last-modified'] as string)).toBeGreaterThan(Date.parse(settled.headers['last-modified'] as string));
    expect((await h.get('/page', { 'if-modified-since': settled.headers['last-modified'] as string })).statusCode).toBe(200);
  });

  it('draws a page once for many visitors asking at the same moment', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => h.get('/slow')));
    expect(new Set(all.map((r) => r.body)).size).toBe(1);
    expect(h.renders.slow).toBe(1);
  });

  it('draws the page as if there were no cache when the revision cannot be read, and keeps nothing', async () => {
    h.failRevision(true);
    const r = await h.get('/page');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('private, no-store');
    h.failRevision(false);
    h.tick(1000);
    await h.get('/page');
    await h.get('/page');
    expect(h.renders.page).toBe(2);
  });
});

describe('revisionWatch', () => {
  it('just after a change, makes a call wait for a query issued after it, and keeps the newest answer', async () => {
    let clock = 0;
    const answers: ((v: string) => void)[] = [];
    const w = revisionWatch(() => new Promise<string>((r) => answers.push(r)), { recheckMs: 1000, changedAt: () => clock, now: () => clock });
    const first = w.current(); // within the change window: a call waits for a query issued after it
    clock = 10;
    const second = w.current();
    await Promise.resolve();
    answers[0]('4');
    await first;
    await new Promise((r) => setTimeout(r, 0));
    expect(answers.length).toBe(2);
    answers[1]('5');
    expect((await second).rev).toBe('5');
    expect(w.state?.rev).toBe('5');
  });
});
