import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createModules, MIGRATION_FOLDERS } from '../modules/index.js';
import type { CrimeModule } from '../modules/crime/index.js';
import { fileSource } from '../modules/crime/sources.js';
import { CLEVELAND_SETTINGS, DEMO_PASSWORD, DEMO_USERS } from '../platform/demo.js';
import { createPlatform } from '../platform/index.js';
import { SYSTEM_ACTOR } from '../platform/roles.js';
import { createTestDbOf, testDbKinds, type TestDb } from '../../test/helpers/db.js';
import { backup, restore, tablesWithRows, verifyBackup, type BackupManifest } from './backup.js';
import { BackupFileError } from './backupFile.js';
import { appliedMigrations, applyMigrationsIn, codeMigrations, ROOT_DIR, rowsOn } from './migrate.js';
import type { Database } from './index.js';

const work = mkdtempSync(join(tmpdir(), 'openpcc-backup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const configFor = (name: string) => loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: join(work, name) });

/** The demo, with one month of police.uk data (the full 24 months add minutes and nothing new to a backup). */
async function loadSmallDemo(database: Database, uploadDir: string) {
  const platform = createPlatform({ ...configFor('source'), uploadDir }, database);
  const modules = createModules(platform);
  await platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  for (const u of DEMO_USERS) await platform.users.create(SYSTEM_ACTOR, { ...u, password: DEMO_PASSWORD, isDemo: true });
  for (const m of modules) {
    if (m.name === 'crime') {
      const crime = m as CrimeModule;
      const dir = join(ROOT_DIR, 'seeds', 'police-uk');
      const files = readdirSync(dir).filter((f) => f.startsWith('2023-04-cleveland-'));
      const done = await crime.service.importFiles(
        files.map((f) => fileSource(join(dir, f))),
        { actor: SYSTEM_ACTOR, source: 'demo' },
      );
      expect(done.map((s) => s.status)).toEqual(files.map(() => 'done'));
    } else await m.loadDemo?.();
  }
  // Uploaded files, one of them binary with every byte value.
  await platform.storage.put(Buffer.from(Array.from({ length: 256 * 4 }, (_, i) => i % 256)), 'bytes.bin');
  await platform.storage.put(Buffer.from('Minutes of the Panel, 5 December 2026\n'), 'minutes.txt');
}

function treeOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out[relative(dir, join(d, e.name))] = readFileSync(join(d, e.name)).toString('base64');
    }
  };
  walk(dir);
  return out;
}

/** Every table's rows as text, sorted: what the two databases hold, compared whole. */
async function contents(database: Database): Promise<Record<string, string>> {
  return database.bulk(async (s) => {
    await s.execute(`set local timezone = 'UTC'`);
    const tables = await s.rows<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' order by 1`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const [r] = await s.rows<{ n: string; sum: string | null }>(
        `select count(*)::text as n, md5(string_agg(x::text, E'\\n' order by x::text)) as sum from "${name}" x`,
      );
      out[name] = `${r.n} ${r.sum ?? ''}`;
    }
    return out;
  });
}

/** Every API document that needs no parameter, as JSON and as CSV where offered. */
async function apiDocuments(database: Database, uploadDir: string): Promise<Record<string, string>> {
  const { app } = await buildApp({ config: { ...configFor('api'), uploadDir }, database });
  await app.ready();
  try {
    const spec = app.swagger() as { paths: Record<string, { get?: unknown }> };
    const paths = Object.keys(spec.paths).filter((p) => spec.paths[p].get && !p.includes('{'));
    expect(paths.length).toBeGreaterThan(5);
    const out: Record<string, string> = {};
    for (const p of paths) {
      for (const accept of ['application/json', 'text/csv']) {
        const res = await app.inject({ method: 'GET', url: p, headers: { accept } });
        out[`${accept} ${p}`] = `${res.statusCode} ${res.body}`;
      }
    }
    return out;
  } finally {
    await app.close();
  }
}

