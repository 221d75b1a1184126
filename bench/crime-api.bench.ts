// Latency of GET /api/v1/crime/counts and of the crime dashboards ("your area" for a local
// authority and for a ward, the public performance dashboard, peer comparison): p50/p95 of
// concurrent requests over HTTP on 127.0.0.1, with the 24 demo months of Cleveland street data,
// and with 20× the rows (19 more forces of the same size added to the rollups).
// Target: p95 grows by no more than 1.2× and stays < 30 ms.
//
// The two are two servers on two databases, running side by side and measured in turn, round by
// round: a p95 of a few milliseconds moves with the machine by more than the 20% being measured,
// so measuring one after the other would compare two moments of the machine as much as two sizes.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { CrimeModule } from '../src/modules/crime/index.js';
import { fileSource } from '../src/modules/crime/sources.js';
import { CLEVELAND_SETTINGS } from '../src/platform/demo.js';
import { SYSTEM_ACTOR } from '../src/platform/roles.js';
import { benchTargets, freshDb } from './support/db.js';

const SEEDS = join(import.meta.dirname, '..', 'seeds', 'police-uk');
const REQUESTS = Number(process.env.BENCH_API_REQUESTS ?? 2000); // enough for a steady p95 of a few milliseconds
const CONCURRENCY = Number(process.env.BENCH_API_CONCURRENCY ?? 10);
const API = [
  '/api/v1/crime/counts?force=cleveland&from=2024-04&to=2025-03&by=month,category',
  '/api/v1/crime/counts?force=cleveland&from=2023-04&to=2025-03&by=month',
  '/api/v1/crime/counts?force=cleveland&from=2024-04&to=2025-03&by=localAuthority,category',
  '/api/v1/crime/counts?force=cleveland&from=2024-04&to=2025-03&by=ward,month&area=E06000002',
  '/api/v1/crime/counts?force=cleveland&from=2024-04&to=2025-03&by=month&category=burglary,robbery',
];
// Requested as an anonymous visitor, as most are: those pages are served from the page cache until
// the data changes (ADR 0013), which is what keeps their cost flat.
const DASHBOARDS = ['/your-area?area=E06000002', '/your-area?area=E05009853', '/performance', '/performance/compare'];

type Result = { p50: number; p95: number; rows: number };

