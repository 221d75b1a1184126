import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/roles.js';
import type { Force } from '../geography/types.js';
import { categoryAliases, OLD_CATEGORY_NAMES, OLD_OUTCOME_NAMES } from './categories.js';
import { bumpCrimeRevision, rebuildAreaCounts } from './areaCounts.js';
import { CsvChunker } from './chunker.js';
import { crimeIdTables, literal } from './crimeIds.js';
import { headerProblem, KIND_COLUMNS } from './kinds.js';
import { parseFileName, type CrimeKind } from './months.js';

type Row = Record<string, unknown>;

/** A file to import: its name (which carries month, force and kind) and a way to read it. */
export interface ImportSource {
  name: string;
  /** Bytes, when known (for progress). */
  size?: number;
  open(): Promise<Readable> | Readable;
  /**
   * The bytes read into one buffer used again for every piece (no new memory per read): a piece
   * is good only until the next is asked for. Used where the reader copies what it keeps (PGlite).
   */
  readReusing?(): AsyncIterable<Buffer>;
}

export interface ImportProblem {
  line?: number;
  column?: string;
  message: string;
}

export interface FileSummary {
  id: string;
  fileName: string;
  force: string;
  month: string;
  kind: CrimeKind | string;
  status: 'done' | 'failed';
  rows: number;
  /**
   * Rows left out of an imported file: none, since a wrong row refuses the whole file and rows
   * repeating a Crime ID are kept (imports recorded before that show their rejections).
   */
  rejected: number;
  /** Rows kept that look odd (no location, old codes, repeated Crime IDs, …). */
  anomalies: { kind: string; message: string; count: number; sample: string[] }[];
  errors: ImportProblem[];
  millis: number;
  /** Milliseconds per phase (copy, summarise, crime-ids, check, notes, save), for benchmarks and the CLI. */
  phases: Record<string, number>;
}

export interface ImportProgress {
  file: string;
  fileIndex: number;
  files: number;
  bytes: number;
  totalBytes?: number;
  phase: 'loading' | 'checking' | 'saving' | 'done' | 'failed';
}

export interface ImportOptions {
  actor: Actor;
  source: 'cli' | 'upload' | 'demo' | 'bench' | 'test';
  batchId?: string;
  onProgress?: (p: ImportProgress) => void | Promise<void>;
  /** Bytes per COPY; smaller keeps memory low on PGlite, which buffers each COPY. */
  chunkBytes?: number;
  /**
   * On PGlite, no new memory per chunk (the command line's choice; see ADR 0011), at the cost of
   * slower COPYs: PGlite reads the reused (resizable) buffer more slowly than a fresh one.
   */
  lowMemory?: boolean;
}

export interface ImportDeps {
  forces(): Promise<Force[]>;
  /** Makes sure crime_area_map reflects the current geography. */
  ensureAreaMap(): Promise<void>;
}

const NUM = `'^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$'`;

/** The SQLSTATE of a database error, from either driver (Drizzle wraps it as the cause). */
function errorCode(e: unknown): string | undefined {
  const err = e as { code?: string; cause?: { code?: string } };
  return err.code ?? err.cause?.code;
}

/**
 * Row-by-row check of a coordinate column (the error path): SQL for whether the value is present
 * but not a number within ±limit, and for its message. Street files stage coordinates as numeric
 * (COPY has refused anything else); other files as text, which must look like a decimal first
 * (CASE keeps the cast to values the pattern has passed).
 */
function coordinateCheck(col: 'longitude' | 'latitude', type: 'text' | 'numeric'): { bad: string; message: string } {
  const limit = col === 'longitude' ? 180 : 90;
  const range = `'"' || ${col} || '" is not a ${col} between -${limit} and ${limit}'`;
  if (type === 'numeric') return { bad: `coalesce(abs(${col}) > ${limit}, false)`, message: range };
  const bad = `case when coalesce(${col}, '') = '' then false when ${col} !~ ${NUM} then true else abs(${col}::numeric) > ${limit} end`;
  const message = `case when ${col} !~ ${NUM} then '"' || ${col} || '" is not a ${col}' else ${range} end`;
  return { bad, message };
}

