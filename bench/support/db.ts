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
  const server = await serverDatabase();
  const d = await openPostgres(server.url, 20);
  await runMigrations(d, MIGRATION_FOLDERS);
  return {
    ...d,
    async destroy() {
      await d.close();
      await server.drop();
    },
  };
}

/**
 * A new, empty database on the benchmarks' PostgreSQL server (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL): its address, a checkpoint of the server (so that a timed step does not pay
 * for writing out what earlier work left in memory) and how to drop it.
 */
export async function serverDatabase(): Promise<{ url: string; checkpoint(): Promise<void>; drop(): Promise<void> }> {
  const server = (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL)!;
  const name = `openpcc_bench_${randomBytes(5).toString('hex')}`;
  const sql = async (text: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await sql(`create database ${name}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  return { url: u.toString(), checkpoint: () => sql('checkpoint'), drop: () => sql(`drop database if exists ${name} with (force)`) };
}
