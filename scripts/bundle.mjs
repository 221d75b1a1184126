// Builds the JavaScript bundles the app and its command line run from: dist/server (from
// src/main.ts, run by `npm start`) and dist/cli (from src/cli/index.ts, run by bin/openpcc.js).
// `npm install` builds both (the `prepare` script); `npm start` and bin/openpcc.js rebuild theirs
// only when a source file is newer (a developer's checkout), so a start never pays for loading
// TypeScript through a loader. One entry and a chunk per `await import`, so a command loads only
// what it uses. The packages are bundled too, but for the few that must stay files (EXTERNAL):
// Node's loader looks up the package.json of every file it loads, which on Node 24 made a third
// of a command's time. See docs/adr/0011-cli-memory.md and 0021-start-from-a-bundle.md.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const root = join(import.meta.dirname, '..');
const ENTRIES = { server: join('src', 'main.ts'), cli: join('src', 'cli', 'index.ts') };

/**
 * Packages loaded from node_modules as they are, not bundled: each finds files beside its own
 * code at run time, or runs code outside this process.
 */
const EXTERNAL = [
  '@electric-sql/pglite', // its WebAssembly and the PostgreSQL files, found from its own folder
  'argon2', // a native addon
  'pg', // optional native driver (pg-native) and only on PostgreSQL
  'pg-copy-streams',
  'esbuild', // a native binary; used only to rebuild in a developer's checkout
  'pino', // its transports run in worker threads from its own files
  '@fastify/swagger', // reads its own package.json
  'nunjucks', // resolves templates and its optional watcher from node_modules
  'pdfkit', // reads its font files at run time
];

/** The file `node` runs for a bundle. */
export const bundleEntry = (name) => join(root, 'dist', name, `${name === 'server' ? 'main' : 'index'}.mjs`);

function newestSource(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** True when the bundle is missing, or (in a checkout with its sources) older than a source file. */
export function isStale(name) {
  const entry = bundleEntry(name);
  if (!existsSync(entry)) return true;
  const src = join(root, 'src');
  return existsSync(src) && statSync(entry).mtimeMs < newestSource(src);
}

export async function buildBundle(name) {
  const { build } = await import('esbuild');
  const out = join(root, 'dist', name);
  const tmp = `${out}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  await build({
    entryPoints: [join(root, ENTRIES[name])],
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: EXTERNAL,
    // Bundled CommonJS packages `require` Node's own modules: give the ES module bundle a require.
    banner: { js: "import { createRequire as __openpccRequire } from 'node:module'; const require = __openpccRequire(import.meta.url);" },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    charset: 'ascii', // V8 keeps an ASCII source as one byte per character
    legalComments: 'none',
    logLevel: 'warning',
  });
  mkdirSync(join(root, 'dist'), { recursive: true });
  // Swapped in whole: a process starting meanwhile runs the old bundle or the new, never half of one.
  const old = `${out}.${process.pid}.old`;
  try {
    renameSync(out, old);
  } catch {
    // no earlier bundle
  }
  try {
    renameSync(tmp, out);
  } catch (e) {
    // Another process (two servers started together) swapped its own build in first: keep that one.
    if (!existsSync(bundleEntry(name))) throw e;
    rmSync(tmp, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
}

// `node scripts/bundle.mjs [server|cli]…`: builds the ones named, or both.
if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.slice(2);
  for (const name of names.length ? names : Object.keys(ENTRIES)) {
    if (!(name in ENTRIES)) throw new Error(`unknown bundle ${name}: use ${Object.keys(ENTRIES).join(' or ')}`);
    await buildBundle(name);
  }
}
