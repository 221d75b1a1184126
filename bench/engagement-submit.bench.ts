// The public response flow under load, against the real server in a child process:
//  1. throughput: complete respondents per second and the p99 of the final "send" request;
//  2. 1,000 concurrent respondents while the server gets SIGTERM and is restarted: every response
//     acknowledged with a reference must be stored (target: 0 lost).
// PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, else PGlite (said in the output).
// Each respondent comes from its own address (X-Forwarded-For, as behind a proxy), so the
// per-client rate limit applies to each as it would in real life.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { openPglite, openPostgres, type Database } from '../src/db/index.js';
import { runMigrations } from '../src/db/migrate.js';
import { MIGRATION_FOLDERS, createModules } from '../src/modules/index.js';
import type { EngagementModule } from '../src/modules/engagement/index.js';
import { planSurveyDefinition } from '../src/modules/engagement/demo.js';
import { responses } from '../src/modules/engagement/schema.js';
import { formValuesOf, type SurveyDefinition } from '../src/modules/engagement/surveyDefinition.js';
import { rng, syntheticAnswers } from '../src/modules/engagement/synthetic.js';
import { CLEVELAND_SETTINGS } from '../src/platform/demo.js';
import { createPlatform } from '../src/platform/index.js';
import { SYSTEM_ACTOR } from '../src/platform/roles.js';

const ROOT = join(import.meta.dirname, '..');
const KIND: 'postgres' | 'pglite' = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
const THROUGHPUT_N = Number(process.env.BENCH_RESPONDENTS ?? (KIND === 'postgres' ? 2000 : 300));
const THROUGHPUT_C = Number(process.env.BENCH_CONCURRENCY ?? (KIND === 'postgres' ? 100 : 30));
const RESTART_N = Number(process.env.BENCH_RESTART_RESPONDENTS ?? 1000);
const REF = 'bench-survey';
const SESSION_SECRET = randomBytes(24).toString('hex');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A migrated database with an open consultation and its published survey. */
async function prepare(dataDir: string): Promise<{ url?: string; database: Database & { destroy?: () => Promise<void> }; def: SurveyDefinition; areas: string[] }> {
  let database: Database & { destroy?: () => Promise<void> };
  let url: string | undefined;
  if (KIND === 'postgres') {
    // A throwaway database on the server, which the child process connects to as well.
    const admin = (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL)!;
    const name = `openpcc_bench_${randomBytes(5).toString('hex')}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.toString();
    const d = await openPostgres(url, 5);
    await runMigrations(d, MIGRATION_FOLDERS);
    database = {
      ...d,
      async destroy() {
        await d.close();
        const c2 = new pg.Client({ connectionString: admin });
        await c2.connect();
        await c2.query(`drop database if exists ${name} with (force)`);
        await c2.end();
      },
    };
  } else {
    database = await openPglite(join(dataDir, 'pgdata'));
    await runMigrations(database, MIGRATION_FOLDERS);
  }
  const platform = createPlatform(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), database);
  await platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  const engagement = createModules(platform).find((m) => m.name === 'engagement') as EngagementModule;
  const today = new Date().toISOString().slice(0, 10);
  const c = await engagement.service.createConsultation(SYSTEM_ACTOR, { reference: REF, title: 'Benchmark survey', purpose: '', audience: '', areas: '', opensOn: today, closesOn: '2099-12-31' });
  const priorities = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'].map((reference, i) => ({ reference, title: `Priority ${i + 1}` }));
  const s = await engagement.service.createSurvey(SYSTEM_ACTOR, c.id, 'Benchmark survey', planSurveyDefinition(priorities, 'the area'));
  await engagement.service.publishSurvey(SYSTEM_ACTOR, s.id);
  await engagement.service.setStage(SYSTEM_ACTOR, c.id, 'open');
  return { url, database, def: s.definition, areas: CLEVELAND_SETTINGS.localAuthorities.map((a) => a.code) };
}

function serverEnv(port: number, dataDir: string, databaseUrl?: string): NodeJS.ProcessEnv {
  // As deployed: production mode (templates compiled once), a session secret, no demo data.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    SESSION_SECRET: SESSION_SECRET,
    BASE_URL: `http://127.0.0.1:${port}`,
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

function startServer(port: number, dataDir: string, databaseUrl?: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: serverEnv(port, dataDir, databaseUrl),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`server exited with ${child.exitCode}`));
      try {
        const r = await fetch(`http://127.0.0.1:${port}/health`);
        if (r.ok) return resolve(child);
      } catch {
        // not up yet
      }
      if (Date.now() - started > 180_000) return reject(new Error('server did not start in 3 minutes'));
      setTimeout(poll, 150);
    };
    void poll();
  });
}

