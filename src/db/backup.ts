import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { BulkSession, Database } from './index.js';
import { BackupFileError, createBackupWriter, readBackupEntries, sha256 } from './backupFile.js';
import { appliedMigrations, applyMigrationsIn, codeMigrations, NewerDatabaseError, ROOT_DIR, unknownMigrations } from './migrate.js';

/**
 * Backup and restore of everything an office has: every table of the database, in a form both
 * PGlite and PostgreSQL write and read (COPY's text format, per table), and every uploaded file.
 * The tables are found in the database's catalog, not listed here, so a module's new table is
 * backed up without a change here. See "Backup and restore" in the README.
 */

export const BACKUP_FORMAT = 'openpcc-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** A table's data is stored in entries of about this size (a restore holds one at a time). */
const CHUNK_BYTES = 8 * 1024 * 1024;

export interface TableInfo {
  name: string;
  /** r: a table with rows; p: a partitioned table (its rows are in its partitions). */
  kind: 'r' | 'p';
  unlogged: boolean;
  parent: string | null;
  bound: string | null;
  partitionKey: string | null;
  columns: { name: string; type: string; notNull: boolean; generated: boolean }[];
  rows: number;
  chunks: string[];
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  database: 'pglite' | 'postgres';
  /** Per migrations folder, the migrations applied (drizzle's created_at of each). */
  migrations: Record<string, number[]>;
  /** In the order they are loaded: a table after the tables its foreign keys point to. */
  tables: TableInfo[];
  indexes: { table: string; name: string; def: string }[];
  sequences: { name: string; value: string }[];
  files: { entry: string; path: string; size: number }[];
  checksums: Record<string, string>;
}

const tableInfoSchema = z.object({
  name: z.string(),
  kind: z.enum(['r', 'p']),
  unlogged: z.boolean(),
  parent: z.string().nullable(),
  bound: z.string().nullable(),
  partitionKey: z.string().nullable(),
  columns: z.array(z.object({ name: z.string(), type: z.string(), notNull: z.boolean(), generated: z.boolean() })),
  rows: z.number(),
  chunks: z.array(z.string()),
});
const manifestSchema: z.ZodType<BackupManifest> = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number(),
  appVersion: z.string(),
  createdAt: z.string(),
  database: z.enum(['pglite', 'postgres']),
  migrations: z.record(z.string(), z.array(z.number())),
  tables: z.array(tableInfoSchema),
  indexes: z.array(z.object({ table: z.string(), name: z.string(), def: z.string() })),
  sequences: z.array(z.object({ name: z.string(), value: z.string() })),
  files: z.array(z.object({ entry: z.string(), path: z.string(), size: z.number() })),
  checksums: z.record(z.string(), z.string()),
});
/** What is read of a manifest before its format version is known to be one this version reads. */
const manifestHeaderSchema = z.object({ format: z.unknown(), formatVersion: z.number(), appVersion: z.string() }).partial();

export const appVersion = (): string => z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8'))).version;
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function catalog(s: BulkSession): Promise<Pick<BackupManifest, 'tables' | 'indexes' | 'sequences'>> {
  const tables = await s.rows<{ name: string; kind: 'r' | 'p'; persistence: string; parent: string | null; bound: string | null; partkey: string | null }>(`
    select c.relname as name, c.relkind as kind, c.relpersistence as persistence, p.relname as parent,
      pg_get_expr(c.relpartbound, c.oid) as bound, case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as partkey
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    left join pg_inherits i on i.inhrelid = c.oid left join pg_class p on p.oid = i.inhparent
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`);
  const columns = await s.rows<{ table: string; name: string; type: string; not_null: boolean; generated: boolean }>(`
    select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null, a.attgenerated <> '' as generated
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped order by c.relname, a.attnum`);
  const fks = await s.rows<{ child: string; parent: string }>(`
    select ch.relname as child, pa.relname as parent from pg_constraint k
    join pg_class ch on ch.oid = k.conrelid join pg_class pa on pa.oid = k.confrelid join pg_namespace n on n.oid = ch.relnamespace
    where k.contype = 'f' and n.nspname = 'public'`);
  const indexes = await s.rows<{ table: string; name: string; def: string }>(`
    select t.relname as table, i.relname as name, pg_get_indexdef(i.oid) as def
    from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' order by t.relname, i.relname`);
  const sequences = await s.rows<{ name: string; value: string | null }>(
    `select sequencename as name, last_value::text as value from pg_sequences where schemaname = 'public' order by 1`,
  );

  const infos = new Map<string, TableInfo>();
  for (const t of tables) {
    infos.set(t.name, {
      name: t.name,
      kind: t.kind,
      unlogged: t.persistence === 'u',
      parent: t.parent,
      bound: t.bound,
      partitionKey: t.partkey,
      columns: [],
      rows: 0,
      chunks: [],
    });
  }
  for (const c of columns) infos.get(c.table)?.columns.push({ name: c.name, type: c.type, notNull: c.not_null, generated: c.generated });
  // Depth-first: a table after its partition parent and the tables its foreign keys point to.
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    const t = infos.get(name);
    if (!t || state.has(name)) return; // a cycle is left to the end-of-statement checks
    state.set(name, 'visiting');
    if (t.parent) visit(t.parent);
    for (const fk of fks) if (fk.child === name && fk.parent !== name) visit(fk.parent);
    state.set(name, 'done');
    ordered.push(t);
  };
  for (const name of infos.keys()) visit(name);
  return { tables: ordered, indexes, sequences: sequences.flatMap(({ name, value }) => (value === null ? [] : [{ name, value }])) };
}

