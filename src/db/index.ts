import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
// The drivers are loaded by the function that opens the database: a process on PostgreSQL never
// loads PGlite, nor one on PGlite node-postgres (a command's start-up is mostly loading code).
import type { PGlite } from '@electric-sql/pglite';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import type { MigrationConfig } from 'drizzle-orm/migrator';
import type pg from 'pg';
import type { Config } from '../config.js';

/** Anything that runs Drizzle queries: the database itself or a transaction on it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<PgQueryResultHKT, any, any>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs fn in one transaction: everything it writes (and its audit rows) commits or none does. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Rows of a raw SQL query, the same shape on both drivers. */
  query<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /**
   * Runs fn in one transaction on one connection, with COPY available inside it: bulk data goes
   * through COPY (never row-by-row inserts), and a load creates its staging table and COPYs into
   * it with FREEZE in the same transaction. On PGlite the whole database waits for it, so keep it
   * to the load itself.
   */
  bulk<T>(fn: (session: BulkSession) => Promise<T>): Promise<T>;
  /** Applies one migrations folder with the driver's own Drizzle migrator (see runMigrations). */
  migrate(options: MigrationConfig): Promise<void>;
  close(): Promise<void>;
  /** The underlying PGlite instance (embedded mode only). */
  pglite?: PGlite;
  /** The node-postgres pool (server mode only). */
  pool?: pg.Pool;
}

/** A connection inside a bulk transaction: raw SQL and COPY only. */
export interface BulkSession {
  execute(text: string): Promise<void>;
  copyFrom(copySql: string, data: Readable | Buffer | string): Promise<void>;
  /** The rows of a raw query. */
  rows<T = Record<string, unknown>>(text: string): Promise<T[]>;
  /** Runs `COPY … TO STDOUT`, handing its bytes to onData piece by piece. */
  copyTo(copySql: string, onData: (data: Buffer) => Promise<void>): Promise<void>;
}

async function toBuffer(data: Readable | Buffer | string): Promise<Buffer> {
  if (typeof data === 'string') return Buffer.from(data);
  if (Buffer.isBuffer(data)) return data;
  const chunks: Buffer[] = [];
  for await (const c of data) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}

/**
 * Runs independent queries side by side on the pool, but one after another inside a transaction:
 * a transaction is one connection, which must not be handed a query while it runs another.
 */
export async function gather<T extends unknown[]>(db: Db, ...queries: { [K in keyof T]: () => PromiseLike<T[K]> }): Promise<T> {
  // In a transaction each query starts when the one before it has finished (and none starts after one fails).
  let previous: Promise<unknown> = Promise.resolve();
  const start = (q: () => PromiseLike<unknown>): Promise<unknown> => {
    if (!(db instanceof PgTransaction)) return Promise.resolve(q());
    previous = previous.then(() => q());
    return previous;
  };
  // Cast: Array.map loses the tuple's element types; each result is its own query's, in order.
  return (await Promise.all(queries.map(start))) as T;
}

/** The rows of a raw `db.execute` result: node-postgres and PGlite both put them in `.rows`. */
export function rowsOf<T>(result: unknown): T[] {
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) return result.rows;
  return [];
}

/**
 * PGlite is one process's database: a second process opening the same folder corrupts it. A lock
 * file with the owner's pid refuses that with a clear message (a stale lock of a dead process is
 * taken over).
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = join(dataDir, 'openpcc.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && e.code === 'EEXIST')) throw e;
      const pid = Number(readFileSync(lockPath, 'utf8'));
      let alive = false;
      try {
        process.kill(pid, 0);
        alive = pid !== process.pid;
      } catch {
        alive = false;
      }
      if (alive) throw new Error(`The database in ${dataDir} is in use by another OpenPCC process (pid ${pid}). Stop it first, or use another DATA_DIR.`);
      unlinkSync(lockPath);
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

/**
 * The bytes as the Blob PGlite's COPY reads (it only calls arrayBuffer()). A plain Blob would copy
 * them twice more per chunk into memory Node's garbage collector does not see, so a big import
 * would pile up hundreds of MB between collections; this hands over the chunk's own bytes.
 */
class BufferBlob extends Blob {
  readonly #data: Buffer;
  constructor(data: Buffer) {
    super([]);
    this.#data = data;
  }
  override get size(): number {
    return this.#data.byteLength;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.#data;
    const own = b.buffer;
    if (own instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === own.byteLength) return Promise.resolve(own);
    const copy = new ArrayBuffer(b.byteLength);
    new Uint8Array(copy).set(b);
    return Promise.resolve(copy);
  }
}
const blobOf = (buf: Buffer): Blob => new BufferBlob(buf);
const blobSql = (copySql: string) => copySql.replace(/FROM\s+STDIN/i, "FROM '/dev/blob'");

