import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/roles.js';
import type { Force } from '../geography/types.js';
import { categoryAliases, OLD_CATEGORY_NAMES, OLD_OUTCOME_NAMES } from './categories.js';
import { CsvChunker } from './chunker.js';
import { headerProblem, KIND_COLUMNS } from './kinds.js';
import { parseFileName, type CrimeKind } from './months.js';

type Row = Record<string, unknown>;

/** A file to import: its name (which carries month, force and kind) and a way to read it. */
export interface ImportSource {
  name: string;
  /** Bytes, when known (for progress). */
  size?: number;
  open(): Promise<Readable> | Readable;
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
  rejected: number;
  rejections: { reason: string; count: number; lines: number[] }[];
  anomalies: { kind: string; message: string; count: number; sample: string[] }[];
  errors: ImportProblem[];
  millis: number;
  /** Milliseconds per phase (copy, check, notes, save), for benchmarks and the CLI. */
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
}

export interface ImportDeps {
  forces(): Promise<Force[]>;
  /** Makes sure crime_area_map reflects the current geography. */
  ensureAreaMap(): Promise<void>;
}

const rowsOf = (r: unknown) => ((r as { rows?: Row[] }).rows ?? []) as Row[];
const NUM = `'^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$'`;
const ISO = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$'`;

function valuesList(pairs: [string, string][]): SQL {
  return sql`(values ${sql.join(pairs.map(([a, b]) => sql`(${a}, ${b})`), sql`, `)})`;
}

/**
 * Imports police.uk files. Each file is streamed in chunks into its own UNLOGGED staging table by
 * COPY (all text columns, plus a sequence that gives each record's number), checked and normalised
 * in SQL, then its (force, month, kind) rollups are replaced in one transaction together with the
 * import record and the audit row. A refused file changes nothing. See docs/adr/0010-crime-data-import.md.
 */
