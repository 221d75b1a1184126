// Peak resident memory of the CLI (`openpcc import police-uk`) importing a 550k-row street month,
// measured on the child process (/usr/bin/time -v where present, else the child's own
// process.resourceUsage().maxRSS). The CLI is run as people run it: bin/openpcc.js. Target: < 250 MB.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeStreetFile } from './support/policeUk.js';
import { BIN, ROOT } from './support/processes.js';
import { serverDatabase } from './support/db.js';

const ROWS = Number(process.env.BENCH_RSS_ROWS ?? 550_000);
const dir = mkdtempSync(join(tmpdir(), 'openpcc-rss-'));
try {
  const file = join(dir, '2030-02-cleveland-street.csv');
  await writeStreetFile(file, ROWS, '2030-02');
  console.log(`generated ${ROWS.toLocaleString('en-GB')} rows (${(statSync(file).size / 1e6).toFixed(0)} MB)`);
  const measure = async (label: string, extraEnv: NodeJS.ProcessEnv) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: join(dir, `data-${label}`),
      DEMO_DATA: 'false',
      LOG_LEVEL: 'silent',
      DATABASE_URL: '',
      ...extraEnv,
    };
    // The CLI as people run it: `npx openpcc` runs bin/openpcc.js through its `#!` line (which
    // gives Node its flags), here with this Node.js first on the PATH.
    env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
    const cli = [BIN, 'import', 'police-uk', '--no-progress', file];
    // First run migrates the new database; the second is the measured import (a re-import of the month).
    spawnSync(cli[0], cli.slice(1), { env, cwd: ROOT, stdio: 'ignore' });
    const started = Date.now();
    let rssKb: number | undefined;
    let out = '';
    if (existsSync('/usr/bin/time')) {
      const r = spawnSync('/usr/bin/time', ['-v', ...cli], { env, cwd: ROOT, encoding: 'utf8' });
      out = r.stdout;
      rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
      if (r.status !== 0) throw new Error(`CLI failed: ${r.stderr.slice(-2000)}`);
    } else {
      const r = spawnSync(
        process.execPath,
        [
          '--liftoff-only', // what the #! line gives
          '--input-type=module',
          '-e',
          `process.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n')); process.argv = ${JSON.stringify(['node', 'openpcc', 'import', 'police-uk', '--no-progress', file])}; await import(${JSON.stringify(pathToFileURL(BIN).href)});`,
        ],
        { env, cwd: ROOT, encoding: 'utf8' },
      );
      out = r.stdout;
      rssKb = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1]);
    }
    const secs = (Date.now() - started) / 1000;
    console.log(out.trim().split('\n').slice(-2).join('\n'));
    console.log(
      `[${label}] CLI import of ${ROWS.toLocaleString('en-GB')} rows: ${secs.toFixed(1)} s, ${Math.round(ROWS / secs).toLocaleString('en-GB')} rows/s`,
    );
    console.log(`[${label}] peak RSS ${(rssKb! / 1024).toFixed(0)} MB; ratio to the 250 MB target = ${(rssKb! / 1024 / 250).toFixed(2)}× (target < 1×)`);
  };
  await measure('pglite', {});
  if (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL) {
    const server = await serverDatabase();
    try {
      await measure('postgres', { DATABASE_URL: server.url });
    } finally {
      await server.drop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
