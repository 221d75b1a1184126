import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/index.js';
import type { Force } from '../geography/types.js';
import { OLD_CATEGORY_NAMES, OLD_OUTCOME_NAMES } from './categories.js';
import { rebuildAreaCounts } from './areaCounts.js';
import type { FileSummary, ImportOptions } from './importTypes.js';
import type { CrimeKind } from './months.js';
import { CATEGORY_ALIASES, stagedRows, textList, valuesList, type Stage } from './stageRepository.js';

type Row = Record<string, unknown>;

const NUM = `'^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$'`;

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
const ISO = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$'`;

/**
 * SQL of a file's checks, notes and rollups, and of the import records (ADR 0010). Every function
 * runs on the database given, or on the transaction it is handed.
 */
export function createImportRepository(database: Database) {
  const exec = (q: SQL) => database.query<Row>(q);

  /** The first rows (at most 20) that fail a check, with their record number, column and message. */
  function badRows(rows: string, kind: CrimeKind, month: string) {
    return exec(validationSql(rows, kind, month));
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
      add('other-month', `Searches whose UK local date is not in ${month}; they count in their own month`, Number(r?.n ?? 0), textList(r?.months));
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
    add('lsoa-2011', 'Rows with 2011-only LSOA codes (kept; counted in the current ward of the same name)', Number(r.lsoa2011), textList(r.lsoa2011_codes));
    add(
      'unknown-lsoa',
      'Rows whose LSOA code is not in the imported geography (kept; no ward or local authority)',
      Number(r.unknown_lsoa),
      textList(r.unknown_codes),
    );
    add('outside-force', `Rows located outside the ${force?.name ?? force} area (kept)`, Number(r.outside), textList(r.outside_names));
    add('other-force', `Rows whose "Falls within" is not ${force?.name ?? ''} (kept)`, Number(r.other_force), textList(r.other_force_names));
    add(
      'old-names',
      kind === 'street' ? 'Old category names normalised to current police.uk categories' : 'Old outcome wordings normalised',
      Number(r.old_names),
      textList(r.old_name_list),
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

  /**
   * Two imports of one force × month × kind at once (two app processes, say) take turns: the
   * second's delete waits for the first to commit instead of racing its insert.
   */
  async function lockFileKey(tx: Db, key: string) {
    await tx.execute(sql`select pg_advisory_xact_lock(7301731, hashtext(${key}))`);
  }

  /** Recent imports, newest first. */
  function listImports(limit: number) {
    return exec(sql`select * from crime_imports order by created_at desc, file_name limit ${limit}`);
  }
  async function getImport(id: string) {
    const [r] = await exec(sql`select * from crime_imports where id = ${id}`);
    return r;
  }
  function importsOfBatch(batchId: string) {
    return exec(sql`select * from crime_imports where batch_id = ${batchId} order by created_at`);
  }
  async function doneImports(): Promise<number> {
    const [r] = await database.query<{ n: number }>(sql`select count(*)::int n from crime_imports where status = 'done'`);
    return Number(r?.n ?? 0);
  }

  return { badRows, anomalies, replaceRollups, insertImportRow, lockFileKey, listImports, getImport, importsOfBatch, doneImports };
}
