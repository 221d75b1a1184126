import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/index.js';
import type { GeographyService } from '../geography/types.js';
import { bumpCrimeRevision, replaceAreaMap } from './areaCounts.js';
import { revisionCache } from '../../platform/revisionCache.js';
import { CATEGORIES, categoryName } from './categories.js';
import { isMonth } from './months.js';
import type { CountRow, CountsQuery, CrimeDim, GroupedQuery, OutcomeDim, StopSearchDim } from './types.js';

type Row = Record<string, unknown>;

/** Thrown for a query the caller got wrong (bad month, unknown dimension): a 400 in the API. */
export class CrimeQueryError extends Error {
  constructor(
    public readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'CrimeQueryError';
  }
}

function monthRange(from?: string, to?: string): SQL[] {
  const w: SQL[] = [];
  if (from !== undefined) {
    if (!isMonth(from)) throw new CrimeQueryError('from', 'from must be a month as YYYY-MM');
    w.push(sql`month >= ${from}`);
  }
  if (to !== undefined) {
    if (!isMonth(to)) throw new CrimeQueryError('to', 'to must be a month as YYYY-MM');
    w.push(sql`month <= ${to}`);
  }
  if (from && to && from > to) throw new CrimeQueryError('from', 'from must not be after to');
  return w;
}

const where = (w: SQL[]) => (w.length ? sql`where ${sql.join(w, sql` and `)}` : sql``);

/**
 * The read side: every query reads the rollup tables only (never raw rows), so its cost depends on
 * the number of forces × months × categories × areas, not on the number of crimes.
 */