async function load(base: string, QUERIES: string[]): Promise<Result> {
  const times: number[] = [];
  let next = 0;
  let rows = 0;
  // warm up (JIT, plans, caches) before measuring
  for (let i = 0; i < 20; i++) await Promise.all(QUERIES.map((q) => fetch(base + q).then((r) => r.text())));
  const worker = async () => {
    while (next < REQUESTS) {
      const q = QUERIES[next++ % QUERIES.length];
      const t = performance.now();
      const res = await fetch(base + q);
      const body = await res.text();
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${q}: ${res.status} ${body.slice(0, 200)}`);
      rows += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return { p50: pct(50), p95: pct(95), rows };
}

const ROUNDS = Number(process.env.BENCH_API_ROUNDS ?? 5);
const median = (xs: { p50: number; p95: number }[]) => [...xs].sort((a, b) => a.p95 - b.p95)[Math.floor(xs.length / 2)];

/** A production-mode server on a fresh database with the Cleveland demo data, and 19 more forces for 20×. */
async function server(kind: 'pglite' | 'postgres', times: 1 | 20) {
  const database = await freshDb(kind);
  // As deployed: production mode (templates compiled once).
  const { app, modules, platform } = await buildApp({
    config: loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(24).toString('hex'),
      BASE_URL: 'http://127.0.0.1',
      DATA_DIR: `/tmp/openpcc-bench-api-${times}`,
      LOG_LEVEL: 'silent',
    }),
    database,
  });
  await platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  await modules.find((m) => m.name === 'geography')!.loadDemo!();
  const crime = modules.find((m) => m.name === 'crime') as CrimeModule;
  const files = readdirSync(SEEDS)
    .filter((f) => /cleveland-street\.csv\.gz$/.test(f))
    .map((f) => fileSource(join(SEEDS, f)));
  const t = Date.now();
  await crime.service.importFiles(files, { actor: SYSTEM_ACTOR, source: 'bench' });
  // The demo plans and measure set, so the dashboards have measures to show.
  for (const name of ['plans', 'performance']) await modules.find((m) => m.name === name)!.loadDemo!();
  if (times === 20) {
    // 19 more forces, each a copy of Cleveland's rollups (what importing their files would produce).
    for (let i = 1; i <= 19; i++) {
      await database.query(
        sql`insert into crime_street_counts (force, month, category, lsoa, count) select ${`bench-force-${i}`}, month, category, lsoa, count from crime_street_counts where force = 'cleveland'`,
      );
      await database.query(
        sql`insert into crime_month_counts (force, month, category, count) select ${`bench-force-${i}`}, month, category, count from crime_month_counts where force = 'cleveland'`,
      );
      await database.query(
        sql`insert into crime_area_counts (force, level, month, category, area, area_name, lad, lad_name, csp, pfa, count) select ${`bench-force-${i}`}, level, month, category, area, area_name, lad, lad_name, csp, pfa, count from crime_area_counts where force = 'cleveland'`,
      );
    }
    await database.query(sql`update crime_meta set value = 'bench-20x' where key = 'data-revision'`);
    await database.query(sql`analyze crime_street_counts`);
    await database.query(sql`analyze crime_month_counts`);
    await database.query(sql`analyze crime_area_counts`);
  }
  const [{ n: rollupRows, crimes }] = await database.query<{ n: number; crimes: number }>(
    sql`select count(*)::int n, sum(count)::int crimes from crime_street_counts`,
  );
  console.log(
    `[${kind}] ${times}× rows: ${crimes.toLocaleString('en-GB')} crimes in ${rollupRows.toLocaleString('en-GB')} rollup rows (${files.length} Cleveland months imported${times === 20 ? ', 19 forces added' : ''}; ${((Date.now() - t) / 1000).toFixed(1)} s)`,
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return {
    base,
    async close() {
      await app.close();
      await database.destroy();
    },
  };
}

for (const kind of benchTargets()) {
  const one = await server(kind, 1);
  const twenty = await server(kind, 20);
  try {
    await new Promise((r) => setTimeout(r, 1100)); // the 20× revision is seen within a second, as another process's import would be
    const got = { one: { api: [] as Result[], pages: [] as Result[] }, twenty: { api: [] as Result[], pages: [] as Result[] } };
    for (let r = 0; r < ROUNDS; r++) {
      // In turn, and which goes first alternates, so neither size gets the machine's better moments.
      const order = r % 2 ? (['twenty', 'one'] as const) : (['one', 'twenty'] as const);
      for (const size of order) {
        const s = size === 'one' ? one : twenty;
        got[size].api.push(await load(s.base, API));
        got[size].pages.push(await load(s.base, DASHBOARDS));
      }
    }
    const m = { one: { api: median(got.one.api), pages: median(got.one.pages) }, twenty: { api: median(got.twenty.api), pages: median(got.twenty.pages) } };
    const line = (x: { api: { p50: number; p95: number }; pages: { p50: number; p95: number } }) =>
      `API p50 ${x.api.p50.toFixed(1)} ms, p95 ${x.api.p95.toFixed(1)} ms; dashboards p50 ${x.pages.p50.toFixed(1)} ms, p95 ${x.pages.p95.toFixed(1)} ms`;
    console.log(`[${kind}] 1× rows:  ${line(m.one)}`);
    console.log(`[${kind}] 20× rows: ${line(m.twenty)} (medians of ${ROUNDS} rounds of ${REQUESTS} requests, ${CONCURRENCY} at a time, the sizes in turn)`);
    console.log(`[${kind}] API: ratio p95 20×/1× = ${(m.twenty.api.p95 / m.one.api.p95).toFixed(2)}× (target ≤ 1.2×, p95 < 30 ms)`);
    console.log(`[${kind}] dashboards: ratio p95 20×/1× = ${(m.twenty.pages.p95 / m.one.pages.p95).toFixed(2)}× (target ≤ 1.2×, p95 < 30 ms)`);
  } finally {
    await one.close();
    await twenty.close();
  }
}
