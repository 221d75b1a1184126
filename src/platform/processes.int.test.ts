import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { ROOT_DIR } from '../db/migrate.js';
import { createTestDbOf, type TestDb } from '../../test/helpers/db.js';
import { CLEVELAND_SETTINGS } from './demo.js';
import { createLogger, createPlatform } from './index.js';
import { createJobs } from './jobs.js';
import { createMailer } from './mailer.js';
import { openPostgres } from '../db/index.js';
import { SYSTEM_ACTOR } from './roles.js';
import type { Platform } from './context.js';

// Two app processes, as production runs them (`node scripts/start.mjs`, what `npm start` runs, behind a load balancer), on one
// PostgreSQL database and one upload folder: they must behave as one.
const PORTS = [Number(process.env.TEST_PORT_A ?? 3171), Number(process.env.TEST_PORT_B ?? 3172)];
const PASSWORD = 'two-processes-one-database';
const work = mkdtempSync(join(tmpdir(), 'openpcc-two-'));
const uploads = join(work, 'uploads');

/** A visitor with its own cookies, who may send each request to either process. */
class Visitor {
  cookies = new Map<string, string>();
  async request(port: number, path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }
  async csrf(port: number, path = '/sign-in') {
    const page = await this.request(port, path);
    return page.body.match(/name="_csrf" value="([^"]+)"/)![1];
  }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('two app processes on one PostgreSQL', () => {
  let db: TestDb;
  let platform: Platform;
  const servers: ChildProcess[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    db = await createTestDbOf('postgres', { migrate: true });
    platform = createPlatform({ ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: work }), uploadDir: uploads }, db);
    await platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
    await platform.users.create(SYSTEM_ACTOR, { email: 'admin@two.test', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    for (const port of PORTS) {
      const env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: db.url,
        UPLOAD_DIR: uploads,
        DATA_DIR: work,
        DEMO_DATA: 'false',
        SESSION_SECRET: 'one-secret-shared-by-every-process-0123456789',
      };
      const child = spawn(process.execPath, [join(ROOT_DIR, 'scripts', 'start.mjs')], { env, cwd: ROOT_DIR });
      child.stderr.on('data', (d: Buffer) => logs.push(`${port}: ${d.toString('utf8')}`));
      servers.push(child);
    }
    const until = Date.now() + 240_000;
    for (const port of PORTS) {
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (Date.now() > until) throw new Error(`process on ${port} did not start:\n${logs.join('')}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }, 300_000);

  afterAll(async () => {
    for (const s of servers) s.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.once('exit', r)))));
    await db?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('share sessions: signed in on one, signed in on the other; signed out on one, out on both', async () => {
    const v = new Visitor();
    const signIn = await v.request(PORTS[0], '/sign-in', {
      method: 'POST',
      form: { _csrf: await v.csrf(PORTS[0]), email: 'admin@two.test', password: PASSWORD },
    });
    expect(signIn.status).toBe(302);
    const page = await v.request(PORTS[1], '/admin/settings');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Ada Admin');
    const out = await v.request(PORTS[1], '/sign-out', { method: 'POST', form: { _csrf: await v.csrf(PORTS[1], '/admin/settings') } });
    expect(out.status).toBe(302);
    expect((await v.request(PORTS[0], '/admin/settings')).status).toBe(302);
  });

  it('share the rate limits: thirty sign-in attempts a minute from one address across both, not thirty each', async () => {
    const v = new Visitor();
    await db.query(sql.raw(`delete from rate_limits`)); // a window of its own, not the one the sign-in above opened
    const statuses: number[] = [];
    for (let i = 0; i < 34; i++)
      statuses.push((await v.request(PORTS[i % 2], '/sign-in', { method: 'POST', form: { email: 'admin@two.test', password: 'wrong' } })).status);
    const allowed = 30; // the sign-in route's limit (signInRoutes.ts)
    expect(statuses.slice(0, allowed).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(allowed)).toEqual(statuses.slice(allowed).map(() => 429));
  });

  it('show a change made elsewhere within a second, cached public pages included', async () => {
    const v = new Visitor();
    for (const port of PORTS) expect((await v.request(port, '/')).body).toContain('Office of the Police and Crime Commissioner for Cleveland');
    await v.request(PORTS[1], '/'); // now kept in the page cache of the second process
    await platform.settings.setArea(SYSTEM_ACTOR, { ...CLEVELAND_SETTINGS, bodyName: 'Cleveland Office of the Commissioner, renamed' });
    await new Promise((r) => setTimeout(r, 1100));
    for (const port of PORTS) {
      const home = await v.request(port, '/');
      expect(home.body).toContain('Cleveland Office of the Commissioner, renamed');
    }
  });

  it('give the same kept page the same ETag in every process, and a new one within a second of a change', async () => {
    const get = (port: number, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}/`, { headers });
    const first = await get(PORTS[0]);
    await first.text();
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    // A proxy in front of both may ask either: the other process knows the version too.
    expect((await get(PORTS[1], { 'if-none-match': etag })).status).toBe(304);
    await platform.settings.setArea(SYSTEM_ACTOR, { ...CLEVELAND_SETTINGS, bodyName: 'Cleveland Commissioner, renamed again' });
    await new Promise((r) => setTimeout(r, 1100));
    for (const port of PORTS) {
      const res = await get(port, { 'if-none-match': etag });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Cleveland Commissioner, renamed again');
    }
  });

  it('run each queued job once, whichever process takes it, reading uploads from the shared folder', async () => {
    const text = gunzipSync(readFileSync(join(ROOT_DIR, 'test', 'fixtures', 'police-uk', '2023-04-cleveland-street.csv.gz'))).toString('utf8');
    const small = Buffer.from(text.split('\n').slice(0, 200).join('\n') + '\n');
    const { key } = await platform.storage.put(small, '2023-04-cleveland-street.csv');
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await platform.jobs.enqueue('crime.import', { key, name: '2023-04-cleveland-street.csv', actor: SYSTEM_ACTOR }));
    const until = Date.now() + 120_000;
    let jobs: { id: string; status: string }[] = [];
    while (Date.now() < until) {
      jobs = await db.query<{ id: string; status: string }>(sql.raw(`select id::text, status from jobs where id in (${ids.map((i) => `'${i}'`).join(',')})`));
      if (jobs.every((j) => j.status === 'done' || j.status === 'failed')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const failed = await db.query<{ message: string }>(sql.raw(`select message from jobs where status = 'failed'`));
    expect(failed.map((f) => f.message)).toEqual([]);
    expect(jobs.map((j) => j.status)).toEqual(ids.map(() => 'done'));
    const runs = await db.query<{ batch: string; n: number }>(sql.raw(`select batch_id::text as batch, count(*)::int as n from crime_imports group by 1`));
    expect(Object.fromEntries(runs.map((r) => [r.batch, r.n]))).toEqual(Object.fromEntries(ids.map((i) => [i, 1])));
  }, 150_000);

  it('run a scheduled task once per interval and send a reminder once, however many processes try at the same moment', async () => {
    // Two more "processes" (each its own connection pool) racing the two servers' way of claiming.
    const others = await Promise.all([openPostgres(db.url!, 2), openPostgres(db.url!, 2)]);
    try {
      let ran = 0;
      const log = createLogger({ env: 'test', logLevel: 'silent' });
      const contenders = others.map((d) => {
        const jobs = createJobs(d, log);
        const mailer = createMailer(d, { from: 'OpenPCC <no-reply@two.test>' });
        jobs.every('two-process-probe', 60_000, async () => {
          ran++;
          await mailer.send({ to: 'owner@two.test', subject: 'Your update is due', body: 'Please send it.', dedupeKey: 'two-process-probe:reminder' });
        });
        return { jobs, mailer };
      });
      await Promise.all(contenders.flatMap((c) => [c.jobs.runSchedules(), c.jobs.runSchedules()]));
      expect(ran).toBe(1);
      await Promise.all(
        contenders.map((c) =>
          c.mailer.send({ to: 'owner@two.test', subject: 'Your update is due', body: 'Please send it.', dedupeKey: 'two-process-probe:reminder' }),
        ),
      );
      const sent = await db.query<{ n: number }>(sql.raw(`select count(*)::int as n from outbox where dedupe_key = 'two-process-probe:reminder'`));
      expect(sent[0].n).toBe(1);
    } finally {
      await Promise.all(others.map((d) => d.close()));
    }
  });
});