export function createCrimeImporter(database: Database, deps: ImportDeps) {
  async function exec(q: SQL | string, tx?: Db) {
    const query = typeof q === 'string' ? sql.raw(q) : q;
    return rowsOf(await (tx ?? database.db).execute(query));
  }

  async function importOne(src: ImportSource, opts: ImportOptions & { batchId: string; fileIndex: number; files: number }): Promise<FileSummary> {
    const started = Date.now();
    const id = randomUUID();
    const meta = parseFileName(src.name);
    const summary: FileSummary = {
      id, fileName: src.name, force: meta?.force ?? '', month: meta?.month ?? '', kind: meta?.kind ?? '', status: 'failed',
      rows: 0, rejected: 0, rejections: [], anomalies: [], errors: [], millis: 0, phases: {},
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
        await recordAudit(tx, opts.actor, { action: 'crime.import-refused', entityType: 'crime-import', entityId: id, summary: `Refused ${src.name}: ${errors[0]?.message ?? ''}`.slice(0, 500) });
      });
      await progress('failed', 0);
      return summary;
    };

    if (!meta) return fail([{ message: 'The file name must be YYYY-MM-<force>-<kind>.csv, where kind is street, outcomes or stop-and-search (as in the police.uk archive)' }]);
    const { force, month, kind } = meta;
    const cols = KIND_COLUMNS[kind];
    const stage = `crime_stage_${id.replace(/-/g, '')}`;
    const colList = cols.map(([, c]) => c).join(', ');
    await exec(`create unlogged table ${stage} (seq bigint generated always as identity, ${cols.map(([, c]) => `${c} text`).join(', ')})`);
    try {
      // 1. COPY, chunk by chunk.
      const chunker = new CsvChunker(opts.chunkBytes ?? 8 * 1024 * 1024);
      let lastReport = 0;
      const stream = await src.open();
      try {
        for await (const chunk of chunker.chunks(stream)) {
          if (chunk.firstRecord === 1) {
            const hp = headerProblem(kind, chunker.header);
            if (hp) return await fail([{ line: 1, column: hp.column, message: hp.message }]);
          }
          try {
            await database.copyFrom(`COPY ${stage} (${colList}) FROM STDIN WITH (FORMAT csv)`, chunk.data);
          } catch (e) {
            return await fail([copyProblem(e, chunk.firstRecord, chunker, cols)]);
          }
          if (chunker.bytes - lastReport > 4 * 1024 * 1024) {
            lastReport = chunker.bytes;
            await progress('loading', chunker.bytes);
          }
        }
      } finally {
        stream.destroy?.();
      }
      const hp = headerProblem(kind, chunker.header);
      if (hp) return await fail([{ line: 1, column: hp.column, message: hp.message }]);
      phase('copy');
      await progress('checking', chunker.bytes);
      await deps.ensureAreaMap();

      // 2. Check every row in SQL: the first problems, with the record's line and column.
      const bad = await exec(validationSql(stage, kind, month));
      phase('check');
      if (bad.length) {
        return await fail(bad.map((r) => ({ line: chunker.lineOf(Number(r.seq)), column: String(r.col), message: String(r.message) })));
      }

      // 3. Rejections and anomalies (kept rows that look odd are reported, not dropped).
      const forces = await deps.forces();
      const f = forces.find((x) => x.id === force);
      const dups = kind === 'street' ? await rejectDuplicateIds(stage) : { count: 0, first: [] };
      if (dups.count) summary.rejections.push({ reason: 'Duplicate Crime ID (the first row with the ID is kept)', count: dups.count, lines: dups.first.map((s) => chunker.lineOf(s)) });
      summary.rejected = dups.count;
      summary.rows = chunker.records;
      summary.anomalies = await anomalies(stage, kind, month, f);
      phase('notes');

      // 4. Replace (force, month, kind) atomically.
      await progress('saving', chunker.bytes);
      summary.status = 'done';
      summary.millis = Date.now() - started;
      await database.transaction(async (tx) => {
        await replaceRollups(tx, stage, kind, force, month);
        summary.millis = Date.now() - started;
        await insertImportRow(tx, summary, opts);
        await recordAudit(tx, opts.actor, {
          action: 'crime.import', entityType: 'crime-import', entityId: id,
          summary: `Imported ${src.name}: ${summary.rows} rows, ${summary.rejected} rejected (${force} ${month} ${kind})`,
        });
      });
      phase('save');
      await progress('done', chunker.bytes);
      return summary;
    } finally {
      await exec(`drop table if exists ${stage}`);
    }
  }

  /**
   * Rejects rows repeating a Crime ID already seen in the file (the first is kept): they are
   * removed from the staging table, and their count and first lines are reported.
   */
  async function rejectDuplicateIds(stage: string): Promise<{ count: number; first: number[] }> {
    const dups = `select seq from (select s.seq, row_number() over (partition by s.crime_id order by s.seq) rn from ${stage} s
        join (select crime_id from ${stage} where coalesce(crime_id, '') <> '' group by crime_id having count(*) > 1) d using (crime_id)) x where rn > 1`;
    const [r] = await exec(`select count(*)::int n, (array_agg(seq order by seq))[1:10] first from (${dups}) y`);
    const count = Number(r?.n ?? 0);
    if (count) await exec(`delete from ${stage} where seq in (${dups})`);
    return { count, first: ((r?.first as (number | string)[] | null) ?? []).map(Number) };
  }

  function validationSql(stage: string, kind: CrimeKind, month: string): SQL {
    const m = sql.raw(`'${month}'`);
    if (kind === 'stop-and-search') {
      return sql`select seq, col, message from (select seq, case
          when coalesce(date, '') !~ ${sql.raw(ISO)} then 'Date'
          when coalesce(latitude, '') <> '' and latitude !~ ${sql.raw(NUM)} then 'Latitude'
          when coalesce(longitude, '') <> '' and longitude !~ ${sql.raw(NUM)} then 'Longitude'
          end as col,
          case
          when coalesce(date, '') !~ ${sql.raw(ISO)} then '"' || coalesce(date, '') || '" is not a date and time (ISO 8601)'
          when coalesce(latitude, '') <> '' and latitude !~ ${sql.raw(NUM)} then '"' || latitude || '" is not a latitude'
          when coalesce(longitude, '') <> '' and longitude !~ ${sql.raw(NUM)} then '"' || longitude || '" is not a longitude'
          end as message
        from ${sql.raw(stage)}) x where col is not null order by seq limit 20`;
    }
    const aliases = valuesList(categoryAliases());
    const typeCheck = kind === 'street'
      ? sql`when coalesce(btrim(crime_type), '') = '' then 'Crime type'
            when a.slug is null then 'Crime type'`
      : sql`when coalesce(btrim(outcome_type), '') = '' then 'Outcome type'`;
    const typeMsg = kind === 'street'
      ? sql`when coalesce(btrim(crime_type), '') = '' then 'The crime type is blank'
            when a.slug is null then '"' || crime_type || '" is not a police.uk crime type'`
      : sql`when coalesce(btrim(outcome_type), '') = '' then 'The outcome type is blank'`;
    const join = kind === 'street' ? sql`left join ${aliases} as a(name, slug) on a.name = lower(btrim(s.crime_type))` : sql``;
    return sql`select seq, col, message from (select seq, case
        when coalesce(month, '') !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' then 'Month'
        when month <> ${m} then 'Month'
        when coalesce(longitude, '') <> '' and longitude !~ ${sql.raw(NUM)} then 'Longitude'
        when coalesce(latitude, '') <> '' and latitude !~ ${sql.raw(NUM)} then 'Latitude'
        when coalesce(lsoa_code, '') <> '' and btrim(lsoa_code) !~ '^[A-Z][0-9]{8}$' then 'LSOA code'
        ${typeCheck}
        end as col,
        case
        when coalesce(month, '') !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' then '"' || coalesce(month, '') || '" is not a month (YYYY-MM)'
        when month <> ${m} then 'The month is ' || month || ' but the file is for ' || ${m}
        when coalesce(longitude, '') <> '' and longitude !~ ${sql.raw(NUM)} then '"' || longitude || '" is not a longitude'
        when coalesce(latitude, '') <> '' and latitude !~ ${sql.raw(NUM)} then '"' || latitude || '" is not a latitude'
        when coalesce(lsoa_code, '') <> '' and btrim(lsoa_code) !~ '^[A-Z][0-9]{8}$' then '"' || lsoa_code || '" is not an LSOA code'
        ${typeMsg}
        end as message
      from ${sql.raw(stage)} s ${join}) x where col is not null order by seq limit 20`;
  }

  async function anomalies(stage: string, kind: CrimeKind, month: string, force: Force | undefined): Promise<FileSummary['anomalies']> {
    const out: FileSummary['anomalies'] = [];
    const add = (k: string, message: string, count: number, sample: unknown[] = []) => {
      if (count > 0) out.push({ kind: k, message, count, sample: sample.map(String).slice(0, 10) });
    };
    const T = sql.raw(stage);
    if (kind === 'stop-and-search') {
      const [r] = await exec(sql`select count(*)::int n, array_agg(distinct lm) filter (where lm is not null) months from (
        select to_char((date::timestamptz) at time zone 'Europe/London', 'YYYY-MM') lm from ${T}) x where lm <> ${month}`);
      add('other-month', `Searches whose UK local date is not in ${month}; they count in their own month`, Number(r?.n ?? 0), (r?.months as string[]) ?? []);
      const [loc] = await exec(sql`select count(*)::int n from ${T} where coalesce(latitude, '') = '' or coalesce(longitude, '') = ''`);
      add('no-location', 'Searches with no latitude/longitude (kept)', Number(loc?.n ?? 0));
      return out;
    }
    const [r] = await exec(sql`
      select
        count(*) filter (where coalesce(s.lsoa_code, '') = '')::int as no_location,
        count(*) filter (where m.vintage = '2011')::int as lsoa2011,
        array_agg(distinct s.lsoa_code) filter (where m.vintage = '2011') as lsoa2011_codes,
        count(*) filter (where coalesce(s.lsoa_code, '') <> '' and m.lsoa is null)::int as unknown_lsoa,
        array_agg(distinct s.lsoa_code) filter (where coalesce(s.lsoa_code, '') <> '' and m.lsoa is null) as unknown_codes,
        count(*) filter (where m.lsoa is not null and ${force?.code ?? null}::text is not null and m.pfa is distinct from ${force?.code ?? null}::text)::int as outside,
        array_agg(distinct coalesce(s.lsoa_name, s.lsoa_code)) filter (where m.lsoa is not null and ${force?.code ?? null}::text is not null and m.pfa is distinct from ${force?.code ?? null}::text) as outside_names,
        count(*) filter (where ${force?.name ?? null}::text is not null and btrim(s.falls_within) <> ${force?.name ?? null}::text)::int as other_force,
        array_agg(distinct s.falls_within) filter (where ${force?.name ?? null}::text is not null and btrim(s.falls_within) <> ${force?.name ?? null}::text) as other_force_names,
        count(*) filter (where coalesce(s.crime_id, '') = '')::int as blank_id
        ${kind === 'street' ? sql`, count(*) filter (where lower(btrim(s.crime_type)) in (${sql.join(Object.keys(OLD_CATEGORY_NAMES).map((k) => sql`${k}`), sql`, `)}) and lower(btrim(s.crime_type)) not in ('violence and sexual offences', 'other crime'))::int as old_names,
              array_agg(distinct s.crime_type) filter (where lower(btrim(s.crime_type)) in (${sql.join(Object.keys(OLD_CATEGORY_NAMES).map((k) => sql`${k}`), sql`, `)}) and lower(btrim(s.crime_type)) not in ('violence and sexual offences', 'other crime')) as old_name_list`
        : sql`, count(*) filter (where lower(btrim(s.outcome_type)) in (${sql.join(Object.keys(OLD_OUTCOME_NAMES).map((k) => sql`${k}`), sql`, `)}))::int as old_names,
              array_agg(distinct s.outcome_type) filter (where lower(btrim(s.outcome_type)) in (${sql.join(Object.keys(OLD_OUTCOME_NAMES).map((k) => sql`${k}`), sql`, `)})) as old_name_list`}
      from ${T} s left join crime_area_map m on m.lsoa = btrim(s.lsoa_code)`);
    if (!r) return out;
    add('no-location', 'Rows with no location ("No Location", blank LSOA; kept, counted under no area)', Number(r.no_location));
    add('lsoa-2011', 'Rows with 2011-only LSOA codes (kept; counted in the current ward of the same name)', Number(r.lsoa2011), (r.lsoa2011_codes as string[]) ?? []);
    add('unknown-lsoa', 'Rows whose LSOA code is not in the imported geography (kept; no ward or local authority)', Number(r.unknown_lsoa), (r.unknown_codes as string[]) ?? []);
    add('outside-force', `Rows located outside the ${force?.name ?? force} area (kept)`, Number(r.outside), (r.outside_names as string[]) ?? []);
    add('other-force', `Rows whose "Falls within" is not ${force?.name ?? ''} (kept)`, Number(r.other_force), (r.other_force_names as string[]) ?? []);
    add('old-names', kind === 'street' ? 'Old category names normalised to current police.uk categories' : 'Old outcome wordings normalised', Number(r.old_names), (r.old_name_list as string[]) ?? []);
    if (kind === 'outcomes') {
      const [o] = await exec(sql`select count(*)::int n from ${T} s where coalesce(s.crime_id, '') = '' or not exists (select 1 from crime_ids c where c.crime_key = hashtextextended(s.crime_id, 0) and c.force = ${force?.id ?? ''})`);
      add('unlinked-outcome', 'Outcomes whose crime is not in any imported street file (counted with category unknown)', Number(o?.n ?? 0));
    }
    return out;
  }

  async function replaceRollups(tx: Db, stage: string, kind: CrimeKind, force: string, month: string) {
    const T = sql.raw(stage);
    if (kind === 'street') {
      const aliases = valuesList(categoryAliases());
      await tx.execute(sql`delete from crime_street_counts where force = ${force} and month = ${month}`);
      await tx.execute(sql`
        insert into crime_street_counts (force, month, category, lsoa, count)
        select ${force}, ${month}, a.slug, coalesce(btrim(s.lsoa_code), ''), count(*)
        from ${T} s join ${aliases} as a(name, slug) on a.name = lower(btrim(s.crime_type))
        group by a.slug, coalesce(btrim(s.lsoa_code), '')`);
      await tx.execute(sql`delete from crime_month_counts where force = ${force} and month = ${month}`);
      await tx.execute(sql`
        insert into crime_month_counts (force, month, category, count)
        select force, month, category, sum(count) from crime_street_counts where force = ${force} and month = ${month} group by force, month, category`);
      await tx.execute(sql`delete from crime_ids where force = ${force} and month = ${month}`);
      await tx.execute(sql`
        insert into crime_ids (force, crime_key, month, category)
        select ${force}, hashtextextended(s.crime_id, 0), ${month}, a.slug
        from ${T} s join ${aliases} as a(name, slug) on a.name = lower(btrim(s.crime_type))
        where coalesce(s.crime_id, '') <> ''`);
    } else if (kind === 'outcomes') {
      const outcomeAliases = valuesList(Object.entries(OLD_OUTCOME_NAMES));
      await tx.execute(sql`delete from crime_outcome_counts where force = ${force} and month = ${month}`);
      await tx.execute(sql`
        insert into crime_outcome_counts (force, month, outcome, category, count)
        select ${force}, ${month}, coalesce(o.current, btrim(s.outcome_type)), coalesce(c.category, ''), count(*)
        from ${T} s
        left join ${outcomeAliases} as o(old, current) on o.old = lower(btrim(s.outcome_type))
        left join lateral (select category from crime_ids i where i.crime_key = hashtextextended(s.crime_id, 0) and i.force = ${force} and s.crime_id <> '' order by i.month desc limit 1) c on true
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
      insert into crime_imports (id, batch_id, file_name, force, month, kind, status, rows, rejected, rejections, anomalies, errors, source, millis, created_by)
      values (${s.id}, ${opts.batchId}, ${s.fileName}, ${s.force}, ${s.month}, ${s.kind}, ${s.status}, ${s.rows}, ${s.rejected},
        ${JSON.stringify(s.rejections)}::jsonb, ${JSON.stringify(s.anomalies)}::jsonb, ${JSON.stringify(s.errors)}::jsonb, ${opts.source}, ${s.millis}, ${opts.actor.id})`);
  }

  /** Street files first, so outcomes can find their crimes' categories. */
  function order(sources: ImportSource[]): ImportSource[] {
    const rank = (s: ImportSource) => ({ street: 0, outcomes: 1, 'stop-and-search': 2 })[parseFileName(s.name)?.kind ?? 'street'] ?? 3;
    return [...sources].sort((a, b) => (parseFileName(a.name)?.month ?? '').localeCompare(parseFileName(b.name)?.month ?? '') || rank(a) - rank(b) || a.name.localeCompare(b.name));
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

/** Turns a COPY error (structure: wrong number of columns, unclosed quote) into file line and column. */
function copyProblem(e: unknown, firstRecord: number, chunker: CsvChunker, cols: [string, string][]): ImportProblem {
  const err = e as { message?: string; where?: string };
  const where = err.where ?? '';
  const lm = /line (\d+)/.exec(where) ?? /line (\d+)/.exec(err.message ?? '');
  const record = lm ? firstRecord + Number(lm[1]) - 1 : undefined;
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
  }
  return { line: record !== undefined ? chunker.lineOf(record) : undefined, column, message };
}