describe.each(testDbKinds())('a backup of the demo on %s', (sourceKind) => {
  let source: TestDb;
  const sourceUploads = join(work, `${sourceKind}-uploads`);
  const file = join(work, `${sourceKind}.tar.gz`);
  let manifest: BackupManifest;
  let expected: { tables: Record<string, string>; api: Record<string, string>; files: Record<string, string> };

  beforeAll(async () => {
    source = await createTestDbOf(sourceKind, { migrate: true });
    await loadSmallDemo(source, sourceUploads);
    manifest = await backup(source, sourceUploads, file);
    expected = { tables: await contents(source), api: await apiDocuments(source, sourceUploads), files: treeOf(sourceUploads) };
  }, 900_000); // the demo's load: minutes on a busy machine
  afterAll(() => source?.destroy());

  it('holds every table of the catalog, crime partitions included, and every uploaded file', () => {
    expect(manifest.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['users', 'audit_log', 'sessions', 'crime_ids']));
    expect(manifest.tables.some((t) => t.parent !== null && t.name.startsWith('crime_ids_'))).toBe(true);
    expect(manifest.files).toHaveLength(Object.keys(expected.files).length);
  });

  it('lists a table after the tables its foreign keys point to', async () => {
    const order = manifest.tables.map((t) => t.name);
    const fks = await source.query<{ child: string; parent: string }>(
      sql.raw(`select ch.relname as child, pa.relname as parent from pg_constraint k
      join pg_class ch on ch.oid = k.conrelid join pg_class pa on pa.oid = k.confrelid where k.contype = 'f' and ch.relname <> pa.relname`),
    );
    expect(fks.length).toBeGreaterThan(10);
    for (const fk of fks) expect(order.indexOf(fk.parent), `${fk.child} → ${fk.parent}`).toBeLessThan(order.indexOf(fk.child));
  });

  it.each(testDbKinds())(
    'restores into an empty %s: every table, API document and file the same',
    async (targetKind) => {
      const target = await createTestDbOf(targetKind);
      const uploads = join(work, `${sourceKind}-to-${targetKind}`, 'uploads');
      try {
        const r = await restore(target, uploads, file, MIGRATION_FOLDERS);
        expect(r.upgraded).toBe(0);
        expect(await contents(target)).toEqual(expected.tables);
        expect(treeOf(uploads)).toEqual(expected.files);
        expect(await apiDocuments(target, uploads)).toEqual(expected.api);
        // the sequences go on from where they were: a new audit row gets the next id
        const [{ max }] = await target.query<{ max: string }>(sql.raw('select max(id)::text as max from audit_log'));
        const [{ next }] = await target.query<{ next: string }>(sql.raw(`select nextval(pg_get_serial_sequence('audit_log', 'id'))::text as next`));
        expect(BigInt(next)).toBe(BigInt(max) + 1n);

        // a database with data is refused unless --force, and nothing in it changes
        await expect(restore(target, uploads, file, MIGRATION_FOLDERS)).rejects.toThrow(/already holds data.*--force/s);
        await target.query(sql.raw(`delete from sessions`));
        const before = await contents(target);
        await expect(restore(target, uploads, file, MIGRATION_FOLDERS)).rejects.toThrow(/already holds data/);
        expect(await contents(target)).toEqual(before);
        await restore(target, uploads, file, MIGRATION_FOLDERS, { force: true });
        expect(await contents(target)).toEqual(expected.tables);
      } finally {
        await target.destroy();
      }
    },
    300_000,
  );

  it('refuses a truncated or altered file with a clear error, and changes nothing', async () => {
    const whole = readFileSync(file);
    const truncated = join(work, `${sourceKind}-truncated.tar.gz`);
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    // altered inside: one byte of a table's data changed, the file compressed again (gzip's own check passes)
    const tar = gunzipSync(whole);
    const at = tar.indexOf(Buffer.from('admin@demo.openpcc.test'));
    expect(at).toBeGreaterThan(0);
    tar[at] = 'A'.charCodeAt(0);
    const altered = join(work, `${sourceKind}-altered.tar.gz`);
    writeFileSync(altered, gzipSync(tar));
    // altered on disk: a byte of the compressed stream
    const flipped = Buffer.from(whole);
    flipped[Math.floor(flipped.length / 2)] ^= 0xff;
    const corrupt = join(work, `${sourceKind}-corrupt.tar.gz`);
    writeFileSync(corrupt, flipped);

    const target = await createTestDbOf(sourceKind);
    const uploads = join(work, `${sourceKind}-refused`, 'uploads');
    try {
      await expect(restore(target, uploads, truncated, MIGRATION_FOLDERS)).rejects.toThrow(/The backup file is incomplete: it ends early/);
      await expect(restore(target, uploads, altered, MIGRATION_FOLDERS)).rejects.toThrow(
        /The backup file is damaged: data\/\d+\/\d+ does not match its checksum/,
      );
      await expect(restore(target, uploads, corrupt, MIGRATION_FOLDERS)).rejects.toThrow(BackupFileError);
      await expect(verifyBackup(join(work, 'no-such-file.tar.gz'), MIGRATION_FOLDERS)).rejects.toThrow(/No backup file at/);
      const tables = await target.query<{ n: number }>(
        sql.raw(
          `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('public', 'drizzle') and c.relkind = 'r'`,
        ),
      );
      expect(tables[0].n).toBe(0);
      expect(() => readdirSync(uploads)).toThrow();
    } finally {
      await target.destroy();
    }
  }, 300_000);
});

describe('a backup taken by an older version', () => {
  it('is restored at its own schema, then brought up to date by the migrations it had not had', async () => {
    const kind = testDbKinds().at(-1)!;
    const old = await createTestDbOf(kind);
    const latest = codeMigrations('delivery').at(-1)!.folderMillis;
    // the source as the previous version left it: every migration but delivery's newest
    await old.bulk(async (s) => {
      for (const folder of MIGRATION_FOLDERS) {
        const all = codeMigrations(folder).map((m) => m.folderMillis);
        if (all.length) await applyMigrationsIn(s, folder, folder === 'delivery' ? all.filter((m) => m !== latest) : all);
      }
    });
    const platform = createPlatform(configFor('old'), old);
    await platform.users.create(SYSTEM_ACTOR, { email: 'kept@example.test', name: 'Kept Across', role: 'editor', password: 'a-long-enough-password' });
    const file = join(work, 'old.tar.gz');
    await backup(old, join(work, 'old-uploads'), file);
    await old.destroy();

    const target = await createTestDbOf(kind);
    try {
      const r = await restore(target, join(work, 'old-restored', 'uploads'), file, MIGRATION_FOLDERS);
      expect(r.upgraded).toBe(1);
      const applied = await appliedMigrations(rowsOn(target));
      for (const folder of MIGRATION_FOLDERS) expect(applied[folder] ?? []).toEqual(codeMigrations(folder).map((m) => m.folderMillis));
      expect(await tablesWithRows(target)).toContain('users');
      const users = await target.query<{ email: string }>(sql.raw(`select email from users`));
      expect(users.map((u) => u.email)).toEqual(['kept@example.test']);
    } finally {
      await target.destroy();
    }
  }, 300_000);
});
