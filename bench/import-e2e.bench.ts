// `npx openpcc import police-uk DIR` as a user runs it, timed around the whole process, against a
// bare load of the same 1M-row street file into the same database in the same run, also a whole
// process: `psql \copy` on PostgreSQL, a Node process opening PGlite and COPYing it on PGlite.
// Target: the import reaches at least 0.5× the bare load's rows per second. Medians of ROUNDS
// rounds, each on a new database (the machine's timings vary from one run to the next).
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, type Database } from '../src/db/index.js';
import { runMigrations } from '../src/db/migrate.js';
import { loadConfig } from '../src/config.js';
import { createModules, MIGRATION_FOLDERS } from '../src/modules/index.js';
import { createPlatform } from '../src/platform/index.js';
import { benchTargets, serverDatabase } from './support/db.js';
import { writeStreetFile } from './support/policeUk.js';
import { BIN, median, mustRun } from './support/processes.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
/** Rounds of (bare load, import), each on a new database: the figures are their medians. */
const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 5);
const COLUMNS =
  'crime_id text, month text, reported_by text, falls_within text, longitude text, latitude text, location text, lsoa_code text, lsoa_name text, crime_type text, last_outcome text, context text';
console.log(`Node ${process.version}`);
await mustRun(process.execPath, ['scripts/bundle.mjs', 'cli']); // as `npm install` leaves it

/** A migrated database with the geography the import maps areas with (as the demo has it). */
async function prepare(database: Database, dir: string) {
  await runMigrations(database, MIGRATION_FOLDERS);
  const modules = createModules(createPlatform(loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent' }), database));
  await modules.find((m) => m.name === 'geography')!.loadDemo!();
  await database.query(sql.raw(`create unlogged table bench_bare (${COLUMNS})`));
  // What autovacuum would do to the tables just loaded, done now: left to it, it ran during one
  // timed load or another and took a core from it.
  await database.query(sql.raw('vacuum analyze'));
  await database.close();
}

const dir = mkdtempSync(join(tmpdir(), 'openpcc-bench-e2e-'));
const files = join(dir, 'files');
mkdirSync(files);
const file = join(files, '2030-01-cleveland-street.csv');
try {
  await writeStreetFile(file, ROWS);
  console.log(`generated ${ROWS.toLocaleString('en-GB')} rows (${(statSync(file).size / 1e6).toFixed(0)} MB)`);
  for (const kind of benchTargets()) {
    const bareMs: number[] = [];
    const importMs: number[] = [];
    let line = '';
    for (let round = 0; round < ROUNDS; round++) {
      // Each round on a new database, as a user's first import of a month is.
      let env: Record<string, string>;
      let cleanup = async () => {};
      // Before each timed load, the server writes out what earlier work left in memory (a
      // checkpoint), so that neither load pays for the one before it.
      let settle = async () => {};
      let bare: () => Promise<{ ms: number }>;
      if (kind === 'postgres') {
        const db = await serverDatabase();
        cleanup = db.drop;
        settle = db.checkpoint;
        const url = db.url;
        await prepare(await openPostgres(url), dir);
        bare = () => mustRun('psql', [url, '-q', '-c', `\\copy bench_bare FROM '${file}' WITH (FORMAT csv, HEADER true)`]);
        env = { DATABASE_URL: url, DATA_DIR: join(dir, 'unused') };
      } else {
        const dataDir = join(dir, `pglite-${round}`);
        await prepare(await openPglite(join(dataDir, 'pgdata')), dir);
        // The bare load as a process of its own: open the same database, COPY the file, close.
        const script = `import { PGlite } from '@electric-sql/pglite'; import { readFileSync } from 'node:fs';
          const db = await PGlite.create(${JSON.stringify(join(dataDir, 'pgdata'))});
          await db.query("COPY bench_bare FROM '/dev/blob' WITH (FORMAT csv, HEADER true)", [], { blob: new Blob([readFileSync(${JSON.stringify(file)})]) });
          await db.close();`;
        bare = () => mustRun(process.execPath, ['--input-type=module', '-e', script]);
        env = { DATA_DIR: dataDir };
      }
      try {
        await settle();
        bareMs.push((await bare()).ms);
        await settle();
        const imported = await mustRun(BIN, ['import', 'police-uk', '--no-progress', files], env);
        importMs.push(imported.ms);
        line = (imported.stdout.split('\n').find((l) => l.includes('rows imported')) ?? imported.stdout).trim();
      } finally {
        await cleanup();
      }
    }
    const bareRate = ROWS / (median(bareMs) / 1000);
    const importRate = ROWS / (median(importMs) / 1000);
    const all = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(', ');
    console.log(`[${kind}] bare load, whole process: ${Math.round(bareRate).toLocaleString('en-GB')} rows/s (median of ${all(bareMs)} s)`);
    console.log(
      `[${kind}] openpcc import, whole process: ${Math.round(importRate).toLocaleString('en-GB')} rows/s (median of ${all(importMs)} s; last: ${line})`,
    );
    console.log(`[${kind}] ratio import/bare = ${(importRate / bareRate).toFixed(2)}× (target ≥ 0.5×) ${importRate / bareRate >= 0.5 ? 'MET' : 'NOT MET'}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
