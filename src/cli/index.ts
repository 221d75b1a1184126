import { Command, CommanderError } from 'commander';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import type { AppModule, Platform } from '../platform/context.js';
import { MIGRATION_FOLDERS } from '../modules/folders.js';

/**
 * `npx openpcc …`: the same services as the web app, on the same database. A command loads only
 * what it uses (each `await import` below is a chunk of the CLI's bundle): `--help` loads no
 * database code, `backup`, `restore` and `migrate` load the database layer only, and the
 * commands modules add (`import …`, `engagement …`) load the modules.
 */

/** Commands of modules, named here so that `openpcc --help` lists them without loading the modules. */
const MODULE_GROUPS: Record<string, string> = {
  import: 'Import data: plan, police-uk, geography, delivery, figures, spending (openpcc import --help)',
  engagement: 'Consultations and surveys (openpcc engagement --help)',
};

/**
 * Bulk commands that need one or two modules, which are then all that is loaded (the rest of the
 * application is most of a command's start-up). Wired as the registry (modules/index.ts) wires them.
 */
const FEW_MODULES: Record<string, (platform: Platform) => Promise<AppModule[]>> = {
  'import police-uk': async (platform) => {
    const { createGeographyModule } = await import('../modules/geography/index.js');
    const { createCrimeModule } = await import('../modules/crime/index.js');
    const geography = createGeographyModule(platform);
    return [geography, createCrimeModule(platform, { geography: geography.service })];
  },
  'import geography': async (platform) => [(await import('../modules/geography/index.js')).createGeographyModule(platform)],
};

async function config(): Promise<Config> {
  const { loadConfig } = await import('../config.js');
  return loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
}

/**
 * The database, refused if a newer version has migrated it, migrated if `migrate`. A command runs
 * and exits: a small PGlite buffer cache keeps its memory low (an import of a national month stays
 * well under 250 MB; see bench/crime-rss.bench.ts).
 */
async function openDatabase(c: Config, migrate: boolean): Promise<{ database: Database; applied: number }> {
  const { createDatabase } = await import('../db/index.js');
  const { checkMigrations, runMigrations } = await import('../db/migrate.js');
  const database = await createDatabase(c, { settings: { shared_buffers: '4MB', maintenance_work_mem: '8MB', work_mem: '2MB' } });
  try {
    // runMigrations refuses a newer database itself, before it applies anything.
    if (migrate) return { database, applied: await runMigrations(database, MIGRATION_FOLDERS) };
    await checkMigrations(database, MIGRATION_FOLDERS);
    return { database, applied: 0 };
  } catch (e) {
    await database.close();
    throw e;
  }
}

async function withDatabase(migrate: boolean, fn: (database: Database, c: Config, applied: number) => Promise<void>) {
  const c = await config();
  const { database, applied } = await openDatabase(c, migrate);
  try {
    await fn(database, c, applied);
  } finally {
    await database.close();
  }
}