/**
 * A staging table's columns in stored order, with their types: for street files, the columns
 * every row is read for (Crime ID, crime type, LSOA, …) come first, so a pass over a million rows
 * unpacks fewer fields of each (COPY names the columns in the file's order, whatever the stored
 * one), and the coordinates are numeric, so COPY itself refuses one that is not a number, with its
 * line (cheaper than any check of the text afterwards). Everything else is text, checked in SQL.
 */
function stagedColumns(kind: CrimeKind): string[] {
  const cols = KIND_COLUMNS[kind].map(([, c]) => c);
  if (kind !== 'street') return cols.map((c) => `${c} text`);
  const first = ['crime_id', 'crime_type', 'month', 'lsoa_code', 'falls_within', 'longitude', 'latitude', 'lsoa_name'];
  return [...first, ...cols.filter((c) => !first.includes(c))].map((c) => `${c} ${c === 'longitude' || c === 'latitude' ? 'numeric' : 'text'}`);
}

const ISO = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$'`;

function valuesList(pairs: [string, string][]): SQL {
  return sql`(values ${sql.join(
    pairs.map(([a, b]) => sql`(${a}, ${b})`),
    sql`, `,
  )})`;
}

/** police.uk crime type names, old and new, and slugs → category slug, as a VALUES list. */
const CATEGORY_ALIASES = valuesList(categoryAliases());

/**
 * Imports police.uk files. Each file is streamed in chunks into its own UNLOGGED staging tables by
 * COPY … FREEZE (see stagedColumns; a row's place gives its record number), checked and normalised
 * in SQL, then its (force, month, kind) rollups are replaced in one transaction together with the
 * import record and the audit row. A refused file changes nothing. See docs/adr/0010-crime-data-import.md.
 */