class Respondent {
  cookies = new Map<string, string>();
  token = '';
  constructor(
    readonly base: string,
    readonly ip: string,
  ) {}
  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  private headers(extra: Record<string, string> = {}) {
    // As behind the TLS-terminating proxy of a deployment: production cookies are Secure.
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-forwarded-for': this.ip, 'x-forwarded-proto': 'https', ...extra };
  }
  async get(path: string) {
    const res = await fetch(this.base + path, { headers: this.headers(), redirect: 'manual' });
    this.keep(res);
    const body = await res.text();
    const m = body.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.token = m[1];
    return { status: res.status, body };
  }
  async post(path: string, form: Record<string, unknown>) {
    const body = new URLSearchParams();
    body.append('_csrf', this.token);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, String(x));
    const res = await fetch(this.base + path, { method: 'POST', headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }), body, redirect: 'manual' });
    this.keep(res);
    await res.arrayBuffer();
    return { status: res.status, location: res.headers.get('location') ?? '' };
  }
}

/** Retries a step while the server is down or restarting (connection refused or reset). */
async function withRetry<T>(fn: () => Promise<T>, deadline: number): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

/**
 * One person answering the survey from start to "send". Returns the reference if the server
 * acknowledged the response, with the time the final request took.
 */
async function respond(base: string, n: number, def: SurveyDefinition, areas: string[], deadline: number): Promise<{ reference: string | null; sendMs: number; requests: number[] }> {
  const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const r = new Respondent(base, ip);
  const { answers } = syntheticAnswers(def, rng(n + 1), areas);
  const start = `/consultations/${REF}/respond`;
  const times: number[] = [];
  const timed = async <T>(f: () => Promise<T>) => {
    const t = performance.now();
    const out = await f();
    times.push(performance.now() - t);
    return out;
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    await withRetry(() => timed(() => r.get(start)), deadline);
    let step = await withRetry(() => timed(() => r.post(start, { consent: 'yes' })), deadline);
    let guard = 0;
    while (step.status === 303 && !step.location.endsWith('/check') && !step.location.includes('/confirmation/') && guard++ < 10) {
      const sectionId = step.location.split('/').pop()!;
      const section = def.sections.find((s) => s.id === sectionId);
      if (!section) break;
      step = await withRetry(() => timed(() => r.post(step.location, formValuesOf(section, answers))), deadline);
    }
    if (step.status === 303 && step.location.endsWith('/check')) {
      const t = performance.now();
      let sent: { status: number; location: string } | null = null;
      try {
        sent = await r.post(`${start}/check`, { email: '', website: '' });
      } catch {
        sent = null; // no answer: not acknowledged; the person starts again
      }
      const sendMs = performance.now() - t;
      times.push(sendMs);
      if (sent && sent.status === 303 && sent.location.includes('/confirmation/')) return { reference: sent.location.split('/').pop()!, sendMs, requests: times };
    }
    if (Date.now() > deadline) break;
  }
  return { reference: null, sendMs: 0, requests: times };
}

