// `npm start`: the stylesheet and the server bundle, each built only when missing or older than
// its sources (npm install builds them), then the server from the bundle (src/main.ts bundled by
// scripts/bundle.mjs). No TypeScript loader and no second npm: a later start pays only for Node,
// the bundle and the database (bench/first-start.bench.ts; docs/adr/0021-start-from-a-bundle.md).
import module from 'node:module';
import { pathToFileURL } from 'node:url';
import process from 'node:process';
import { buildAssets } from './build-assets.mjs';
import { buildBundle, bundleEntry, isStale } from './bundle.mjs';

// V8's compiled code for the bundle kept on disk (in the system's temporary folder) between starts.
module.enableCompileCache?.();
await buildAssets();
if (isStale('server')) {
  process.stderr.write('openpcc: the source has changed since the server was built; building it (npm install does this)\n');
  await buildBundle('server');
}
await import(pathToFileURL(bundleEntry('server')).href);
