#!/usr/bin/env -S node --liftoff-only
// Entry point for `npx openpcc ...`.
//
// The CLI runs from a JavaScript bundle of src/ (dist/cli/, built by `npm install` through the
// `prepare` script: scripts/bundle.mjs), not through tsx's loader, which by itself costs about
// 150 MB: importing a national month must stay under 250 MB of memory (bench/crime-rss.bench.ts).
// A command loads only the chunks it uses. See docs/adr/0011-cli-memory.md.
import module from 'node:module';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { buildBundle, bundleEntry, isStale } from '../scripts/bundle.mjs';

// PGlite's WebAssembly compiled by V8's baseline compiler only: about 50 MB less memory, and a
// command that runs once gains nothing from the optimising tier (it is as fast or faster). The
// `#!` line passes the flag; Node 24 ignores it set here at run time (a command then took 4 s
// instead of 1 s, most of it after its work, in V8's compilers), Node 22 takes it either way,
// for `node bin/openpcc.js` run by hand.
v8.setFlagsFromString('--liftoff-only');
// V8's compiled code for the bundle kept on disk (in the system's temporary folder) between commands.
module.enableCompileCache?.();

// Only a checkout whose sources changed after `npm install` (a developer's) rebuilds here.
if (isStale('cli')) {
  process.stderr.write('openpcc: the source has changed since the command line was built; building it (npm install does this)\n');
  await buildBundle('cli');
}
await import(pathToFileURL(bundleEntry('cli')).href);
