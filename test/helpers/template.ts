import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres } from '../../src/db/index.js';
import { ROOT_DIR, runMigrations } from '../../src/db/migrate.js';
import { MIGRATION_FOLDERS } from '../../src/modules/folders.js';

/**
 * Template databases, so a test file starts from a copy instead of paying for the work each time:
 * PGlite's initdb (seconds of WebAssembly per database) and every module's migrations.
 *
 * - PGlite: two data folders under .tmp/test-db/<key>/ ('empty': initdb done, nothing migrated;
 *   'migrated': every migration applied), made once and copied for each test database. They are
 *   kept between runs: the key is a hash of everything that decides their content (the migration
 *   files, their order, the PGlite and Drizzle versions), so a changed migration makes new ones.
 * - PostgreSQL (TEST_DATABASE_URL): a migrated database `openpcc_tpl_<key>` on the server, which
 *   each test database is created from (`create database … template …`).
 *
 * The int project's globalSetup makes them before any worker starts; a worker that finds one
 * missing (a helper used outside that project) makes it itself, atomically, so it works either way.
 */

const TEMPLATE_ROOT = join(ROOT_DIR, '.tmp', 'test-db');

let cachedKey: string | undefined;
/** A hash of every input of a migrated database's content. */
export function templateKey(): string {
  if (cachedKey) return cachedKey;
  const h = createHash('sha256');
  const versionOf = (pkg: string) => JSON.parse(readFileSync(join(ROOT_DIR, 'node_modules', pkg, 'package.json'), 'utf8')).version as string;
  h.update(`pglite ${versionOf('@electric-sql/pglite')}\ndrizzle ${versionOf('drizzle-orm')}\nfolders ${MIGRATION_FOLDERS.join(',')}\n`);
  const migrations = join(ROOT_DIR, 'migrations');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
      .sort();
  for (const file of walk(migrations))
    h.update(`${relative(migrations, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  h.update(readFileSync(join(ROOT_DIR, 'src', 'db', 'migrate.ts')));
  cachedKey = h.digest('hex').slice(0, 16);
  return cachedKey;
}

/** Where test databases' folders go: memory-backed /dev/shm when the machine has it. */
export function scratchDir(): string {
  const shm = '/dev/shm';
  try {
    if (statSync(shm).isDirectory()) return shm;
  } catch {
    // no /dev/shm (macOS, Windows)
  }
  return tmpdir();
}

/**
 * The PGlite template data folder of this kind, made if missing. Built in a folder of its own and
 * renamed into place, so two processes making it at once both end with a whole one.
 */
export async function pgliteTemplate(kind: 'empty' | 'migrated'): Promise<string> {
  const dir = join(TEMPLATE_ROOT, templateKey());
  const target = join(dir, kind);
  if (existsSync(join(target, 'PG_VERSION'))) return target;
  mkdirSync(dir, { recursive: true });
  const building = join(dir, `building-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const empty = join(building, 'empty');
    const db = await openPglite(empty);
    await db.close();
    const migrated = join(building, 'migrated');
    cpSync(empty, migrated, { recursive: true });
    const mdb = await openPglite(migrated);
    await runMigrations(mdb, MIGRATION_FOLDERS);
    await mdb.close();
    for (const k of ['empty', 'migrated'] as const) {
      try {
        renameSync(join(building, k), join(dir, k));
      } catch (e) {
        // Another process put a whole one there first: keep theirs.
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
      }
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  pruneOldTemplates();
  return target;
}

/**
 * Templates of earlier keys (older migrations) are removed when a new one is made, once they are
 * an hour old (a run that started before the change may still be copying one).
 */
function pruneOldTemplates() {
  const key = templateKey();
  for (const name of readdirSync(TEMPLATE_ROOT)) {
    const path = join(TEMPLATE_ROOT, name);
    if (name !== key && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
}

/** A copy of a template folder at dir (the lock file of the process that made it is not copied). */
export function copyTemplate(template: string, dir: string) {
  cpSync(template, dir, { recursive: true, filter: (src) => !src.endsWith('openpcc.lock') });
}

/** The name of the migrated template database on the TEST_DATABASE_URL server, made if missing. */
export async function postgresTemplate(url: string): Promise<string> {
  const name = `openpcc_tpl_${templateKey()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    // One maker at a time on this server; the others wait, then find it made.
    await admin.query('select pg_advisory_lock(7301730)');
    const found = await admin.query('select 1 from pg_database where datname = $1 and datistemplate', [name]);
    if (found.rowCount) return name;
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const database = await openPostgres(target.toString(), 2);
    try {
      await runMigrations(database, MIGRATION_FOLDERS);
    } finally {
      await database.close();
    }
    // Marked a template last: an interrupted make is not mistaken for a whole one.
    await admin.query(`alter database ${name} is_template true`);
    return name;
  } finally {
    await admin.query('select pg_advisory_unlock(7301730)').catch(() => {});
    await admin.end();
  }
}
