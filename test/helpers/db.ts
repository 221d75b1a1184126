import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../../src/db/index.js';
import { runMigrations } from '../../src/db/migrate.js';
import { loadConfig } from '../../src/config.js';
import { MIGRATION_FOLDERS } from '../../src/modules/index.js';
import { copyTemplate, pgliteTemplate, postgresTemplate, scratchDir } from './template.js';

export interface TestDb extends Database {
  /** Closes the connection and drops the throwaway database. */
  destroy(): Promise<void>;
  /** The address of a PostgreSQL test database (for another process to open it). */
  url?: string;
}

/**
 * A fresh, migrated database for one test file: PGlite (a copy of the migrated template, see
 * template.ts) by default, or a new database on the PostgreSQL server named by TEST_DATABASE_URL
 * (dropped afterwards).
 */
export async function createTestDb(): Promise<TestDb> {
  return createTestDbOf(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite', { migrate: true });
}

/**
 * A fresh database of the given kind, not migrated unless asked: PGlite in a temporary folder (as
 * the product runs it) or a new database on the TEST_DATABASE_URL server; destroy() removes it.
 * Either starts as a copy of a template (template.ts): the same content as making it and running
 * the migrations, without paying for that in every test file.
 */
export async function createTestDbOf(kind: 'pglite' | 'postgres', opts: { migrate?: boolean } = {}): Promise<TestDb> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(scratchDir(), 'openpcc-testdb-'));
    copyTemplate(await pgliteTemplate(opts.migrate ? 'migrated' : 'empty'), join(dir, 'pgdata'));
    // With the server's buffer cache (PGlite sets all of it up at every open).
    const database = await openPglite(join(dir, 'pgdata'), { settings: { shared_buffers: loadConfig({ NODE_ENV: 'test' }).pgliteSharedBuffers } });
    return {
      ...database,
      async destroy() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('createTestDbOf("postgres") needs TEST_DATABASE_URL');
  const name = `openpcc_test_${randomBytes(6).toString('hex')}`;
  const template = opts.migrate ? await postgresTemplate(url) : undefined;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openPostgres(target.toString(), 5);
  // Applies nothing on a copy of the template (every folder is up to date); kept so a database
  // made any other way would still be whole.
  if (opts.migrate) await runMigrations(database, MIGRATION_FOLDERS);
  return {
    ...database,
    url: target.toString(),
    async destroy() {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** The kinds of database the integration suite can use: PGlite, and PostgreSQL when TEST_DATABASE_URL is set. */
export const testDbKinds = (): ('pglite' | 'postgres')[] => (process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']);
