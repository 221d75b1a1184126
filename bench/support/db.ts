import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../../src/db/index.js';
import { runMigrations } from '../../src/db/migrate.js';
import { MIGRATION_FOLDERS } from '../../src/modules/index.js';

/** The databases to benchmark: PGlite always, PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (BENCH_TARGETS narrows it). */
export function benchTargets(): ('pglite' | 'postgres')[] {
  const all: ('pglite' | 'postgres')[] = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL ? ['postgres', 'pglite'] : ['pglite'];
  // BENCH_TARGETS=postgres (or pglite) runs one of them only.
  const only = process.env.BENCH_TARGETS?.split(',').map((s) => s.trim());
  return only?.length ? all.filter((k) => only.includes(k)) : all;
}

/** A fresh, migrated database (a throwaway folder for PGlite, a throwaway database on the server for PostgreSQL). */
export async function freshDb(kind: 'pglite' | 'postgres'): Promise<Database & { destroy(): Promise<void> }> {
  if (kind === 'pglite') {
    // File-backed, as the product runs it (an in-memory PGlite grows its files by copying them).
    const dir = mkdtempSync(join(tmpdir(), 'openpcc-bench-pglite-'));
    const d = await openPglite(join(dir, 'pgdata'));
    await runMigrations(d, MIGRATION_FOLDERS);
    return {
      ...d,
      async destroy() {
        await d.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL)!;
  const name = `openpcc_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const d = await openPostgres(u.toString(), 20);
  await runMigrations(d, MIGRATION_FOLDERS);
  return {
    ...d,
    async destroy() {
      await d.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