function coreCommands(program: Command) {
  program
    .command('migrate')
    .description('Apply the migrations this version has and the database has not (the app also does this when it starts)')
    .action(() =>
      withDatabase(true, async (_database, _c, applied) => {
        console.log(applied ? `Applied ${applied} migration(s); the database is up to date.` : 'The database is up to date.');
      }),
    );
  program
    .command('backup')
    .description('Write one file holding the whole database and every uploaded file (while the app runs, too)')
    .argument('<file>', 'where to write it, e.g. openpcc-2026-12-05.tar.gz')
    .action(async (file: string) => {
      const c = await config();
      const { askRunningApp, backup, describeBackup } = await import('../db/backup.js');
      // The embedded database is open in the running app, if one runs: it writes the backup.
      const byApp = c.databaseUrl ? false : await askRunningApp(c.dataDir, file);
      if (byApp) return console.log(`Wrote ${file} (by the running app): ${byApp}`);
      await withDatabase(false, async (database) => {
        const m = await backup(database, c.uploadDir, file);
        console.log(`Wrote ${file}: ${describeBackup(m)}`);
      });
    });
  program
    .command('restore')
    .description('Restore a backup into an empty database and upload folder (checks the whole file first)')
    .argument('<file>', 'a file written by `openpcc backup`')
    .option('--force', 'replace everything in a database or upload folder that already holds data')
    .action(async (file: string, opts: { force?: boolean }) => {
      const c = await config();
      const { createDatabase } = await import('../db/index.js');
      const { restore, verifyBackup, describeBackup } = await import('../db/backup.js');
      // The file is checked before the database is even opened: a bad file changes nothing.
      const m = await verifyBackup(file, MIGRATION_FOLDERS);
      console.log(`Checked ${file}: ${describeBackup(m)}`);
      const database = await createDatabase(c);
      try {
        const r = await restore(database, c.uploadDir, file, MIGRATION_FOLDERS, opts);
        console.log(
          `Restored ${r.tables} tables (${r.rows.toLocaleString('en-GB')} rows) and ${r.files} files${r.upgraded ? `, then applied ${r.upgraded} newer migration(s)` : ''}.`,
        );
      } finally {
        await database.close();
      }
    });
  program
    .command('audit')
    .description('The audit log')
    .command('verify')
    .description('Check the audit log has not been changed: every entry chained to the one before by its hash')
    .action(() =>
      withDatabase(true, async (database) => {
        const { reportAuditChain } = await import('../platform/cli.js');
        await reportAuditChain(database);
      }),
    );
  const users = program.command('users').description('Manage accounts');
  users
    .command('create')
    .description('Create an account (password from OPENPCC_PASSWORD or a prompt)')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .requiredOption('--role <role>', 'admin, editor, analyst, force-lead, commissioner or panel-member')
    .option('--organisation <organisation>')
    .action((opts: { email: string; name: string; role: string; organisation?: string }) =>
      withDatabase(true, async (database, c) => {
        const { ROLES, SYSTEM_ACTOR, isRole } = await import('../platform/roles.js');
        const { passwordProblem } = await import('../platform/identity/password.js');
        const { createUsersService } = await import('../platform/identity/usersService.js');
        if (!isRole(opts.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
        let password = process.env.OPENPCC_PASSWORD;
        if (!password) {
          const { createInterface } = await import('node:readline/promises');
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          password = await rl.question('Password (at least 12 characters): ');
          rl.close();
        }
        const problem = passwordProblem(password);
        if (problem) throw new Error(problem);
        const u = await createUsersService(database, { hashing: c.passwordHashing }).create(SYSTEM_ACTOR, {
          email: opts.email,
          name: opts.name,
          role: opts.role,
          password,
          organisation: opts.organisation,
        });
        console.log(`Created ${u.email} (${u.role})`);
      }),
    );
}

/** Runs a command a module adds: the whole application's services on a migrated database. */
async function runModuleCommand(program: Command, argv: string[]) {
  const c = await config();
  const { database } = await openDatabase(c, true);
  try {
    const { createPlatform } = await import('../platform/index.js');
    const platform = createPlatform(c, database);
    const words = argv
      .slice(2)
      .filter((a) => !a.startsWith('-'))
      .slice(0, 2)
      .join(' ');
    const few = FEW_MODULES[words];
    const modules = few ? await few(platform) : (await import('../modules/index.js')).createModules(platform);
    for (const m of modules) m.cli?.(program);
    await program.parseAsync(argv);
  } finally {
    await database.close();
  }
}

async function main() {
  const program = new Command('openpcc').description('OpenPCC command line').exitOverride();
  coreCommands(program);
  const argv = process.argv;
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  const moduleCommand = first !== undefined && !program.commands.some((cmd) => cmd.name() === first) && first !== 'help';
  try {
    if (moduleCommand) {
      await runModuleCommand(program, argv);
    } else {
      for (const [name, description] of Object.entries(MODULE_GROUPS)) program.command(name).description(description);
      await program.parseAsync(argv);
    }
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode ?? 1;
    } else {
      console.error(`Error: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    }
  }
}

await main();
