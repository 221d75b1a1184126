// Builds the stylesheet (govuk-frontend with our own font and header) and copies the client JS
// into public/build, served at /assets. Run by `npm install` (the `prepare` script) and by every
// start (scripts/start.mjs, also the browser suite's), which rebuilds only when the stamp of its
// inputs changed: a start whose assets are built pays only for reading the stamp (no Sass).
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import process from 'node:process';
import console from 'node:console';

const root = join(import.meta.dirname, '..');
const out = join(root, 'public', 'build');
const assets = join(root, 'src/platform/assets');
const govuk = join(root, 'node_modules/govuk-frontend');
const outputs = ['app.css', 'govuk-frontend.min.js', 'app.js', 'favicon.svg'];

/** Builds the assets unless their stamp says they are built already; true when it built them. */
export async function buildAssets({ force = false } = {}) {
  // What the output depends on: our asset files (names, sizes, times) and govuk-frontend's version.
  const stamp = createHash('sha256')
    .update(readFileSync(join(govuk, 'package.json')))
    .update(
      readdirSync(assets)
        .sort()
        .map((f) => {
          const s = statSync(join(assets, f));
          return `${f}:${s.size}:${s.mtimeMs}`;
        })
        .join('\n'),
    )
    .digest('hex');
  const stampFile = join(out, '.inputs');
  const built = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && outputs.every((f) => existsSync(join(out, f)));
  if (built && !force) return false;

  const sass = await import('sass');
  mkdirSync(out, { recursive: true });
  const result = sass.compile(join(assets, 'app.scss'), {
    loadPaths: [join(govuk, 'dist')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import', 'global-builtin', 'mixed-decls', 'slash-div'],
    logger: sass.Logger.silent,
  });
  writeFileSync(join(out, 'app.css'), result.css);
  copyFileSync(join(govuk, 'dist/govuk/govuk-frontend.min.js'), join(out, 'govuk-frontend.min.js'));
  for (const f of ['app.js', 'favicon.svg']) copyFileSync(join(assets, f), join(out, f));
  writeFileSync(stampFile, stamp);
  console.log(`assets built in ${out}`);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) await buildAssets({ force: process.argv.includes('--force') });