export function createCrimeImporter(database: Database, deps: ImportDeps) {
  const exec = (q: SQL | string) => database.query<Row>(typeof q === 'string' ? sql.raw(q) : q);

  async function importOne(src: ImportSource, opts: ImportOptions & { batchId: string; fileIndex: number; files: number }): Promise<FileSummary> {
    const started = Date.now();
    const id = randomUUID();
    const meta = parseFileName(src.name);
    const summary: FileSummary = {
      id,
      fileName: src.name,
      force: meta?.force ?? '',
      month: meta?.month ?? '',
      kind: meta?.kind ?? '',
      status: 'failed',
      rows: 0,
      rejected: 0,
      anomalies: [],
      errors: [],
      millis: 0,
      phases: {},
    };
    let mark = Date.now();
    const phase = (name: string) => {
      const now = Date.now();
      summary.phases[name] = now - mark;
      mark = now;
    };
    const progress = (phase: ImportProgress['phase'], bytes: number) =>
      opts.onProgress?.({ file: src.name, fileIndex: opts.fileIndex, files: opts.files, bytes, totalBytes: src.size, phase });

    const fail = async (errors: ImportProblem[]) => {
      summary.status = 'failed';
      summary.errors = errors;
      summary.millis = Date.now() - started;
      await database.transaction(async (tx) => {
        await insertImportRow(tx, summary, opts);
        await recordAudit(tx, opts.actor, {
          action: 'crime.import-refused',
          entityType: 'crime-import',
          entityId: id,
          summary: `Refused ${src.name}: ${errors[0]?.message ?? ''}`.slice(0, 500),
        });
      });
      await progress('failed', 0);
      return summary;
    };

    if (!meta)
      return fail([
        { message: 'The file name must be YYYY-MM-<force>-<kind>.csv, where kind is street, outcomes or stop-and-search (as in the police.uk archive)' },
      ]);
    const { force, month, kind } = meta;
    const base = `crime_stage_${id.replace(/-/g, '')}`;
    // Street files on PostgreSQL are staged by two COPYs side by side (see copyIntoStage).
    const streams = database.kind === 'postgres' && kind === 'street' ? 2 : 1;
    const stage: Stage = {
      base,
      tables: Array.from({ length: streams }, (_, i) => (i ? `${base}_${i}` : base)),
      parts: Array.from({ length: streams }, () => []),
    };
    const ids = kind === 'street' ? crimeIdTables(force, month) : undefined;
    const newIds = `${base}_ids`;
    // Pieces of 4 MB on PGlite (fewer COPY statements; each is copied from reads into a reused
    // buffer, so a national month leaves no pile of garbage behind it, and the command line hands
    // that buffer itself to PGlite); PostgreSQL takes them as one stream (pieces only set how much
    // is read ahead), 1 MB at a time.
    const chunker = new CsvChunker(
      opts.chunkBytes ?? (database.kind === 'postgres' ? 1 : 4) * 1024 * 1024,
      database.kind === 'postgres' ? 'views' : opts.lowMemory ? 'shared' : 'fresh',
    );
    try {
      // 1. COPY into the staging table.
      try {
        await copyIntoStage(src, stage, kind, chunker, (bytes) => progress('loading', bytes));
      } catch (e) {
        if (e instanceof ImportRefusal) return await fail([e.problem]);
        throw e;
      }
      phase('copy');
      await progress('checking', chunker.bytes);
      await deps.ensureAreaMap();
      const rows = recordsOf(stage);

      // 2. Check every row in SQL: the first problems, with the record's line and column. Street
      //    files are summarised first (one pass, a few thousand groups) and, on PostgreSQL, their
      //    Crime IDs are built into the month's new crime_ids partition at the same time.
      let bad: Row[];
      let dups = { count: 0, first: [] as number[] };
      if (kind === 'street') {
        const [problem] = await Promise.all([
          summariseStreet(stage, month),
          database.kind === 'postgres' ? buildCrimeIds(stage, newIds, force, month) : undefined,
        ]);
        phase('summarise');
        bad = problem ? await exec(validationSql(rows, kind, month)) : [];
        if (!bad.length) {
          if (database.kind !== 'postgres') await buildCrimeIds(stage, newIds, force, month);
          const unique = await indexCrimeIds(newIds, true);
          phase('crime-ids');
          if (!unique) {
            // Rows sharing a Crime ID are kept and counted, as police.uk publishes and counts them
            // (some forces' files repeat IDs, even whole rows); they are reported with their lines.
            dups = await duplicateIds(rows);
            await indexCrimeIds(newIds, false);
          }
        }
      } else {
        bad = await exec(validationSql(rows, kind, month));
      }
      phase('check');
      if (bad.length) return await fail(bad.map((r) => ({ line: chunker.lineOf(Number(r.rn)), column: String(r.col), message: String(r.message) })));

      // 3. Anomalies: rows that look odd are kept and reported, never dropped silently (a row that
      //    is wrong refuses the whole file above, so nothing is rejected from a file imported).
      const forces = await deps.forces();
      const f = forces.find((x) => x.id === force);
      summary.rows = chunker.records;
      summary.anomalies = await anomalies(stage, kind, month, f, force);
      if (dups.count) {
        summary.anomalies.push({
          kind: 'repeated-crime-id',
          message: 'Rows repeating the Crime ID of an earlier row (kept and counted, as police.uk counts them)',
          count: dups.count,
          sample: dups.first.map((rn) => `line ${chunker.lineOf(rn)}`),
        });
      }
      phase('notes');

      // 4. Replace (force, month, kind) atomically.
      await progress('saving', chunker.bytes);
      summary.status = 'done';
      summary.millis = Date.now() - started;
      await database.transaction(async (tx) => {
        await replaceRollups(tx, stage, kind, force, month);
        if (ids) await swapCrimeIds(tx, newIds, ids, force, month);
        await bumpCrimeRevision(tx);
        summary.millis = Date.now() - started;
        await insertImportRow(tx, summary, opts);
        await recordAudit(tx, opts.actor, {
          action: 'crime.import',
          entityType: 'crime-import',
          entityId: id,
          summary: `Imported ${src.name}: ${summary.rows} rows, ${summary.rejected} rejected (${force} ${month} ${kind})`,
        });
      });
      phase('save');
      await progress('done', chunker.bytes);
      return summary;
    } finally {
      await exec(`drop table if exists ${[...stage.tables, `${base}_g`, newIds].join(', ')}`);
    }
  }

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
          if (hp) throw new ImportRefusal({ line: 1, column: hp.column, message: hp.message });
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
      if (hp) throw new ImportRefusal({ line: 1, column: hp.column, message: hp.message });
    }
    try {
      if (database.kind === 'postgres') {
        // A feed's own error is told by its COPY's promise (or the pump's); the listener keeps a feed
        // stopped after its COPY has already finished from raising it a second time, uncaught.
        const feeds = stage.tables.map(() => new PassThrough({ highWaterMark: 2 * 1024 * 1024 }).on('error', () => undefined));
        // One stream failing stops the others (their transactions roll back): a refusal is passed
        // on as it is, anything else as an abort, so the failing stream's own error is the one told.
        const stop = (e: unknown) => {
          const reason = e instanceof ImportRefusal ? e : new Error('aborted: another COPY stream of this file failed');
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
              throw e instanceof ImportRefusal ? e : new StreamFailure(i, e);
            }),
        );
        const pump = (async () => {
          let k = 0;
          try {
            for await (const chunk of pieces()) {
              const i = k++ % feeds.length;
              stage.parts[i].push({ firstRecord: chunk.firstRecord, records: chunk.records });
              if (!feeds[i].write(chunk.data)) await once(feeds[i], 'drain');
            }
            for (const f of feeds) f.end();
          } catch (e) {
            stop(e);
            throw e;
          }
        })();
        const results = await Promise.allSettled([pump, ...copies]);
        const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
        const refusal = failures.find((e) => e instanceof ImportRefusal);
        if (refusal) throw refusal;
        const broken = failures.find((e) => e instanceof StreamFailure && !isAbort(e.error)) ?? failures.find((e) => e instanceof StreamFailure);
        if (broken instanceof StreamFailure)
          throw new ImportRefusal(copyProblem(broken.error, (n) => chunker.recordAtLine(stage.parts[broken.table], n), chunker, cols));
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
              throw new ImportRefusal(copyProblem(e, (n) => chunker.recordAtLine([chunk], n), chunker, cols));
            }
            stage.parts[0].push({ firstRecord: chunk.firstRecord, records: chunk.records });
          }
        });
      }
    } finally {
      stream?.destroy?.();
    }
  }

  /** Every staged row, whichever table it is in. */
  function stagedRows(stage: Stage): string {
    const used = stage.tables.filter((_, i) => stage.parts[i].length);
    if (used.length <= 1) return used[0] ?? stage.tables[0];
    return `(${used.map((t) => `select * from ${t}`).join(' union all ')})`;
  }

  /**
   * The staged rows with their record number in the file (1 = the first row after the header) as
   * rn. Read only to find rows by line: problems, and repeated Crime IDs (it sorts).
   */
  function recordsOf(stage: Stage): string {
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
   * One pass over a street file's rows into ${stage}_g: counts by the raw month, crime type, LSOA
   * and "Falls within" values, with the largest absolute longitude and latitude (numbers already:
   * COPY checked them) and how many have no Crime ID. Everything after (checks, notes, rollups)
   * reads this small table. Returns true when some group fails a check (a coordinate out of range
   * or NaN among them), so the rows are then looked at one by one for their lines.
   */
  async function summariseStreet(stage: Stage, month: string): Promise<boolean> {
    const anyValue = (await serverVersion()) >= 160000 ? 'any_value' : 'min';
    await database.transaction(async (tx) => {
      // A hash aggregate, whatever the planner guesses of a table it has no statistics for.
      await tx.execute(sql.raw(`set local enable_sort = off`));
      await tx.execute(sql.raw(`set local jit = off`));
      await tx.execute(
        sql.raw(`create unlogged table ${stage.base}_g as
        select month, crime_type, lsoa_code, falls_within, ${anyValue}(lsoa_name) as lsoa_name,
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
    // CREATE TABLE AS, unlike INSERT … SELECT, reads the staging table with parallel workers.
    await database.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local jit = off`));
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
    return { count: Number(r?.n ?? 0), first: ((r?.first as (number | string)[] | null) ?? []).map(Number) };
  }

  function validationSql(rows: string, kind: CrimeKind, month: string): SQL {
    const m = sql.raw(`'${month}'`);
    const type = kind === 'street' ? 'numeric' : 'text';
    const [LON, LAT] = [coordinateCheck('longitude', type), coordinateCheck('latitude', type)];
    if (kind === 'stop-and-search') {
      return sql`select rn, col, message from (select rn, case
          when coalesce(date, '') !~ ${sql.raw(ISO)} then 'Date'
          when ${sql.raw(LAT.bad)} then 'Latitude'
          when ${sql.raw(LON.bad)} then 'Longitude'
          end as col,
          case
          when coalesce(date, '') !~ ${sql.raw(ISO)} then '"' || coalesce(date, '') || '" is not a date and time (ISO 8601)'
          when ${sql.raw(LAT.bad)} then ${sql.raw(LAT.message)}
          when ${sql.raw(LON.bad)} then ${sql.raw(LON.message)}
          end as message
        from ${sql.raw(rows)} s) x where col is not null order by rn limit 20`;
    }
    const typeCheck =
      kind === 'street'
        ? sql`when coalesce(btrim(crime_type), '') = '' then 'Crime type'
            when a.slug is null then 'Crime type'`
        : sql`when coalesce(btrim(outcome_type), '') = '' then 'Outcome type'`;
    const typeMsg =
      kind === 'street'
        ? sql`when coalesce(btrim(crime_type), '') = '' then 'The crime type is blank'
            when a.slug is null then '"' || crime_type || '" is not a police.uk crime type'`
        : sql`when coalesce(btrim(outcome_type), '') = '' then 'The outcome type is blank'`;
    const join = kind === 'street' ? sql`left join ${CATEGORY_ALIASES} as a(name, slug) on a.name = lower(btrim(s.crime_type))` : sql``;
    return sql`select rn, col, message from (select rn, case
        when coalesce(month, '') !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' then 'Month'
        when month <> ${m} then 'Month'
        when ${sql.raw(LON.bad)} then 'Longitude'
        when ${sql.raw(LAT.bad)} then 'Latitude'
        when coalesce(lsoa_code, '') <> '' and btrim(lsoa_code) !~ '^[A-Z][0-9]{8}$' then 'LSOA code'
        ${typeCheck}
        end as col,
        case
        when coalesce(month, '') !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' then '"' || coalesce(month, '') || '" is not a month (YYYY-MM)'
        when month <> ${m} then 'The month is ' || month || ' but the file is for ' || ${m}
        when ${sql.raw(LON.bad)} then ${sql.raw(LON.message)}
        when ${sql.raw(LAT.bad)} then ${sql.raw(LAT.message)}
        when coalesce(lsoa_code, '') <> '' and btrim(lsoa_code) !~ '^[A-Z][0-9]{8}$' then '"' || lsoa_code || '" is not an LSOA code'
        ${typeMsg}
        end as message
      from ${sql.raw(rows)} s ${join}) x where col is not null order by rn limit 20`;
  }

  async function anomalies(stage: Stage, kind: CrimeKind, month: string, force: Force | undefined, slug: string): Promise<FileSummary['anomalies']> {
    const out: FileSummary['anomalies'] = [];
    const add = (k: string, message: string, count: number, sample: unknown[] = []) => {
      if (count > 0) out.push({ kind: k, message, count, sample: sample.map(String).slice(0, 10) });
    };
    const T = sql.raw(stagedRows(stage));
    if (kind === 'stop-and-search') {
      const [r] = await exec(sql`select count(*)::int n, array_agg(distinct lm) filter (where lm is not null) months from (
        select to_char((date::timestamptz) at time zone 'Europe/London', 'YYYY-MM') lm from ${T} t) x where lm <> ${month}`);
      add('other-month', `Searches whose UK local date is not in ${month}; they count in their own month`, Number(r?.n ?? 0), (r?.months as string[]) ?? []);
      const [loc] = await exec(sql`select count(*)::int n from ${T} t where coalesce(latitude, '') = '' or coalesce(longitude, '') = ''`);
      add('no-location', 'Searches with no latitude/longitude (kept)', Number(loc?.n ?? 0));
      return out;
    }
    const [r] = await exec(sql`
      select
        sum(s.w) filter (where coalesce(s.lsoa_code, '') = '')::int as no_location,
        sum(s.w) filter (where m.vintage = '2011')::int as lsoa2011,
        array_agg(distinct s.lsoa_code) filter (where m.vintage = '2011') as lsoa2011_codes,
        sum(s.w) filter (where coalesce(s.lsoa_code, '') <> '' and m.lsoa is null)::int as unknown_lsoa,
        array_agg(distinct s.lsoa_code) filter (where coalesce(s.lsoa_code, '') <> '' and m.lsoa is null) as unknown_codes,
        sum(s.w) filter (where m.lsoa is not null and ${force?.code ?? null}::text is not null and m.pfa is distinct from ${force?.code ?? null}::text)::int as outside,
        array_agg(distinct coalesce(s.lsoa_name, s.lsoa_code)) filter (where m.lsoa is not null and ${force?.code ?? null}::text is not null and m.pfa is distinct from ${force?.code ?? null}::text) as outside_names,
        sum(s.w) filter (where ${force?.name ?? null}::text is not null and btrim(s.falls_within) <> ${force?.name ?? null}::text)::int as other_force,
        array_agg(distinct s.falls_within) filter (where ${force?.name ?? null}::text is not null and btrim(s.falls_within) <> ${force?.name ?? null}::text) as other_force_names,
        sum(s.blank_id)::int as blank_id
        ${
          kind === 'street'
            ? sql`, sum(s.w) filter (where lower(btrim(s.crime_type)) in (${sql.join(
                Object.keys(OLD_CATEGORY_NAMES).map((k) => sql`${k}`),
                sql`, `,
              )}) and lower(btrim(s.crime_type)) not in ('violence and sexual offences', 'other crime'))::int as old_names,
              array_agg(distinct s.crime_type) filter (where lower(btrim(s.crime_type)) in (${sql.join(
                Object.keys(OLD_CATEGORY_NAMES).map((k) => sql`${k}`),
                sql`, `,
              )}) and lower(btrim(s.crime_type)) not in ('violence and sexual offences', 'other crime')) as old_name_list`
            : sql`, sum(s.w) filter (where lower(btrim(s.outcome_type)) in (${sql.join(
                Object.keys(OLD_OUTCOME_NAMES).map((k) => sql`${k}`),
                sql`, `,
              )}))::int as old_names,
              array_agg(distinct s.outcome_type) filter (where lower(btrim(s.outcome_type)) in (${sql.join(
                Object.keys(OLD_OUTCOME_NAMES).map((k) => sql`${k}`),
                sql`, `,
              )})) as old_name_list`
        }
      from ${
        kind === 'street'
          ? sql.raw(`(select crime_type, lsoa_code, lsoa_name, falls_within, n as w, blank_id from ${stage.base}_g)`)
          : sql.raw(
              `(select outcome_type, lsoa_code, lsoa_name, falls_within, 1 as w, (coalesce(crime_id, '') = '')::int as blank_id from ${stagedRows(stage)} o)`,
            )
      } s
      left join crime_area_map m on m.lsoa = btrim(s.lsoa_code)`);
    if (!r) return out;
    add('no-location', 'Rows with no location ("No Location", blank LSOA; kept, counted under no area)', Number(r.no_location));
    add(
      'lsoa-2011',
      'Rows with 2011-only LSOA codes (kept; counted in the current ward of the same name)',
      Number(r.lsoa2011),
      (r.lsoa2011_codes as string[]) ?? [],
    );
    add(
      'unknown-lsoa',
      'Rows whose LSOA code is not in the imported geography (kept; no ward or local authority)',
      Number(r.unknown_lsoa),
      (r.unknown_codes as string[]) ?? [],
    );
    add('outside-force', `Rows located outside the ${force?.name ?? force} area (kept)`, Number(r.outside), (r.outside_names as string[]) ?? []);
    add('other-force', `Rows whose "Falls within" is not ${force?.name ?? ''} (kept)`, Number(r.other_force), (r.other_force_names as string[]) ?? []);
    add(
      'old-names',
      kind === 'street' ? 'Old category names normalised to current police.uk categories' : 'Old outcome wordings normalised',
      Number(r.old_names),
      (r.old_name_list as string[]) ?? [],
    );
    if (kind === 'outcomes') {
      const [o] = await exec(
        sql`select count(*)::int n from ${T} s where coalesce(s.crime_id, '') = '' or not exists (select 1 from crime_ids c where c.crime_key = hashtextextended(s.crime_id, 0) and c.force = ${slug})`,
      );
      add('unlinked-outcome', 'Outcomes whose crime is not in any imported street file (counted with category unknown)', Number(o?.n ?? 0));
      const lost = await exec(sql`select m.month from (select distinct month from crime_month_counts where force = ${slug}) m
        where not exists (select 1 from crime_ids i where i.force = ${slug} and i.month = m.month) order by m.month`);
      add(
        'crime-ids-lost',
        'Street months whose Crime IDs are not on record (emptied by a database crash or restore): re-import their street files so outcomes find their categories',
        lost.length,
        lost.map((r) => r.month),
      );
    }
    return out;
  }

  async function replaceRollups(tx: Db, stage: Stage, kind: CrimeKind, force: string, month: string) {
    const T = sql.raw(stagedRows(stage));
    if (kind === 'street') {
      await tx.execute(sql`delete from crime_street_counts where force = ${force} and month = ${month}`);
      await tx.execute(sql`
        insert into crime_street_counts (force, month, category, lsoa, count)
        select ${force}, ${month}, a.slug, coalesce(btrim(g.lsoa_code), ''), sum(g.n)
        from ${sql.raw(`${stage.base}_g`)} g join ${CATEGORY_ALIASES} as a(name, slug) on a.name = lower(btrim(g.crime_type))
        group by a.slug, coalesce(btrim(g.lsoa_code), '')`);
      await tx.execute(sql`delete from crime_month_counts where force = ${force} and month = ${month}`);
      await tx.execute(sql`
        insert into crime_month_counts (force, month, category, count)
        select force, month, category, sum(count) from crime_street_counts where force = ${force} and month = ${month} group by force, month, category`);
      await rebuildAreaCounts(tx, { force, month });
    } else if (kind === 'outcomes') {
      const outcomeAliases = valuesList(Object.entries(OLD_OUTCOME_NAMES));
      await tx.execute(sql`delete from crime_outcome_counts where force = ${force} and month = ${month}`);
      await tx.execute(sql`
        insert into crime_outcome_counts (force, month, outcome, category, count)
        select ${force}, ${month}, outcome, coalesce(a.slug, ''), sum(n) from (
          select coalesce(o.current, btrim(s.outcome_type)) as outcome, c.category, count(*) as n
          from ${T} s
          left join ${outcomeAliases} as o(old, current) on o.old = lower(btrim(s.outcome_type))
          left join lateral (select category from crime_ids i where i.crime_key = hashtextextended(s.crime_id, 0) and i.force = ${force} and s.crime_id <> '' order by i.month desc limit 1) c on true
          group by 1, 2) x
        -- crime_ids holds the street file's spelling of the crime type (or, from before, the slug)
        left join ${CATEGORY_ALIASES} as a(name, slug) on a.name = lower(btrim(x.category))
        group by 1, 2, 3, 4`);
    } else {
      await tx.execute(sql`delete from crime_stop_search_counts where force = ${force} and file_month = ${month}`);
      await tx.execute(sql`
        insert into crime_stop_search_counts (force, file_month, month, self_defined_ethnicity, officer_defined_ethnicity, age_range, gender, object_of_search, outcome, count)
        select ${force}, ${month}, to_char((s.date::timestamptz) at time zone 'Europe/London', 'YYYY-MM'),
          coalesce(btrim(s.self_defined_ethnicity), ''), coalesce(btrim(s.officer_defined_ethnicity), ''), coalesce(btrim(s.age_range), ''),
          coalesce(btrim(s.gender), ''), coalesce(btrim(s.object_of_search), ''), coalesce(btrim(s.outcome), ''), count(*)
        from ${T} s
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9`);
    }
  }

  async function insertImportRow(tx: Db, s: FileSummary, opts: ImportOptions & { batchId: string }) {
    await tx.execute(sql`
      insert into crime_imports (id, batch_id, file_name, force, month, kind, status, rows, rejected, anomalies, errors, source, millis, created_by)
      values (${s.id}, ${opts.batchId}, ${s.fileName}, ${s.force}, ${s.month}, ${s.kind}, ${s.status}, ${s.rows}, ${s.rejected},
        ${JSON.stringify(s.anomalies)}::jsonb, ${JSON.stringify(s.errors)}::jsonb, ${opts.source}, ${s.millis}, ${opts.actor.id})`);
  }

  /** Street files first, so outcomes can find their crimes' categories. */
  function order(sources: ImportSource[]): ImportSource[] {
    const rank = (s: ImportSource) => ({ street: 0, outcomes: 1, 'stop-and-search': 2 })[parseFileName(s.name)?.kind ?? 'street'] ?? 3;
    return [...sources].sort(
      (a, b) => (parseFileName(a.name)?.month ?? '').localeCompare(parseFileName(b.name)?.month ?? '') || rank(a) - rank(b) || a.name.localeCompare(b.name),
    );
  }

  return {
    async importFiles(sources: ImportSource[], opts: ImportOptions): Promise<FileSummary[]> {
      const batchId = opts.batchId ?? randomUUID();
      const ordered = order(sources);
      const out: FileSummary[] = [];
      for (let i = 0; i < ordered.length; i++) out.push(await importOne(ordered[i], { ...opts, batchId, fileIndex: i, files: ordered.length }));
      return out;
    },
  };
}
export type CrimeImporter = ReturnType<typeof createCrimeImporter>;

/** A file's staging tables (one per COPY stream) and, per table, the file's chunks it holds in order. */
interface Stage {
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
    super(String((error as { message?: string })?.message ?? error));
  }
}

/** An error that only says a stream was stopped because another failed. */
function isAbort(e: unknown): boolean {
  const m = String((e as { message?: string })?.message ?? '');
  return /^aborted: another COPY stream|COPY from stdin failed|premature close/i.test(m) || (e as { code?: string })?.code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/** A file refused before its rows are checked (header, structure): nothing is changed. */
class ImportRefusal extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.message);
  }
}

