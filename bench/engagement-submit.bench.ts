// The public response flow under load, against the real server in a child process:
//  1. submissions: BENCH_RESPONDENTS people answer the survey through the real flow (start page,
//     consent, every page of questions) up to "check your answers", BENCH_CONCURRENCY at a time
//     (printed as the whole flow's figures); then all of them press "send" (the submission:
//     session, CSRF, validation and the one transaction that stores the response),
//     BENCH_SUBMIT_CONCURRENCY at a time. The target (≥ 500 submissions/s, p99 < 100 ms on
//     PostgreSQL) is on that submission step;
//  2. 1,000 concurrent respondents while the server gets SIGTERM and is restarted: every response
//     acknowledged with a reference must be stored (target: 0 lost).
// PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, else PGlite (said in the output).
// Each respondent comes from its own address (X-Forwarded-For, as behind a proxy), so the
// per-client rate limit applies to each as it would in real life.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { serverDatabase } from './support/db.js';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
// People pressing "send" at the same moment. By Little's law 500 submissions/s with a p99 under
// 100 ms means some 20 to 40 requests in flight; 32 is that peak.
const SUBMIT_C = Number(process.env.BENCH_SUBMIT_CONCURRENCY ?? (KIND === 'postgres' ? 32 : 10));
// Respondents whose "send" warms the server before the timed ones: the first submissions after a
// start compile the code they run and prepare the statement on each database connection (their
// p99 was 140 ms, against 60 ms after). Their figures are printed, apart.
const WARM_N = Number(process.env.BENCH_WARM_RESPONDENTS ?? 200);
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
async function prepare(
  dataDir: string,
): Promise<{ url?: string; database: Database & { destroy?: () => Promise<void> }; def: SurveyDefinition; areas: string[] }> {
  let database: Database & { destroy?: () => Promise<void> };
  let url: string | undefined;
  if (KIND === 'postgres') {
    // A throwaway database on the server, which the child process connects to as well.
    const server = await serverDatabase();
    url = server.url;
    const d = await openPostgres(server.url, 5);
    await runMigrations(d, MIGRATION_FOLDERS);
    database = {
      ...d,
      async destroy() {
        await d.close();
        await server.drop();
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
  const c = await engagement.service.createConsultation(SYSTEM_ACTOR, {
    reference: REF,
    title: 'Benchmark survey',
    purpose: '',
    audience: '',
    areas: '',
    opensOn: today,
    closesOn: '2099-12-31',
  });
  const priorities = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'].map((reference, i) => ({ reference, title: `Priority ${i + 1}` }));
  const s = await engagement.service.createSurvey(SYSTEM_ACTOR, c.id, 'Benchmark survey', planSurveyDefinition(priorities, 'the area'));
  await engagement.service.publishSurvey(SYSTEM_ACTOR, s.id);
  await engagement.service.publishConsultation(SYSTEM_ACTOR, c.id); // opens today
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
    // Behind a TLS-terminating proxy on this machine, whose X-Forwarded-* headers it believes
    // (each respondent's address, and https, without which production cookies are not set).
    TRUST_PROXY: '127.0.0.1',
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

function startServer(port: number, dataDir: string, databaseUrl?: string): Promise<ChildProcess> {
  // BENCH_SERVER_ARGS: extra Node options for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, join(ROOT, 'scripts', 'start.mjs')], {
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

// Keep-alive connections, as a browser keeps them; node:http rather than fetch, because the
// client shares this machine's cores with the server and fetch costs several times more per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

class Respondent {
  cookies = new Map<string, string>();
  token = '';
  constructor(
    readonly base: string,
    readonly ip: string,
  ) {}
  private keep(headers: http.IncomingHttpHeaders) {
    for (const c of headers['set-cookie'] ?? []) {
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
    const res = await send(this.base + path, 'GET', this.headers());
    this.keep(res.headers);
    const m = res.body.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.token = m[1];
    return { status: res.status, body: res.body };
  }
  async post(path: string, form: Record<string, unknown>) {
    const body = new URLSearchParams();
    body.append('_csrf', this.token);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, String(x));
    const res = await send(this.base + path, 'POST', this.headers({ 'content-type': 'application/x-www-form-urlencoded' }), body.toString());
    this.keep(res.headers);
    return { status: res.status, location: res.headers.location ?? '' };
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

const START = `/consultations/${REF}/respond`;

/** Times each request into `times` (when given). */
function timer(times?: number[]) {
  return async <T>(f: () => Promise<T>) => {
    const t = performance.now();
    const out = await f();
    times?.push(performance.now() - t);
    return out;
  };
}

/** The n-th respondent's own address (the server limits requests per address). */
const ipOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** One person from the start page to "check your answers": true if they got there. */
async function answer(r: Respondent, n: number, def: SurveyDefinition, areas: string[], deadline: number, times?: number[]): Promise<boolean> {
  const { answers } = syntheticAnswers(def, rng(n + 1), areas);
  const timed = timer(times);
  await withRetry(() => timed(() => r.get(START)), deadline);
  let step = await withRetry(() => timed(() => r.post(START, { consent: 'yes' })), deadline);
  let guard = 0;
  while (step.status === 303 && !step.location.endsWith('/check') && !step.location.includes('/confirmation/') && guard++ < 10) {
    const sectionId = step.location.split('/').pop()!;
    const section = def.sections.find((s) => s.id === sectionId);
    if (!section) break;
    step = await withRetry(() => timed(() => r.post(step.location, formValuesOf(section, answers))), deadline);
  }
  return step.status === 303 && step.location.endsWith('/check');
}

/** The final "send": the reference if the server acknowledged the response, and how long it took. */
async function submit(r: Respondent): Promise<{ reference: string | null; ms: number }> {
  const t = performance.now();
  let sent: { status: number; location: string } | null = null;
  try {
    sent = await r.post(`${START}/check`, { email: '', website: '' });
  } catch {
    sent = null; // no answer: not acknowledged
  }
  const ms = performance.now() - t;
  return { reference: sent && sent.status === 303 && sent.location.includes('/confirmation/') ? sent.location.split('/').pop()! : null, ms };
}

/**
 * One person answering the survey from start to "send", starting again if the server went away.
 * Returns the reference if the server acknowledged the response.
 */
async function respond(base: string, n: number, def: SurveyDefinition, areas: string[], deadline: number): Promise<{ reference: string | null }> {
  const r = new Respondent(base, ipOf(n));
  for (let attempt = 0; attempt < 20; attempt++) {
    if (await answer(r, n, def, areas, deadline)) {
      const sent = await submit(r);
      if (sent.reference) return { reference: sent.reference };
    }
    if (Date.now() > deadline) break;
  }
  return { reference: null };
}

/** CPU seconds a process has used (Linux /proc), or NaN where that cannot be read. */
function cpuSeconds(pid: number | undefined): number {
  const path = `/proc/${pid}/stat`;
  if (!pid || !existsSync(path)) return NaN;
  const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
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
  console.log(
    `database: ${KIND === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded; set BENCH_DATABASE_URL for PostgreSQL)'}; server: child process on port ${port}`,
  );
  server = await startServer(port, dataDir, dbUrl);

  // 1. submissions: everyone answers up to "check your answers", then everyone presses "send".
  const people = Array.from({ length: WARM_N + THROUGHPUT_N }, (_, n) => new Respondent(base, ipOf(n)));
  const flowTimes: number[] = [];
  let t = performance.now();
  const ready = await pool(people.length, THROUGHPUT_C, (i) => answer(people[i], i, prep.def, prep.areas, Date.now() + 300_000, flowTimes));
  const answerSecs = (performance.now() - t) / 1000;
  const warm = people.slice(0, WARM_N).filter((_, i) => ready[i]);
  const atCheck = people.slice(WARM_N).filter((_, i) => ready[WARM_N + i]);
  const warmed = await pool(warm.length, SUBMIT_C, (i) => submit(warm[i]));
  const warmMs = warmed.map((r) => r.ms);
  console.log(
    `warm-up: ${warmed.filter((r) => r.reference).length} of ${WARM_N} sent first, not timed below; their p50 ${p(warmMs, 0.5).toFixed(1)} ms, p99 ${p(warmMs, 0.99).toFixed(1)} ms`,
  );
  t = performance.now();
  const cpuBefore = [cpuSeconds(server.pid), process.cpuUsage()] as const;
  const sent = await pool(atCheck.length, SUBMIT_C, (i) => submit(atCheck[i]));
  const submitSecs = (performance.now() - t) / 1000;
  const serverCpu = cpuSeconds(server.pid) - cpuBefore[0];
  const clientCpu = process.cpuUsage(cpuBefore[1]);
  const ok = sent.filter((r) => r.reference);
  const sends = sent.map((r) => r.ms);
  const all = [...flowTimes, ...sends];
  console.log(
    `submissions: ${ok.length} of ${THROUGHPUT_N} responses stored and acknowledged in ${submitSecs.toFixed(1)} s, ${SUBMIT_C} "send" requests at a time`,
  );
  console.log(
    `  ${(ok.length / submitSecs).toFixed(1)} submissions/s; p50 ${p(sends, 0.5).toFixed(1)} ms, p99 ${p(sends, 0.99).toFixed(1)} ms (target ≥ 500/s, p99 < 100 ms on PostgreSQL)`,
  );
  console.log(
    `  CPU per submission: server ${((serverCpu * 1000) / sent.length).toFixed(2)} ms, this client ${((clientCpu.user + clientCpu.system) / 1000 / sent.length).toFixed(2)} ms`,
  );
  console.log(`whole flow: ${atCheck.length} respondents reached "check your answers" in ${answerSecs.toFixed(1)} s, ${THROUGHPUT_C} at a time`);
  console.log(
    `  ${(all.length / (answerSecs + submitSecs)).toFixed(0)} requests/s over all steps, ${(ok.length / (answerSecs + submitSecs)).toFixed(1)} complete respondents/s; every request: p50 ${p(all, 0.5).toFixed(1)} ms, p99 ${p(all, 0.99).toFixed(1)} ms`,
  );

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
    const rows = await check.db
      .select({ reference: responses.reference })
      .from(responses)
      .where(inArray(responses.reference, acknowledged.slice(i, i + 500)));
    for (const r of rows) found.add(r.reference);
  }
  const [{ n: total }] = await check.query<{ n: number }>(sql`select count(*)::int as n from engagement_responses`);
  const lost = acknowledged.filter((r) => !found.has(r)).length;
  console.log(
    `restart run: ${RESTART_N} respondents in ${((performance.now() - t) / 1000).toFixed(1)} s; ${RESTART_N - acknowledged.length} gave up; ${total} responses in the database in all`,
  );
  console.log(`acknowledged ${acknowledged.length}, stored ${found.size}, lost ${lost}`);
  if (KIND === 'postgres') await prep.database.destroy?.();
  else await check.close();
  if (lost > 0) process.exitCode = 1;
} finally {
  if (server) await stop(server);
  rmSync(dataDir, { recursive: true, force: true });
}
