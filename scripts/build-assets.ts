// Builds the stylesheet (govuk-frontend with our own font and header) and copies the client JS
// into public/build, served at /assets. Run by `npm start` and `npm run test:e2e`.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as sass from 'sass';

const root = join(import.meta.dirname, '..');
const out = join(root, 'public', 'build');
mkdirSync(out, { recursive: true });
const result = sass.compile(join(root, 'src/platform/assets/app.scss'), {
  loadPaths: [join(root, 'node_modules/govuk-frontend/dist')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin', 'mixed-decls', 'slash-div'],
  logger: sass.Logger.silent,
});
writeFileSync(join(out, 'app.css'), result.css);
copyFileSync(join(root, 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js'), join(out, 'govuk-frontend.min.js'));
for (const f of ['app.js', 'favicon.svg']) copyFileSync(join(root, 'src/platform/assets', f), join(out, f));
console.log(`assets built in ${out}`);