/** Turns a COPY error (structure: wrong number of columns, unclosed quote) into file line and column. */
function copyProblem(e: unknown, toRecord: (copyLine: number) => number, chunker: CsvChunker, cols: [string, string][]): ImportProblem {
  const err = e as { message?: string; where?: string };
  const where = err.where ?? '';
  const lm = /line (\d+)/.exec(where) ?? /line (\d+)/.exec(err.message ?? '');
  const record = lm ? toRecord(Number(lm[1])) : undefined;
  const colm = /column "?([a-z_]+)"?/.exec(err.message ?? '') ?? /column ([a-z_]+)/.exec(where);
  const header = colm ? cols.find(([, c]) => c === colm[1])?.[0] : undefined;
  let message = err.message ?? String(e);
  let column = header;
  if (/extra data after last expected column/.test(message)) {
    message = `The row has more than the ${cols.length} columns of the header`;
    column = `${cols.length + 1}`;
  } else if (/missing data for column/.test(message)) {
    message = `The row has fewer than the ${cols.length} columns of the header (nothing for "${header}")`;
  } else if (/unterminated CSV quoted field/.test(message)) {
    message = 'A quoted field is never closed';
  } else if (header && /invalid input syntax for type numeric|numeric field overflow|value overflows numeric format/.test(message)) {
    // A street file's coordinates are staged as numbers (see stagedColumns).
    const value = /: "(.*)"$/s.exec(where.split('\n')[0] ?? '')?.[1] ?? /"(.*)"/s.exec(message)?.[1] ?? '';
    message = `"${value}" is not a ${header.toLowerCase()}`;
  }
  return { line: record !== undefined ? chunker.lineOf(record) : undefined, column, message };
}
