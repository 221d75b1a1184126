#!/usr/bin/env node
// Entry point for `npx openpcc ...`.
//
// The CLI runs from a JavaScript bundle of src/ (dist/cli.mjs, built here by esbuild when it is
// missing or older than any source file; packages stay external), not through tsx's loader, which
// by itself costs about 150 MB: importing a national month must stay under 250 MB of memory
// (bench/crime-rss.bench.ts). See docs/adr/0011-cli-memory.md.
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';

// PGlite's WebAssembly compiled by V8's baseline compiler only: about 50 MB less memory, and a
// command that runs once gains nothing from the optimising tier (it is as fast or faster).
v8.setFlagsFromString('--liftoff-only');

const root = join(import.meta.dirname, '..');
const out = join(root, 'dist', 'cli.mjs');

function newestSource(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

if (!existsSync(out) || statSync(out).mtimeMs < newestSource(join(root, 'src'))) {
  const { build } = await import('esbuild');
  const tmp = `${out}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(root, 'src', 'cli', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: tmp,
    charset: 'ascii', // V8 keeps an ASCII source as one byte per character
    legalComments: 'none',
    logLevel: 'warning',
  });
  renameSync(tmp, out); // atomic: two commands starting together never run a half-written file
}
await import(pathToFileURL(out).href);
