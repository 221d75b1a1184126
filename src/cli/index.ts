import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createDatabase } from '../db/index.js';
import { runMigrations } from '../db/migrate.js';
import { createModules, MIGRATION_FOLDERS } from '../modules/index.js';
import { auditCommands } from '../platform/cli.js';
import { createPlatform } from '../platform/index.js';
import { passwordProblem } from '../platform/identity/password.js';
import { ROLES, SYSTEM_ACTOR, isRole } from '../platform/roles.js';

/** `npx openpcc …`: the same services as the web app, on the same database. */
async function main() {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  // A command runs and exits: a small PGlite buffer cache keeps its memory low (an import of a
  // national month stays well under 250 MB; see bench/crime-rss.bench.ts).
  const database = await createDatabase(config, { settings: { shared_buffers: '4MB', maintenance_work_mem: '8MB', work_mem: '2MB' } });
  await runMigrations(database, MIGRATION_FOLDERS);
  const platform = createPlatform(config, database);
  const modules = createModules(platform);

  const program = new Command('openpcc').description('OpenPCC command line').exitOverride();
  const users = program.command('users').description('Manage accounts');
  users
    .command('create')
    .description('Create an account (password from OPENPCC_PASSWORD or a prompt)')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--organisation <organisation>')
    .action(async (opts: { email: string; name: string; role: string; organisation?: string }) => {
      if (!isRole(opts.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
      let password = process.env.OPENPCC_PASSWORD;
      if (!password) {
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        password = await rl.question('Password (at least 12 characters): ');
        rl.close();
      }
      const problem = passwordProblem(password);
      if (problem) throw new Error(problem);
      const u = await platform.users.create(SYSTEM_ACTOR, { email: opts.email, name: opts.name, role: opts.role, password, organisation: opts.organisation });
      console.log(`Created ${u.email} (${u.role})`);
    });
  auditCommands(program, database);
  for (const m of modules) m.cli?.(program);

  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    const err = e as { code?: string; message?: string; exitCode?: number };
    if (err.code?.startsWith('commander.')) {
      process.exitCode = err.exitCode ?? 1;
    } else {
      console.error(`Error: ${err.message ?? String(e)}`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
}

await main();
