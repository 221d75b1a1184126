import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../../src/db/index.js';
import { runMigrations } from '../../src/db/migrate.js';
import { MIGRATION_FOLDERS } from '../../src/modules/index.js';

export interface TestDb extends Database {
  /** Closes the connection and drops the throwaway database. */
  destroy(): Promise<void>;
  /** The address of a PostgreSQL test database (for another process to open it). */
  url?: string;
}

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, or a new database
 * on the PostgreSQL server named by TEST_DATABASE_URL (dropped afterwards).
 */
export async function createTestDb(): Promise<TestDb> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = await openPglite();
    await runMigrations(database, MIGRATION_FOLDERS);
    return { ...database, destroy: () => database.close() };
  }
  return createTestDbOf('postgres', { migrate: true });
}

/**
 * A fresh database of the given kind, not migrated unless asked: PGlite in a temporary folder (as
 * the product runs it) or a new database on the TEST_DATABASE_URL server; destroy() removes it.
 */
export async function createTestDbOf(kind: 'pglite' | 'postgres', opts: { migrate?: boolean } = {}): Promise<TestDb> {
  if (kind === 'pglite') {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'openpcc-testdb-'));
    const database = await openPglite(join(dir, 'pgdata'));
    if (opts.migrate) await runMigrations(database, MIGRATION_FOLDERS);
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
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openPostgres(target.toString(), 5);
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
