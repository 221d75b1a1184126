// Builds the CLI's bundle (dist/cli/): run by `npm install` (the `prepare` script), and by
// bin/openpcc.js only when a source file has changed since (a developer's checkout).
// One entry and a chunk per `await import` of src/cli/index.ts, so a command loads only what it
// uses; packages stay external. See docs/adr/0011-cli-memory.md.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');

export async function buildCli() {
  const out = join(root, 'dist', 'cli');
  const tmp = `${out}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  await build({
    entryPoints: [join(root, 'src', 'cli', 'index.ts')],
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    charset: 'ascii', // V8 keeps an ASCII source as one byte per character
    legalComments: 'none',
    logLevel: 'warning',
  });
  mkdirSync(join(root, 'dist'), { recursive: true });
  // Swapped in whole: a command starting meanwhile runs the old bundle or the new, never half of one.
  const old = `${out}.${process.pid}.old`;
  try {
    renameSync(out, old);
  } catch {
    // no earlier bundle
  }
  renameSync(tmp, out);
  rmSync(old, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildCli();
