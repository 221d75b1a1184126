// Anonymous public pages against a bare page of the same weight, in the same run: the published
// plan page, the home page and one "your area" page of the real app (a child process in production
// mode, on a fresh database with the demo loaded, as `npm start` makes it), each against a bare
// Fastify + Nunjucks + govuk-frontend page of the same number of bytes drawn on every request
// (bench/support/barePage.ts, a child process too). BENCH_PAGE_CONNECTIONS (20) keep-alive
// connections; BENCH_PAGE_ROUNDS (3) rounds of BENCH_PAGE_MS (5,000 ms) per server, the two in
// turn, first one then the other, so neither gets the machine's better moments; medians printed.
// Target: requests/s ≥ 1.0× the bare page's, p99 < 50 ms, on PGlite and (with BENCH_DATABASE_URL or
// TEST_DATABASE_URL) PostgreSQL. The pages come from the page cache (src/platform/pageCache.ts):
// each is asked for once before measuring, as the first visitor after a change would.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchTargets, serverDatabase } from './support/db.js';
import { load, type LoadResult } from './support/load.js';
import { ROOT } from './support/processes.js';

const CONNECTIONS = Number(process.env.BENCH_PAGE_CONNECTIONS ?? 20);
const ROUNDS = Number(process.env.BENCH_PAGE_ROUNDS ?? 3);
const MS = Number(process.env.BENCH_PAGE_MS ?? 5000);
const PAGES = [
  { name: 'published plan', path: '/plans/cleveland-2024-29' },
  { name: 'home', path: '/' },
  { name: 'your area (Middlesbrough)', path: '/your-area?area=E06000002' },
];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a process and waits until `ready` answers 200 and, for the app's /health, until its demo
 * is all in: the first start answers while the rest of the demo loads in the background, and the
 * production start after it never loads the demo.
 */
async function start(args: string[], env: NodeJS.ProcessEnv, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const until = Date.now() + 900_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    const ok = await fetch(ready).then(
      async (r) => r.ok && (!ready.endsWith('/health') || ((await r.json()) as { demo?: string }).demo !== 'loading'),
      () => false,
    );
    if (ok) return child;
    if (Date.now() > until) throw new Error(`${args.join(' ')} did not answer within 15 minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const median = (xs: LoadResult[], f: (r: LoadResult) => number) => [...xs].map(f).sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let failed = false;
for (const kind of benchTargets()) {
  const dataDir = mkdtempSync(join(tmpdir(), 'openpcc-bench-pages-'));
  const children: ChildProcess[] = [];
  let dropDatabase: (() => Promise<void>) | undefined;
  try {
    let databaseUrl: string | undefined;
    if (kind === 'postgres') {
      const server = await serverDatabase();
      databaseUrl = server.url;
      dropDatabase = server.drop;
    }
    const appPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(appPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(24).toString('hex'),
      BASE_URL: `http://127.0.0.1:${appPort}`,
      DEMO_DATA: 'true',
    };
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    else delete env.DATABASE_URL;
    const t = Date.now();
    const app = `http://127.0.0.1:${appPort}`;
    // The first start loads the demo (as `npm start` does; production mode never loads it), then
    // the app runs as deployed: production mode, templates compiled once.
    await stop(await start([join(ROOT, 'src', 'main.ts')], { ...env, NODE_ENV: 'development' }, `${app}/health`));
    children.push(await start([join(ROOT, 'src', 'main.ts')], env, `${app}/health`));
    console.log(`[${kind}] app started on a fresh database with the demo loaded in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    const barePort = await freePort();
    const bare = `http://127.0.0.1:${barePort}`;
    children.push(await start([join(ROOT, 'bench', 'support', 'barePage.ts')], { ...process.env, PORT: String(barePort) }, `${bare}/page?bytes=1000`));

    for (const page of PAGES) {
      // The first visitor draws the page; everyone after is served the kept copy.
      const first = await fetch(app + page.path);
      const body = await first.text();
      if (first.status !== 200) throw new Error(`${page.path}: ${first.status} ${body.slice(0, 300)}`);
      const kept = (await fetch(app + page.path)).headers.get('cache-control');
      const bytes = Buffer.byteLength(body);
      const baseline = `${bare}/page?bytes=${bytes}`;
      await (await fetch(baseline)).text();
      // Warm both (JIT, connections) before measuring.
      await load(app + page.path, { connections: CONNECTIONS, ms: 1000 });
      await load(baseline, { connections: CONNECTIONS, ms: 1000 });
      const got = { app: [] as LoadResult[], bare: [] as LoadResult[] };
      for (let r = 0; r < ROUNDS; r++) {
        for (const which of r % 2 ? (['app', 'bare'] as const) : (['bare', 'app'] as const)) {
          got[which].push(await load(which === 'app' ? app + page.path : baseline, { connections: CONNECTIONS, ms: MS }));
        }
      }
      const m = (x: LoadResult[]) => ({ rps: median(x, (r) => r.perSecond), p50: median(x, (r) => r.p50), p99: median(x, (r) => r.p99), bytes: x[0].bytes });
      const a = m(got.app);
      const b = m(got.bare);
      const failures = got.app.reduce((n, r) => n + r.failures, 0) + got.bare.reduce((n, r) => n + r.failures, 0);
      const ratio = a.rps / b.rps;
      const pass = ratio >= 1.0 && a.p99 < 50 && failures === 0;
      if (!pass) failed = true;
      console.log(
        `[${kind}] ${page.name} (${page.path}, ${a.bytes.toLocaleString('en-GB')} bytes, ${kept === 'public, max-age=0, must-revalidate' ? 'from the page cache' : `NOT from the page cache: ${kept}`}):`,
      );
      console.log(`  app:  ${Math.round(a.rps).toLocaleString('en-GB')} requests/s, p50 ${a.p50.toFixed(1)} ms, p99 ${a.p99.toFixed(1)} ms`);
      console.log(
        `  bare: ${Math.round(b.rps).toLocaleString('en-GB')} requests/s, p50 ${b.p50.toFixed(1)} ms, p99 ${b.p99.toFixed(1)} ms (${b.bytes.toLocaleString('en-GB')} bytes)`,
      );
      console.log(
        `  ratio app/bare = ${ratio.toFixed(2)}× (target ≥ 1.0×), p99 ${a.p99.toFixed(1)} ms (target < 50 ms)${failures ? `, ${failures} failed requests` : ''}: ${pass ? 'PASS' : 'FAIL'}`,
      );
    }
    console.log(`[${kind}] medians of ${ROUNDS} rounds of ${MS / 1000} s per server, ${CONNECTIONS} connections`);
  } finally {
    for (const c of children) await stop(c);
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
process.exitCode = failed ? 1 : 0;
