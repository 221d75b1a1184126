import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import type { AppModule } from './context.js';
import { startDemo } from './demo.js';
import { meta } from './schema.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Stand-in modules whose demo loads record the order they ran in (and can fail once). */
function parts(log: string[], failOnce?: string): AppModule[] {
  let failed = false;
  const part = (name: string, demoFirst = false): AppModule => ({
    name,
    demoFirst,
    demoLabel: `${name} data`,
    routes: async () => undefined,
    async loadDemo() {
      if (name === failOnce && !failed) {
        failed = true;
        throw new Error(`${name} failed`);
      }
      log.push(name);
    },
  });
  return [part('plans', true), part('crime'), part('scrutiny')];
}

describe('the first start’s demo load', () => {
  it('answers after the first part, loads the rest after, says where it is, and goes on after a failure where it stopped', async () => {
    const log: string[] = [];
    const modules = parts(log, 'scrutiny');
    const first = await startDemo(t.platform, modules);
    expect(first.state).toBe('loaded');
    expect(log).toEqual(['plans']);
    expect(t.platform.demoStatus).toEqual({ state: 'loading', done: 2, total: 4, loading: 'crime data' });
    const home = await t.anonymous().get('/');
    expect(home.body).toContain('The demonstration data is still loading: 2 of 4 parts are in, now crime data.');
    expect((await t.anonymous().get('/health')).json().demo).toBe('loading');

    await expect(first.loadRest()).rejects.toThrow('scrutiny failed');
    expect(log).toEqual(['plans', 'crime']);
    expect(t.platform.demoStatus.state).toBe('failed');
    expect((await t.db.db.select().from(meta)).map((r) => r.key).sort()).toEqual(['demo-part:crime', 'demo-part:plans']);

    // The next start loads only what is missing, then marks the database initialised.
    const again = await startDemo(t.platform, modules);
    expect(log).toEqual(['plans', 'crime']);
    await again.loadRest();
    expect(log).toEqual(['plans', 'crime', 'scrutiny']);
    expect(t.platform.demoStatus.state).toBe('ready');
    expect((await t.anonymous().get('/')).body).not.toContain('still loading');
    expect((await startDemo(t.platform, modules)).state).toBe('already');
  });
});
