// Start-up of the command line as people run it: whole processes of `openpcc --help` and of
// `openpcc migrate` on an up-to-date database (a command that only connects to the database).
// Targets: each < 0.5 s on PostgreSQL, < 1.5 s on PGlite (the median of seven runs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchTargets } from './support/db.js';
import { BIN, median, mustRun, seconds } from './support/processes.js';
import { serverDatabase } from './support/db.js';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 7);
console.log(`Node ${process.version}`);
// As after `npm install` (the `prepare` script builds the bundle): not part of any command's time.
await mustRun(process.execPath, ['scripts/bundle.mjs', 'cli']);

async function measure(label: string, args: string[], env: Record<string, string>, targetMs: number) {
  await mustRun(BIN, args, env); // warm the file cache, as a second run would be
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await mustRun(BIN, args, env)).ms);
  const m = median(times);
  console.log(
    `${label}: median ${seconds(m)} (min ${seconds(Math.min(...times))}, max ${seconds(Math.max(...times))}; target < ${seconds(targetMs)}) ${m < targetMs ? 'MET' : 'NOT MET'}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'openpcc-bench-cli-'));
try {
  // The floor on this machine now: an empty Node process (a busy machine raises every figure).
  const empty: number[] = [];
  for (let i = 0; i < RUNS; i++) empty.push((await mustRun(process.execPath, ['-e', ''])).ms);
  console.log(`node -e '' (an empty process, for reference): median ${seconds(median(empty))}`);
  await measure('openpcc --help', ['--help'], { DATA_DIR: join(dir, 'unused') }, 500);
  for (const kind of benchTargets()) {
    if (kind === 'pglite') {
      const env = { DATA_DIR: join(dir, 'data'), DEMO_DATA: 'false' };
      await mustRun(BIN, ['migrate'], env);
      await measure('[pglite] openpcc migrate (up to date)', ['migrate'], env, 1500);
    } else {
      const server = await serverDatabase();
      try {
        const env = { DATABASE_URL: server.url, DATA_DIR: join(dir, 'unused') };
        await mustRun(BIN, ['migrate'], env);
        await measure('[postgres] openpcc migrate (up to date)', ['migrate'], env, 500);
      } finally {
        await server.drop();
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