async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : 0;
};

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const dataDir = mkdtempSync(join(tmpdir(), 'openpcc-bench-engagement-'));
let server: ChildProcess | undefined;
try {
  const prep = await prepare(dataDir);
  const dbUrl = KIND === 'postgres' ? prep.url : undefined;
  if (KIND === 'pglite') await prep.database.close(); // the server process opens the data folder itself
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  console.log(`database: ${KIND === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded; set BENCH_DATABASE_URL for PostgreSQL)'}; server: child process on port ${port}`);
  server = await startServer(port, dataDir, dbUrl);

  // 1. throughput
  let t = performance.now();
  const results = await pool(THROUGHPUT_N, THROUGHPUT_C, (i) => respond(base, i, prep.def, prep.areas, Date.now() + 300_000));
  const secs = (performance.now() - t) / 1000;
  const ok = results.filter((r) => r.reference);
  const sends = ok.map((r) => r.sendMs);
  const all = results.flatMap((r) => r.requests);
  console.log(`throughput: ${ok.length} of ${THROUGHPUT_N} respondents completed in ${secs.toFixed(1)} s with ${THROUGHPUT_C} at a time`);
  console.log(`  ${(ok.length / secs).toFixed(1)} submissions/s (whole flow: ${(all.length / secs).toFixed(0)} requests/s)`);
  console.log(`  final "send" request: p50 ${p(sends, 0.5).toFixed(1)} ms, p99 ${p(sends, 0.99).toFixed(1)} ms (target ≥ 500/s, p99 < 100 ms on PostgreSQL)`);
  console.log(`  every request of the flow: p50 ${p(all, 0.5).toFixed(1)} ms, p99 ${p(all, 0.99).toFixed(1)} ms`);

  if (!ok.length) throw new Error('no respondent could complete the flow: see the server output');

  // 2. 1,000 at once, SIGTERM part-way through, then a restart
  const deadline = Date.now() + 900_000;
  t = performance.now();
  let acknowledgedSoFar = 0;
  const running = Promise.all(
    Array.from({ length: RESTART_N }, (_, i) =>
      respond(base, 100_000 + i, prep.def, prep.areas, deadline).then((r) => {
        if (r.reference) acknowledgedSoFar++;
        return r;
      }),
    ),
  );
  while (acknowledgedSoFar < RESTART_N * 0.3 && performance.now() - t < 600_000) await new Promise((r) => setTimeout(r, 50));
  console.log(`restart: ${acknowledgedSoFar} acknowledged when SIGTERM was sent`);
  const downAt = performance.now();
  await stop(server);
  server = await startServer(port, dataDir, dbUrl);
  console.log(`restart: server stopped gracefully and was back after ${((performance.now() - downAt) / 1000).toFixed(1)} s`);
  const restartResults = await running;
  await stop(server);
  server = undefined;

  const acknowledged = restartResults.map((r) => r.reference).filter((x): x is string => !!x);
  const check = KIND === 'postgres' ? prep.database : await openPglite(join(dataDir, 'pgdata'));
  const found = new Set<string>();
  for (let i = 0; i < acknowledged.length; i += 500) {
    const rows = await check.db.select({ reference: responses.reference }).from(responses).where(inArray(responses.reference, acknowledged.slice(i, i + 500)));
    for (const r of rows) found.add(r.reference);
  }
  const [{ n: total }] = await check.query<{ n: number }>(sql`select count(*)::int as n from engagement_responses`);
  const lost = acknowledged.filter((r) => !found.has(r)).length;
  console.log(`restart run: ${RESTART_N} respondents in ${((performance.now() - t) / 1000).toFixed(1)} s; ${RESTART_N - acknowledged.length} gave up; ${total} responses in the database in all`);
  console.log(`acknowledged ${acknowledged.length}, stored ${found.size}, lost ${lost}`);
  if (KIND === 'postgres') await prep.database.destroy?.();
  else await check.close();
  if (lost > 0) process.exitCode = 1;
} finally {
  if (server) await stop(server);
  rmSync(dataDir, { recursive: true, force: true });
}
