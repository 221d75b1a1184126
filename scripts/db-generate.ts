// Generates the SQL migration for one module's schema: `npm run db:generate -- plans`.
import { execFileSync } from 'node:child_process';

const name = process.argv[2];
if (!name || !/^[a-z]+$/.test(name)) {
  console.error('usage: npm run db:generate -- <platform|module name>');
  process.exit(2);
}
execFileSync('npx', ['drizzle-kit', 'generate', '--config', 'drizzle.config.ts', '--name', process.argv[3] ?? 'change'], {
  stdio: 'inherit',
  env: { ...process.env, OPENPCC_MODULE: name },
});
