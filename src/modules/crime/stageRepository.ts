import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/index.js';
import { categoryAliases } from './categories.js';
import type { CsvChunker } from './chunker.js';
import { ImportRefused } from '../../platform/importKit.js';
import { copyProblem } from './importChecks.js';
import type { ImportSource } from './importTypes.js';
import { literal } from './crimeIds.js';
import { headerProblem, KIND_COLUMNS } from './kinds.js';
import type { CrimeKind } from './months.js';

type Row = Record<string, unknown>;

export function valuesList(pairs: [string, string][]): SQL {
  return sql`(values ${sql.join(
    pairs.map(([a, b]) => sql`(${a}, ${b})`),
    sql`, `,
  )})`;
}

/** police.uk crime type names, old and new, and slugs → category slug, as a VALUES list. */
export const CATEGORY_ALIASES = valuesList(categoryAliases());

/** A property of an error (or anything thrown), if it has one. */
export function prop(e: unknown, key: string): unknown {
  return typeof e === 'object' && e !== null ? Reflect.get(e, key) : undefined;
}

/** A database array of text (or numbers) as strings; none when null. */
export function textList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/** The SQLSTATE of a database error, from either driver (Drizzle wraps it as the cause). */
function errorCode(e: unknown): string | undefined {
  const code = prop(e, 'code') ?? prop(prop(e, 'cause'), 'code');
  return typeof code === 'string' ? code : undefined;
}

/**
 * A staging table's columns in stored order, with their types: for street files, the columns
 * every row is read for (Crime ID, crime type, LSOA, …) come first, so a pass over a million rows
 * unpacks fewer fields of each (COPY names the columns in the file's order, whatever the stored
 * one), and the coordinates are numeric, so COPY itself refuses one that is not a number, with its
 * line (cheaper than any check of the text afterwards). Everything else is text, checked in SQL.
 * (Not double precision: PGlite's WebAssembly reads that so slowly that its COPY took half as long again.)
 */
function stagedColumns(kind: CrimeKind): string[] {
  const cols = KIND_COLUMNS[kind].map(([, c]) => c);
  if (kind !== 'street') return cols.map((c) => `${c} text`);
  const first = ['crime_id', 'crime_type', 'month', 'lsoa_code', 'falls_within', 'longitude', 'latitude', 'lsoa_name'];
  return [...first, ...cols.filter((c) => !first.includes(c))].map((c) => `${c} ${c === 'longitude' || c === 'latitude' ? 'numeric' : 'text'}`);
}

/** A file's staging tables (one per COPY stream) and, per table, the file's chunks it holds in order. */
export interface Stage {
  base: string;
  tables: string[];
  parts: { firstRecord: number; records: number }[][];
}

/** A COPY stream that failed (which one, and its error). */
class StreamFailure extends Error {
  constructor(
    readonly table: number,
    readonly error: unknown,
  ) {
    super(String(prop(error, 'message') ?? error));
  }
}

/** An error that only says a stream was stopped because another failed. */
function isAbort(e: unknown): boolean {
  const m = String(prop(e, 'message') ?? '');
  return /^aborted: another COPY stream|COPY from stdin failed|premature close/i.test(m) || prop(e, 'code') === 'ERR_STREAM_PREMATURE_CLOSE';
}

/** Every staged row, whichever table it is in. */
export function stagedRows(stage: Stage): string {
  const used = stage.tables.filter((_, i) => stage.parts[i].length);
  if (used.length <= 1) return used[0] ?? stage.tables[0];
  return `(${used.map((t) => `select * from ${t}`).join(' union all ')})`;
}

/**
 * The staged rows with their record number in the file (1 = the first row after the header) as
 * rn. Read only to find rows by line: problems, and repeated Crime IDs (it sorts).
 */