export interface PgliteOptions {
  /**
   * PostgreSQL settings for this process only (e.g. shared_buffers, which PGlite touches in full at
   * start, and maintenance_work_mem): a short-lived process such as the CLI asks for less memory.
   */
  settings?: Record<string, string>;
}

export async function openPglite(dataDir?: string, options: PgliteOptions = {}): Promise<Database> {
  // dataDir undefined = in memory, used only by tests; real data always lives in a folder.
  let unlock = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  // A start parameter, not postgresqlconf (which PGlite writes over the data folder's postgresql.conf).
  const extra = Object.entries(options.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
  const extraParams = extra.length ? { startParams: [...PGliteClass.defaultStartParams, ...extra] } : {};
  const client = dataDir ? await PGliteClass.create(dataDir, extraParams) : await PGliteClass.create(extraParams);
  process.once('exit', unlock);
  const drizzleDb = drizzlePglite({ client });
  const db: Db = drizzleDb;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    migrate: async (options) => {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(drizzleDb, options);
    },
    transaction: (fn) => db.transaction((tx) => fn(tx)),
    query: async (q) => rowsOf(await db.execute(q)),
    bulk: (fn) =>
      client.transaction((tx) =>
        fn({
          execute: async (text) => {
            await tx.exec(text);
          },
          copyFrom: async (copySql, data) => {
            await tx.query(blobSql(copySql), [], { blob: blobOf(await toBuffer(data)) });
          },
          rows: async <T>(text: string) => (await tx.query<T>(text)).rows,
          copyTo: async (copySql, onData) => {
            const r = await tx.query(copySql.replace(/TO\s+STDOUT/i, "TO '/dev/blob'"));
            if (r.blob) await onData(Buffer.from(await r.blob.arrayBuffer()));
          },
        }),
      ),
    close: async () => {
      await client.close();
      unlock();
    },
  };
}

async function pgCopy(client: pg.PoolClient, copySql: string, data: Readable | Buffer | string) {
  const { from: copyFromStream } = await import('pg-copy-streams');
  const target = client.query(copyFromStream(copySql));
  const source = typeof data === 'string' || Buffer.isBuffer(data) ? Readable.from([data]) : data;
  await pipeline(source, target);
}

export async function openPostgres(url: string, max = 10): Promise<Database> {
  const { default: pgLib } = await import('pg');
  const { drizzle: drizzlePg } = await import('drizzle-orm/node-postgres');
  const pool = new pgLib.Pool({ connectionString: url, max });
  // An idle connection closed by the server (restart, failover, a dropped database) must not crash
  // the process: the pool discards that client and opens a new one when needed.
  pool.on('error', (err) => {
    if (!('code' in err && err.code === '57P01')) console.warn(`database: idle connection lost: ${err.message}`);
  });
  const drizzleDb = drizzlePg({ client: pool });
  const db: Db = drizzleDb;
  await pool.query('select 1');
  return {
    kind: 'postgres',
    db,
    pool,
    migrate: async (options) => {
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      await migrate(drizzleDb, options);
    },
    transaction: (fn) => db.transaction((tx) => fn(tx)),
    query: async (q) => rowsOf(await db.execute(q)),
    async bulk(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('begin');
        const out = await fn({
          execute: async (text) => {
            await client.query(text);
          },
          copyFrom: (copySql, data) => pgCopy(client, copySql, data),
          rows: async (text: string) => (await client.query(text)).rows,
          copyTo: async (copySql, onData) => {
            const { to: copyToStream } = await import('pg-copy-streams');
            for await (const chunk of client.query(copyToStream(copySql))) await onData(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
          },
        });
        await client.query('commit');
        return out;
      } catch (e) {
        try {
          await client.query('rollback');
        } catch {
          broken = true;
        }
        throw e;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/** PGlite in DATA_DIR unless DATABASE_URL names a PostgreSQL server. */
export async function createDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>, pglite: PgliteOptions = {}): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite(join(config.dataDir, 'pgdata'), pglite);
}

export async function ping(database: Database): Promise<boolean> {
  const rows = await database.query<{ ok: number }>(sql`select 1 as ok`);
  return rows[0]?.ok === 1;
}