function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

const copyColumns = (t: TableInfo) =>
  t.columns
    .filter((c) => !c.generated)
    .map((c) => q(c.name))
    .join(', ');

/**
 * Writes a backup of the database and the upload folder to `file`. The tables are read in one
 * snapshot (REPEATABLE READ on PostgreSQL; PGlite runs one transaction at a time), so a backup
 * taken while the app runs is consistent.
 */
export async function backup(database: Database, uploadDir: string, file: string): Promise<BackupManifest> {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.partial`;
  const writer = createBackupWriter(tmp);
  try {
    const manifest = await database.bulk(async (s) => {
      await s.execute('set transaction isolation level repeatable read, read only');
      const migrations = await appliedMigrations((text) => s.rows(text));
      const cat = await catalog(s);
      for (const [i, t] of cat.tables.entries()) {
        if (t.kind !== 'r') continue;
        let pending: Buffer[] = [];
        let size = 0;
        const flush = async () => {
          const name = `data/${String(i).padStart(4, '0')}/${String(t.chunks.length).padStart(6, '0')}`;
          const data = Buffer.concat(pending);
          for (const b of data) if (b === 10) t.rows++;
          await writer.add(name, data);
          t.chunks.push(name);
          pending = [];
          size = 0;
        };
        await s.copyTo(`COPY ${q(t.name)} (${copyColumns(t)}) TO STDOUT`, async (data) => {
          pending.push(data);
          size += data.length;
          if (size >= CHUNK_BYTES) await flush();
        });
        if (size) await flush();
      }
      return { migrations, ...cat };
    });
    const files: BackupManifest['files'] = [];
    for (const path of filesUnder(uploadDir)) {
      const entry = `files/${String(files.length).padStart(6, '0')}`;
      const data = readFileSync(path);
      await writer.add(entry, data);
      files.push({ entry, path: relative(uploadDir, path).split(sep).join('/'), size: data.length });
    }
    const full: Omit<BackupManifest, 'checksums'> = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: appVersion(),
      createdAt: new Date().toISOString(),
      database: database.kind,
      ...manifest,
      files,
    };
    await writer.finish(full);
    renameSync(tmp, file);
    return { ...full, checksums: writer.checksums };
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Reads the whole file and checks it: every entry against its checksum, the manifest against its
 * own, the format version, and that this version of OpenPCC knows every migration it was taken
 * at. Returns the manifest; throws BackupFileError (or NewerDatabaseError) with what is wrong.
 */
export async function verifyBackup(file: string, folders: readonly string[]): Promise<BackupManifest> {
  const seen = new Map<string, string>();
  let manifestJson: Buffer | undefined;
  let manifestSum: string | undefined;
  for await (const e of readBackupEntries(file)) {
    if (e.name === 'manifest.json') manifestJson = e.data;
    else if (e.name === 'manifest.sha256') manifestSum = e.data.toString('utf8').split(/\s/)[0];
    else seen.set(e.name, sha256(e.data));
  }
  if (!manifestJson || !manifestSum) throw new BackupFileError('The backup file is incomplete: it has no manifest (is it an OpenPCC backup?).');
  if (sha256(manifestJson) !== manifestSum) throw new BackupFileError('The backup file is damaged: its manifest does not match its checksum.');
  let json: unknown;
  try {
    json = JSON.parse(manifestJson.toString('utf8'));
  } catch {
    throw new BackupFileError('The backup file is damaged: its manifest cannot be read.');
  }
  const header = manifestHeaderSchema.safeParse(json);
  if (!header.success || header.data.format !== BACKUP_FORMAT) throw new BackupFileError('This is not an OpenPCC backup file.');
  const { formatVersion, appVersion: madeBy } = header.data;
  if (formatVersion !== undefined && formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupFileError(
      `The backup file is in format ${formatVersion}, newer than this version of OpenPCC reads (${BACKUP_FORMAT_VERSION}): restore it with OpenPCC ${madeBy} or later.`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new BackupFileError('The backup file is damaged: its manifest cannot be read.');
  const manifest = parsed.data;
  for (const [name, sum] of Object.entries(manifest.checksums)) {
    if (!seen.has(name)) throw new BackupFileError(`The backup file is incomplete: ${name} is missing.`);
    if (seen.get(name) !== sum) throw new BackupFileError(`The backup file is damaged: ${name} does not match its checksum.`);
  }
  for (const name of seen.keys()) if (!(name in manifest.checksums)) throw new BackupFileError(`The backup file is damaged: ${name} is not in its manifest.`);
  const newer = unknownMigrations(manifest.migrations, folders);
  if (newer.length) throw new NewerDatabaseError(`The backup (OpenPCC ${manifest.appVersion})`, newer);
  return manifest;
}

/** Tables in the database that hold at least one row. */
export async function tablesWithRows(database: Database): Promise<string[]> {
  const out: string[] = [];
  await database.bulk(async (s) => {
    const tables = await s.rows<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' order by 1`,
    );
    for (const t of tables) {
      const [r] = await s.rows<{ any: boolean }>(`select exists (select 1 from ${q(t.name)}) as any`);
      if (r?.any) out.push(t.name);
    }
  });
  return out;
}