export function recordsOf(stage: Stage): string {
  const selects = stage.tables.flatMap((table, i) => {
    let start = 1;
    const ranges = stage.parts[i].map((p) => {
      const r = `(${start}, ${start + p.records - 1}, ${p.firstRecord})`;
      start += p.records;
      return r;
    });
    if (!ranges.length) return [];
    return [
      `select c.first + (r.local - c.start) as rn, r.* from (select row_number() over (order by ctid) as local, * from ${table}) r
      join (values ${ranges.join(', ')}) as c(start, stop, first) on r.local between c.start and c.stop`,
    ];
  });
  return selects.length ? `(${selects.join(' union all ')})` : `(select 0 as rn, * from ${stage.tables[0]} where false)`;
}

/**
 * SQL of a file's staging tables (ADR 0010): the COPY into them, the street summary, the new Crime
 * IDs and the dropping of them all. Every function runs on the database given.
 */
export function createStageRepository(database: Database) {
  const exec = (q: SQL | string) => database.query<Row>(typeof q === 'string' ? sql.raw(q) : q);

  /**
   * Streams the file into new UNLOGGED staging tables (see stagedColumns). Each table is created and
   * filled by COPY … FREEZE in one transaction: rows are stored frozen (no hint bits to set on
   * first read) in the order they came, so a row's place (ctid order) gives its record. On
   * PostgreSQL a street file goes to two tables at once, chunks taken in turn, so two server
   * processes parse it side by side (the chunk list maps a table's n-th row back to the file).
   */
  async function copyIntoStage(src: ImportSource, stage: Stage, kind: CrimeKind, chunker: CsvChunker, onBytes: (bytes: number) => unknown): Promise<void> {
    const cols = KIND_COLUMNS[kind];
    const colList = cols.map(([, c]) => c).join(', ');
    // A quoted empty Crime ID or coordinate ("") is stored as none (null), as an unquoted one is.
    const forceNull = kind === 'street' ? ', FORCE_NULL (crime_id, longitude, latitude)' : '';
    const create = (table: string) => `create unlogged table ${table} (${stagedColumns(kind).join(', ')})`;
    const copySql = (table: string) => `COPY ${table} (${colList}) FROM STDIN WITH (FORMAT csv, FREEZE${forceNull})`;
    let lastReport = 0;
    // Where the chunker copies what it keeps (PGlite), the file is read into reused buffers.
    const reuse = chunker.copiesInput && src.readReusing !== undefined;
    const stream = reuse ? undefined : await src.open();
    async function* pieces() {
      for await (const chunk of chunker.chunks(stream ?? src.readReusing!())) {
        if (chunk.firstRecord === 1) {
          const hp = headerProblem(kind, chunker.header);
          if (hp) throw new ImportRefused([hp]);
        }
        yield chunk;
        if (chunker.bytes - lastReport > 4 * 1024 * 1024) {
          lastReport = chunker.bytes;
          // On PGlite a progress write would wait for the load's own transaction: not awaited there.
          if (database.kind === 'pglite') void Promise.resolve(onBytes(chunker.bytes)).catch(() => undefined);
          else await onBytes(chunker.bytes);
        }
      }
      const hp = headerProblem(kind, chunker.header);
      if (hp) throw new ImportRefused([hp]);
    }
    try {
      if (database.kind === 'postgres') {
        // A feed's own error is told by its COPY's promise (or the pump's); the listener keeps a feed
        // stopped after its COPY has already finished from raising it a second time, uncaught.
        const feeds = stage.tables.map(() => new PassThrough({ highWaterMark: 2 * 1024 * 1024 }).on('error', () => undefined));
        // One stream failing stops the others (their transactions roll back): a refusal is passed
        // on as it is, anything else as an abort, so the failing stream's own error is the one told.
        const stop = (e: unknown) => {
          const reason = e instanceof ImportRefused ? e : new Error('aborted: another COPY stream of this file failed');
          for (const f of feeds) if (!f.destroyed && !f.readableEnded) f.destroy(reason);
        };
        const copies = stage.tables.map((table, i) =>
          database
            .bulk(async (s) => {
              await s.execute(create(table));
              await s.copyFrom(copySql(table), feeds[i]);
            })
            .catch((e: unknown) => {
              stop(e);
              throw e instanceof ImportRefused ? e : new StreamFailure(i, e);
            }),
        );
        // Each chunk goes to the stream with the least still to send (its table's list of chunks
        // says which rows it holds); only when every stream is full does the pump wait, for the
        // first to drain, so a stream that falls behind never holds the other up.
        const nextFeed = async (): Promise<number> => {
          let best = 0;
          for (let j = 1; j < feeds.length; j++) if (feeds[j].writableLength < feeds[best].writableLength) best = j;
          if (!feeds[best].writableNeedDrain) return best;
          const waiting = new AbortController();
          try {
            return await Promise.race(feeds.map((f, j) => once(f, 'drain', { signal: waiting.signal }).then(() => j)));
          } finally {
            waiting.abort();
          }
        };
        const pump = (async () => {
          try {
            for await (const chunk of pieces()) {
              const i = await nextFeed();
              stage.parts[i].push({ firstRecord: chunk.firstRecord, records: chunk.records });
              for (const part of chunk.parts) feeds[i].write(part);
            }
            for (const f of feeds) f.end();
          } catch (e) {
            stop(e);
            throw e;
          }
        })();
        const results = await Promise.allSettled([pump, ...copies]);
        const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r): unknown => r.reason);
        const refusal = failures.find((e) => e instanceof ImportRefused);
        if (refusal) throw refusal;
        const broken = failures.find((e) => e instanceof StreamFailure && !isAbort(e.error)) ?? failures.find((e) => e instanceof StreamFailure);
        if (broken instanceof StreamFailure)
          throw new ImportRefused([copyProblem(broken.error, (n) => chunker.recordAtLine(stage.parts[broken.table], n), chunker, cols)]);
        if (failures.length) throw failures[0];
      } else {
        // PGlite: one connection, so the transaction holds the database for the load (about two
        // seconds for a national month); progress is reported without waiting for it.
        await database.bulk(async (s) => {
          const table = stage.tables[0];
          await s.execute(create(table));
          for await (const chunk of pieces()) {
            try {
              await s.copyFrom(copySql(table), chunk.data);
            } catch (e) {
              throw new ImportRefused([copyProblem(e, (n) => chunker.recordAtLine([chunk], n), chunker, cols)]);
            }
            stage.parts[0].push({ firstRecord: chunk.firstRecord, records: chunk.records });
          }
        });
      }
    } finally {
      stream?.destroy?.();
    }
  }

  /**
   * One pass over a street file's rows into ${stage}_g: counts by the raw month, crime type, LSOA
   * and "Falls within" values, with the largest absolute longitude and latitude (numbers already:
   * COPY checked them) and how many have no Crime ID. Everything after (checks, notes, rollups)
   * reads this small table. Returns true when some group fails a check (a coordinate out of range
   * or NaN among them), so the rows are then looked at one by one for their lines.
   */
  async function summariseStreet(stage: Stage, month: string): Promise<boolean> {
    // Any of the group's LSOA names will do (they are the same): any_value from PostgreSQL 16, else
    // min by bytes (collate "C"), not by the database's collation, which compares far more slowly.
    const anyName = (await serverVersion()) >= 160000 ? 'any_value(lsoa_name)' : 'min(lsoa_name collate "C")';
    await database.transaction(async (tx) => {
      // A hash aggregate, whatever the planner guesses of a table it has no statistics for.
      await tx.execute(sql.raw(`set local enable_sort = off`));
      await tx.execute(sql.raw(`set local jit = off`));
      // One process: on PostgreSQL the summary runs beside the Crime IDs' build (crimeImport.ts),
      // and parallel workers would take the cores that build needs, costing twice the CPU in all.
      await tx.execute(sql.raw(`set local max_parallel_workers_per_gather = 0`));
      await tx.execute(
        sql.raw(`create unlogged table ${stage.base}_g as
        select month, crime_type, lsoa_code, falls_within, ${anyName} as lsoa_name,
          max(abs(longitude)) as lon_max, max(abs(latitude)) as lat_max,
          (count(*) - count(crime_id))::int as blank_id,
          count(*)::int as n
        from ${stagedRows(stage)} s group by month, crime_type, lsoa_code, falls_within`),
      );
    });
    const [r] =
      await exec(sql`select 1 as bad from ${sql.raw(`${stage.base}_g`)} g left join ${CATEGORY_ALIASES} as a(name, slug) on a.name = lower(btrim(g.crime_type))
      where coalesce(g.month, '') <> ${month} or not coalesce(g.lon_max <= 180, true) or not coalesce(g.lat_max <= 90, true)
        or (coalesce(g.lsoa_code, '') <> '' and btrim(g.lsoa_code) !~ '^[A-Z][0-9]{8}$')
        or coalesce(btrim(g.crime_type), '') = '' or a.slug is null
      limit 1`);
    return Boolean(r);
  }

  let version: Promise<number> | undefined;
  /** The server's version number (e.g. 150008), asked once. */
  function serverVersion(): Promise<number> {
    version ??= exec(`select current_setting('server_version_num')::int as v`).then(([r]) => Number(r?.v ?? 0));
    return version;
  }

  /**
   * The month's Crime IDs (as 64-bit hashes, with the crime type as the file spells it) into a new
   * table shaped as a crime_ids partition (ATTACH checks its rows belong to the force and month).
   * The spelling is mapped to a police.uk category when outcomes are counted (replaceRollups), which
   * spares a lookup per crime here; the file's crime types have been checked by then. UNLOGGED: it is
   * an index derived from the street file, needed only when outcomes are imported, and writing it
   * to the WAL would double the import's cost. A crash empties it; outcomes imports then say which
   * months to re-import (see anomalies()).
   */
  async function buildCrimeIds(stage: Stage, table: string, force: string, month: string): Promise<void> {
    await database.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local jit = off`));
      // One process, as the summary beside it (summariseStreet).
      await tx.execute(sql.raw(`set local max_parallel_workers_per_gather = 0`));
      await tx.execute(sql`create unlogged table ${sql.raw(table)} as
        select ${force}::text as force, ${month}::text as month, hashtextextended(s.crime_id, 0) as crime_key, s.crime_type as category
        from ${sql.raw(stagedRows(stage))} s where s.crime_id is not null`);
    });
  }

  /** Indexes the new Crime IDs; with unique, false means two rows share an ID (nothing is indexed). */
  async function indexCrimeIds(table: string, unique: boolean): Promise<boolean> {
    try {
      await exec(`create ${unique ? 'unique ' : ''}index ${table}_key on ${table} (crime_key)`);
      return true;
    } catch (e) {
      if (errorCode(e) === '23505') return false;
      throw e;
    }
  }

  /** Puts the new Crime IDs in place of the month's (inside the import's transaction). */
  async function swapCrimeIds(tx: Db, table: string, names: { forceTable: string; monthTable: string }, force: string, month: string) {
    await tx.execute(
      sql.raw(`create table if not exists ${names.forceTable} partition of crime_ids for values in (${literal(force)}) partition by list (month)`),
    );
    await tx.execute(sql.raw(`drop table if exists ${names.monthTable}`));
    await tx.execute(sql.raw(`alter table ${table} rename to ${names.monthTable}`));
    await tx.execute(sql.raw(`alter table ${names.forceTable} attach partition ${names.monthTable} for values in (${literal(month)})`));
  }

  /** Rows repeating a Crime ID of an earlier row in the file: how many, and the first ten's record numbers. */
  async function duplicateIds(rows: string): Promise<{ count: number; first: number[] }> {
    const [r] = await exec(`select count(*)::int n, (array_agg(rn order by rn))[1:10] first from (
      select rn, row_number() over (partition by crime_id order by rn) k from ${rows} r where crime_id is not null) x where k > 1`);
    return { count: Number(r?.n ?? 0), first: textList(r?.first).map(Number) };
  }

  /** Drops the file's staging tables (and its summary and new Crime IDs, if made). */
  async function drop(stage: Stage, newIds: string) {
    await exec(`drop table if exists ${[...stage.tables, `${stage.base}_g`, newIds].join(', ')}`);
  }

  return { copyIntoStage, summariseStreet, buildCrimeIds, indexCrimeIds, swapCrimeIds, duplicateIds, drop };
}