export function createCrimeReads(database: Database, geography: Pick<GeographyService, 'lsoaPlaces' | 'revision'>) {
  let mapRevision: string | undefined;
  let refreshing: Promise<void> | undefined;

  /**
   * Keeps crime_area_map in step with the geography module (cheap check of its revision). Callers
   * arriving while a refresh runs wait for that one rather than start another.
   */
  function ensureAreaMap(): Promise<void> {
    refreshing ??= refreshAreaMap().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function refreshAreaMap() {
    const rev = await geography.revision();
    if (rev === mapRevision) return;
    const [stored] = await database.query<{ value: string }>(sql`select value from crime_meta where key = 'area-map-revision'`);
    if (stored?.value !== rev) {
      await replaceAreaMap(database, await geography.lsoaPlaces(), async (tx) => {
        await bumpCrimeRevision(tx);
        await tx.execute(sql`insert into crime_meta (key, value) values ('area-map-revision', ${rev}) on conflict (key) do update set value = excluded.value`);
      });
      cached.invalidate();
    }
    mapRevision = rev;
  }

  async function counts(q: CountsQuery): Promise<CountRow[]> {
    const dims = [...new Set(q.by)];
    for (const d of dims)
      if (!['month', 'category', 'force', 'localAuthority', 'ward', 'lsoa'].includes(d)) throw new CrimeQueryError('by', `Unknown dimension "${d}"`);
    const w = monthRange(q.from, q.to).map((s) => sql`c.${s}`);
    if (q.force) w.push(sql`c.force = ${q.force}`);
    if (q.category?.length) {
      const known = new Set(CATEGORIES.map((c) => c.slug));
      for (const c of q.category) if (!known.has(c)) throw new CrimeQueryError('category', `Unknown category "${c}"`);
      w.push(
        sql`c.category in (${sql.join(
          q.category.map((c) => sql`${c}`),
          sql`, `,
        )})`,
      );
    }
    if (q.area !== undefined && !/^[A-Z]\d{8}$/.test(q.area)) throw new CrimeQueryError('area', 'area must be an ONS area code such as E06000002');
    // The smallest rollup that answers the query: LSOA rows (joined to the area map) only for an
    // LSOA breakdown or an LSOA area; ward rows for a ward breakdown or ward area; local authority
    // rows for anything above; the force × month × category rollup otherwise. ONS codes say their
    // level: E01/W01 are LSOAs, E05/W05 wards.
    const areaLevel = q.area === undefined ? undefined : /^[EW]01/.test(q.area) ? 'lsoa' : /^[EW]05/.test(q.area) ? 'ward' : 'above';
    const source =
      dims.includes('lsoa') || areaLevel === 'lsoa'
        ? 'lsoa'
        : dims.includes('ward') || areaLevel === 'ward'
          ? 'ward'
          : dims.includes('localAuthority') || areaLevel === 'above'
            ? 'lad'
            : 'month';
    if (source !== 'month') await ensureAreaMap();
    if (q.area !== undefined) {
      w.push(
        source === 'lsoa'
          ? sql`(m.lsoa = ${q.area} or m.ward = ${q.area} or m.lad = ${q.area} or m.csp = ${q.area} or m.pfa = ${q.area})`
          : sql`(c.area = ${q.area} or c.lad = ${q.area} or c.csp = ${q.area} or c.pfa = ${q.area})`,
      );
    }
    if (source === 'ward' || source === 'lad') w.push(sql`c.level = ${source}`);
    const cols: Record<CrimeDim, SQL[]> =
      source === 'lsoa'
        ? {
            month: [sql`c.month`],
            category: [sql`c.category`],
            force: [sql`c.force`],
            localAuthority: [sql`m.lad`, sql`m.lad_name`],
            ward: [sql`m.ward`, sql`m.ward_name`],
            lsoa: [sql`c.lsoa`],
          }
        : {
            month: [sql`c.month`],
            category: [sql`c.category`],
            force: [sql`c.force`],
            localAuthority: [sql`c.lad`, sql`c.lad_name`],
            ward: [sql`c.area as ward`, sql`c.area_name as ward_name`],
            lsoa: [],
          };
    const groupCols: Record<CrimeDim, SQL[]> = { ...cols, ward: source === 'lsoa' ? cols.ward : [sql`c.area`, sql`c.area_name`] };
    const select = dims.flatMap((d) => cols[d]);
    const group = dims.flatMap((d) => groupCols[d]);
    const selectList = select.length ? sql`${sql.join(select, sql`, `)}, ` : sql``;
    const groupBy = group.length ? sql`group by ${sql.join(group, sql`, `)} order by ${sql.join(group, sql`, `)}` : sql``;
    const from = {
      lsoa: sql`crime_street_counts c left join crime_area_map m on m.lsoa = c.lsoa`,
      ward: sql`crime_area_counts c`,
      lad: sql`crime_area_counts c`,
      month: sql`crime_month_counts c`,
    }[source];
    const rows = await database.query<Row>(sql`
      select ${selectList}sum(c.count)::int as n
      from ${from}
      ${where(w)}
      ${groupBy}`);
    return rows.map((r) => {
      const out: CountRow = { count: Number(r.n ?? 0) };
      if (dims.includes('month')) out.month = String(r.month);
      if (dims.includes('category')) {
        out.category = String(r.category);
        out.categoryName = categoryName(out.category);
      }
      if (dims.includes('force')) out.force = String(r.force);
      if (dims.includes('localAuthority')) {
        out.localAuthority = r.lad == null ? '' : String(r.lad);
        out.localAuthorityName = r.lad_name == null ? out.localAuthority || 'Unknown area' : String(r.lad_name);
      }
      if (dims.includes('ward')) {
        out.ward = r.ward == null ? '' : String(r.ward);
        out.wardName = r.ward_name == null ? out.ward || 'Unknown area' : String(r.ward_name);
      }
      if (dims.includes('lsoa')) out.lsoa = String(r.lsoa);
      return out;
    });
  }

  const SS_COLS: Record<StopSearchDim, string> = {
    month: 'month',
    selfDefinedEthnicity: 'self_defined_ethnicity',
    officerDefinedEthnicity: 'officer_defined_ethnicity',
    ageRange: 'age_range',
    objectOfSearch: 'object_of_search',
    outcome: 'outcome',
    gender: 'gender',
  };

  async function grouped(table: string, colMap: Record<string, string>, q: GroupedQuery<string>) {
    if (!q.force) throw new CrimeQueryError('force', 'force is required');
    for (const d of q.by) if (!(d in colMap)) throw new CrimeQueryError('by', `Unknown dimension "${d}"`);
    const dims = [...new Set(q.by)];
    const w = [sql`force = ${q.force}`, ...monthRange(q.from, q.to)];
    const group = dims.map((d) => sql.raw(`${colMap[d]} as "${d}"`));
    const groupCols = dims.map((d) => sql.raw(colMap[d]));
    const rows = await database.query<Row>(sql`
      select ${group.length ? sql`${sql.join(group, sql`, `)}, ` : sql``}sum(count)::int as count
      from ${sql.raw(table)} ${where(w)}
      ${groupCols.length ? sql`group by ${sql.join(groupCols, sql`, `)} order by ${sql.join(groupCols, sql`, `)}` : sql``}`);
    return rows.map((r) => {
      const out: Record<string, string | number> = {};
      for (const d of dims) out[d] = String(r[d]);
      if ('category' in out) out.categoryName = out.category === '' ? 'Unknown' : categoryName(String(out.category));
      out.count = Number(r.count ?? 0);
      return out;
    });
  }

  // The rollups change only by import (or a geography change): reads are kept in memory until the
  // crime data revision moves on (an import here is seen at once, one by another process within a
  // second), so a dashboard's cost stays flat however busy it is.
  const cached = revisionCache(
    async () => {
      const [r] = await database.query<{ value: string }>(sql`select value from crime_meta where key = 'data-revision'`);
      return `${r?.value ?? ''}|${await geography.revision()}`;
    },
    { maxEntries: 2000, recheckMs: 1000 },
  );
  const memo = cached.wrap;

  return {
    counts: memo('counts', counts),
    ensureAreaMap,
    /** Called after this process changed the rollups. */
    invalidate: () => cached.invalidate(),
    async categories() {
      return CATEGORIES.map((c) => ({ ...c }));
    },
    months: memo('months', async (force: string) => {
      const rows = await database.query<{ month: string }>(sql`select distinct month from crime_month_counts where force = ${force} order by month`);
      return rows.map((r) => r.month);
    }),
    /** Forces with street data and their month range. */
    forcesWithData: memo('forcesWithData', () =>
      database.query<{ force: string; first: string; last: string; months: number }>(
        sql`select force, min(month) as first, max(month) as last, count(distinct month)::int as months from crime_month_counts group by force order by force`,
      ),
    ),
    stopSearch: memo('stopSearch', (q: GroupedQuery<StopSearchDim>) => grouped('crime_stop_search_counts', SS_COLS, q)),
    outcomes: memo('outcomes', (q: GroupedQuery<OutcomeDim>) =>
      grouped('crime_outcome_counts', { month: 'month', outcome: 'outcome', category: 'category' }, q),
    ),
  };
}
export type CrimeReads = ReturnType<typeof createCrimeReads>;