export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

export interface RestoreSummary {
  manifest: BackupManifest;
  tables: number;
  rows: number;
  files: number;
  /** Migrations applied after the data, when the backup came from an older version. */
  upgraded: number;
}

/**
 * Restores `file` into `database` and `uploadDir`: checks the whole file first, refuses a database
 * or upload folder that has data unless `force`, then, in one transaction, builds the schema as it
 * was when the backup was taken, loads every table, sets the sequences and applies the migrations
 * that are newer than the backup. The files go into place once the transaction has committed.
 */
export async function restore(
  database: Database,
  uploadDir: string,
  file: string,
  folders: readonly string[],
  opts: { force?: boolean } = {},
): Promise<RestoreSummary> {
  const manifest = await verifyBackup(file, folders);
  const existingFiles = filesUnder(uploadDir);
  if (!opts.force) {
    const busy = await tablesWithRows(database);
    if (busy.length)
      throw new RestoreRefused(
        `The database already holds data (in ${busy.slice(0, 5).join(', ')}${busy.length > 5 ? ', …' : ''}). Restore into an empty database, or add --force to replace everything in it.`,
      );
    if (existingFiles.length)
      throw new RestoreRefused(
        `The upload folder ${uploadDir} already holds ${existingFiles.length} file(s). Restore into an empty folder, or add --force to replace them.`,
      );
  }
  const staging = `${uploadDir.replace(/[\\/]+$/, '')}.restoring-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const byChunk = new Map<string, TableInfo>();
  for (const t of manifest.tables) for (const c of t.chunks) byChunk.set(c, t);
  const filePaths = new Map(manifest.files.map((f) => [f.entry, f.path]));
  let upgraded = 0;
  try {
    await database.bulk(async (s) => {
      await s.execute('drop schema if exists drizzle cascade');
      await s.execute('drop schema if exists public cascade');
      await s.execute('create schema public');
      // The schema as the backup had it: its migrations, then the tables it made as it ran.
      for (const folder of folders) if (codeMigrations(folder).length) await applyMigrationsIn(s, folder, manifest.migrations[folder] ?? []);
      const present = new Set(
        (
          await s.rows<{ name: string }>(
            `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p')`,
          )
        ).map((r) => r.name),
      );
      for (const t of manifest.tables) {
        if (present.has(t.name)) continue;
        const unlogged = t.unlogged ? 'unlogged ' : '';
        const partitioned = t.partitionKey ? ` partition by ${t.partitionKey}` : '';
        const cols = t.columns.map((c) => `${q(c.name)} ${c.type}${c.notNull ? ' not null' : ''}`).join(', ');
        await s.execute(
          t.parent
            ? `create ${unlogged}table ${q(t.name)} partition of ${q(t.parent)} ${t.bound}${partitioned}`
            : `create ${unlogged}table ${q(t.name)} (${cols})${partitioned}`,
        );
      }
      const triggers = new Set(
        (
          await s.rows<{ name: string }>(
            `select distinct c.relname as name from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and not g.tgisinternal`,
          )
        ).map((r) => r.name),
      );
      // The rows, as they were: triggers of the application (e.g. ones refusing changes) stay off while they load.
      let open: { table: TableInfo; feed: PassThrough; done: Promise<void> } | undefined;
      const close = async () => {
        if (!open) return;
        open.feed.end();
        await open.done;
        if (triggers.has(open.table.name)) await s.execute(`alter table ${q(open.table.name)} enable trigger user`);
        open = undefined;
      };
      for await (const e of readBackupEntries(file)) {
        const table = byChunk.get(e.name);
        if (table) {
          if (open?.table !== table) {
            await close();
            if (triggers.has(table.name)) await s.execute(`alter table ${q(table.name)} disable trigger user`);
            const feed = new PassThrough();
            const done = s.copyFrom(`COPY ${q(table.name)} (${copyColumns(table)}) FROM STDIN`, feed);
            done.catch(() => undefined); // awaited in close(); a failure must not go unhandled meanwhile
            open = { table, feed, done };
          }
          if (!open.feed.write(e.data)) await Promise.race([once(open.feed, 'drain'), open.done]);
          continue;
        }
        await close();
        const path = filePaths.get(e.name);
        if (path !== undefined) {
          const target = join(staging, ...path.split('/').filter((p) => p && p !== '..'));
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, e.data);
        }
      }
      await close();
      const indexes = new Set(
        (
          await s.rows<{ name: string }>(
            `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('i', 'I')`,
          )
        ).map((r) => r.name),
      );
      for (const i of manifest.indexes) if (!indexes.has(i.name)) await s.execute(i.def);
      for (const sq of manifest.sequences) await s.execute(`select setval('public.${q(sq.name).replace(/'/g, "''")}', ${BigInt(sq.value).toString()}, true)`);
      // A backup of an older version: its data now goes through the migrations it had not had.
      for (const folder of folders) if (codeMigrations(folder).length) upgraded += await applyMigrationsIn(s, folder);
    });
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  mkdirSync(dirname(uploadDir.replace(/[\\/]+$/, '')), { recursive: true });
  rmSync(uploadDir, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  renameSync(staging, uploadDir);
  return {
    manifest,
    tables: manifest.tables.filter((t) => t.kind === 'r').length,
    rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
    files: manifest.files.length,
    upgraded,
  };
}

