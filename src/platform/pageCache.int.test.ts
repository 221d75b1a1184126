import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../test/helpers/app.js';
import { ROOT_DIR } from '../db/migrate.js';
import { DEMO_PLAN_FILES, type PlansModule } from '../modules/plans/index.js';
import { CLEVELAND_SETTINGS } from './demo.js';
import { SYSTEM_ACTOR, type Actor } from './roles.js';

// Every anonymous public page comes from the page cache (pageCache.ts): always what the database
// says now, never one visitor's page shown to another.
let t: TestApp;
let plans: PlansModule['service'];
let anon: Agent;
let draft: { ref: string; priorityId: string };
const editor: Actor = { id: null, label: 'test editor', role: 'editor' };

const stats = () => t.platform.pageCache.stats();

beforeAll(async () => {
  t = await buildTestApp();
  await t.platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  plans = (t.modules.find((m) => m.name === 'plans') as PlansModule).service;
  for (const f of DEMO_PLAN_FILES) await plans.importPlan(SYSTEM_ACTOR, readFileSync(join(ROOT_DIR, 'seeds', 'plans', f), 'utf8'));
  // A plan out for consultation: the public reads its draft, and staff can still change it.
  const p = await plans.create(editor, {
    reference: 'cache-draft',
    title: 'Cache draft plan',
    termStart: '2030-04-01',
    termEnd: '2034-03-31',
    priorityLabel: 'Priority',
  });
  const priorityId = await plans.addItem(editor, 'priority', p.id, { title: 'Safer streets at night', reference: 'P1' });
  await plans.transition(editor, p.id, 'consultation', 'testing', { closesOn: '2030-01-31' });
  draft = { ref: p.reference, priorityId };
  anon = t.anonymous();
});
afterAll(async () => {
  await t?.close();
});

describe('anonymous public pages from the page cache', () => {
  it('serves the published plan from the cache, with a strong ETag and caching headers a proxy can honour', async () => {
    const first = await anon.get('/plans/cleveland-2024-29');
    expect(first.statusCode).toBe(200);
    // A page drawn just after a change is kept only for a few seconds (then drawn once more, to
    // be kept for good): on a slow machine the first drawing can take that long.
    const before = stats();
    let second = await t.anonymous().get('/plans/cleveland-2024-29');
    for (let i = 0; i < 2 && stats().hits === before.hits; i++) second = await t.anonymous().get('/plans/cleveland-2024-29');
    expect(second.body).toBe(first.body);
    expect(stats().hits).toBe(before.hits + 1);
    expect(second.headers.etag).toMatch(/^"[\w-]{32}"$/);
    expect(second.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(second.headers.vary).toBe('Cookie');
    expect(second.headers['x-request-id']).toBeTruthy();
    expect(second.headers['content-security-policy']).toBeTruthy();
    expect(second.headers['set-cookie']).toBeUndefined();
  });

  it('answers If-None-Match with 304 Not Modified and no body', async () => {
    const page = await anon.get('/plans');
    const again = await anon.get('/plans', { 'if-none-match': page.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await anon.get('/plans', { 'if-none-match': '"an-older-version"' })).statusCode).toBe(200);
  });

  it('shows a plan changed by staff at once', async () => {
    const url = `/plans/${draft.ref}/draft`;
    const before = await anon.get(url);
    expect(before.statusCode).toBe(200);
    expect(textOf(before.body)).toContain('Safer streets at night');
    await anon.get(url); // kept
    await plans.updateItem(editor, 'priority', draft.priorityId, { title: 'Safer streets by day and night', reference: 'P1' } as never);
    const after = await anon.get(url);
    expect(textOf(after.body)).toContain('Safer streets by day and night');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    // A client holding the old version gets the new one, not 304.
    expect((await anon.get(url, { 'if-none-match': before.headers.etag as string })).statusCode).toBe(200);
  });

  it('shows settings changed through the staff pages at once, on every page', async () => {
    const admin = await t.signInAs('admin');
    const home = await anon.get('/');
    expect(home.body).toContain('Office of the Police and Crime Commissioner for Cleveland');
    await anon.get('/');
    const s = CLEVELAND_SETTINGS;
    const saved = await admin.submit('/admin/settings', {
      ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'localAuthorities')),
      bodyName: 'Cleveland Commissioner’s Office, renamed',
      localAuthorities: s.localAuthorities.map((l) => `${l.code} ${l.name}`).join('\n'),
    } as Record<string, string>);
    expect(saved.statusCode).toBeLessThan(400);
    for (const url of ['/', '/plans']) expect((await anon.get(url)).body, url).toContain('Cleveland Commissioner’s Office, renamed');
    await t.platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  });

  it('never serves a signed-in person from the cache nor keeps their page', async () => {
    const url = '/plans/cleveland-2024-29';
    await anon.get(url);
    const editorAgent = await t.signInAs('editor', { name: 'Edith Editor' });
    const before = stats();
    const mine = await editorAgent.get(url);
    expect(mine.body).toContain('Edith Editor');
    expect(mine.headers['cache-control']).toBe('private, no-store');
    expect(mine.headers.etag).toBeUndefined();
    expect(stats().hits).toBe(before.hits);
    expect((await anon.get(url)).body).not.toContain('Edith Editor');
  });

  it('never shares a page with a form token between two visitors', async () => {
    const a = t.anonymous();
    const b = t.anonymous();
    const tokenOf = (body: string) => body.match(/name="_csrf" value="([^"]+)"/)?.[1];
    for (const url of ['/sign-in', '/subscribe']) {
      const pa = await a.get(url);
      const pb = await b.get(url);
      expect(pa.statusCode, url).toBe(200);
      expect(tokenOf(pa.body), url).toBeTruthy();
      expect(tokenOf(pb.body), url).not.toBe(tokenOf(pa.body));
      expect(pb.headers['cache-control'], url).toBe('private, no-store');
    }
    // b's token is b's: it works for b's own form post, as before the cache.
    const token = tokenOf((await b.get('/sign-in')).body)!;
    expect((await b.submit('/sign-in', { email: 'nobody@test.openpcc.test', password: 'wrong-password' }, { token })).statusCode).not.toBe(403);
  });

  it('never keeps an error or a redirect', async () => {
    const before = stats();
    const missing = await anon.get('/plans/no-such-plan');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control']).toBe('private, no-store');
    await anon.get('/plans/no-such-plan');
    expect(stats().pages).toBe(before.pages);
    expect(stats().hits).toBe(before.hits);
  });
});
