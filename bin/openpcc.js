#!/usr/bin/env node
// Entry point for `npx openpcc ...`.
//
// The CLI runs from a JavaScript bundle of src/ (dist/cli/, built by `npm install` through the
// `prepare` script: scripts/build-cli.mjs), not through tsx's loader, which by itself costs about
// 150 MB: importing a national month must stay under 250 MB of memory (bench/crime-rss.bench.ts).
// A command loads only the chunks it uses. See docs/adr/0011-cli-memory.md.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';

// PGlite's WebAssembly compiled by V8's baseline compiler only: about 50 MB less memory, and a
// command that runs once gains nothing from the optimising tier (it is as fast or faster).
v8.setFlagsFromString('--liftoff-only');

const root = join(import.meta.dirname, '..');
const entry = join(root, 'dist', 'cli', 'index.mjs');

function newestSource(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

// Only a checkout whose sources changed after `npm install` (a developer's) rebuilds here.
if (!existsSync(entry) || (existsSync(join(root, 'src')) && statSync(entry).mtimeMs < newestSource(join(root, 'src')))) {
  process.stderr.write('openpcc: the source has changed since the command line was built; building it (npm install does this)\n');
  const { buildCli } = await import('../scripts/build-cli.mjs');
  await buildCli();
}
await import(pathToFileURL(entry).href);