/** A one-line description of a backup, for the command line. */
export function describeBackup(m: BackupManifest): string {
  const rows = m.tables.reduce((n, t) => n + t.rows, 0);
  const bytes = m.files.reduce((n, f) => n + f.size, 0);
  return `OpenPCC ${m.appVersion} backup of ${m.createdAt} (${m.database}): ${m.tables.length} tables, ${rows.toLocaleString('en-GB')} rows, ${m.files.length} files (${(bytes / 1e6).toFixed(1)} MB)`;
}

/**
 * A backup of the embedded database while the app runs: only the app's process may open it, so the
 * command asks the app (a request file in the data folder, then SIGUSR2) and waits for its answer.
 */
export const liveBackupFiles = (dataDir: string, id: string) => ({
  request: join(dataDir, `backup-request-${id}.json`),
  answer: join(dataDir, `backup-answer-${id}.json`),
});

/** The app's side: answers every pending request in the data folder (called on SIGUSR2). */
export async function answerBackupRequests(database: Database, dataDir: string, uploadDir: string): Promise<void> {
  for (const name of readdirSync(dataDir).filter((f) => /^backup-request-[\w-]+\.json$/.test(f))) {
    const id = name.slice('backup-request-'.length, -'.json'.length);
    const files = liveBackupFiles(dataDir, id);
    let answer: object;
    try {
      const { file } = z.object({ file: z.string() }).parse(JSON.parse(readFileSync(files.request, 'utf8')));
      rmSync(files.request, { force: true });
      answer = { ok: true, description: describeBackup(await backup(database, uploadDir, file)) };
    } catch (e) {
      answer = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    writeFileSync(`${files.answer}.tmp`, JSON.stringify(answer));
    renameSync(`${files.answer}.tmp`, files.answer);
  }
}

/** The command's side: asks the app holding the data folder for a backup; false if none runs. */
export async function askRunningApp(dataDir: string, file: string, timeoutMs = 30 * 60_000): Promise<string | false> {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dataDir, 'pgdata', 'openpcc.lock'), 'utf8'));
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const id = `${process.pid}-${Date.now()}`;
  const files = liveBackupFiles(dataDir, id);
  writeFileSync(files.request, JSON.stringify({ file: resolve(file) }));
  process.kill(pid, 'SIGUSR2');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    let text: string;
    try {
      text = readFileSync(files.answer, 'utf8');
    } catch {
      continue;
    }
    rmSync(files.answer, { force: true });
    const a = z.object({ ok: z.boolean(), description: z.string().optional(), error: z.string().optional() }).parse(JSON.parse(text));
    if (!a.ok) throw new Error(`The running app could not write the backup: ${a.error}`);
    return a.description!;
  }
  rmSync(files.request, { force: true });
  throw new Error(`The running app (pid ${pid}) did not answer within ${Math.round(timeoutMs / 60_000)} minutes.`);
}
