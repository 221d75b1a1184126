// Runs every bench/*.bench.ts in its own process, one after another, and prints their figures.
// `npm run bench` or `npm run bench -- crime-api` (a name filter).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';

const dir = import.meta.dirname;
const filter = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter.length || filter.some((x) => f.includes(x)))
  .sort();
// Every figure below is of this Node.js: the benchmarks' processes are spawned with it.
console.log(`Node.js ${process.version} on ${process.platform}-${process.arch}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`);
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, f)], { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: 'silent' } });
  console.log(`(${f}: ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${r.status})`);
  if (r.status !== 0) failed++;
}
console.log(`\n${files.length - failed} of ${files.length} benchmarks ran`);
process.exitCode = failed ? 1 : 0;
