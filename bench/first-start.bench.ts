// `npm start` as a new office runs it: the time from the command to its first page (the home
// page answering 200), on an empty data folder (the demo is loaded) and then again on the same
// folder. Targets: first start < 20 s, later starts < 3 s, on an idle machine. PGlite only: it is
// what `npm start` runs without DATABASE_URL.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mustRun, ROOT, seconds } from './support/processes.js';

const PORT = Number(process.env.BENCH_PORT ?? 3171);
console.log(`Node ${process.version}`);
// As `npm install` leaves a clone (its `prepare` script builds the server, the CLI and the stylesheet).
await mustRun(process.execPath, ['scripts/bundle.mjs']);
await mustRun(process.execPath, ['scripts/build-assets.mjs']);

async function startAndTime(dataDir: string): Promise<number> {
  const started = Date.now();
  // Its own process group, so that npm, its shell and the server stop together.
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${PORT}/`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return Date.now() - started;
      if (Date.now() - started > 600_000) throw new Error('no first page within 10 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    await new Promise((r) => setTimeout(r, 500));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'openpcc-bench-start-'));
try {
  const first = await startAndTime(join(dir, 'data'));
  console.log(`first start (empty data folder, demo loaded): first page after ${seconds(first)} (target < 20 s) ${first < 20_000 ? 'MET' : 'NOT MET'}`);
  const later = await startAndTime(join(dir, 'data'));
  console.log(`later start: first page after ${seconds(later)} (target < 3 s) ${later < 3_000 ? 'MET' : 'NOT MET'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
