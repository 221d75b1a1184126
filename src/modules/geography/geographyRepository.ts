import { sql, type SQL } from 'drizzle-orm';
import type { Geometry } from 'geojson';
import { rowsOf, type Db } from '../../db/index.js';
import type { Area, AreaLevel, LsoaPlace } from './types.js';

/** A table the geography files write, with its key and the columns an upsert may change. */
interface UpsertTarget {
  table: 'geo_areas' | 'geo_population' | 'geo_boundaries';
  columns: readonly string[];
  /** The conflict target (the table's key). */
  key: readonly string[];
  /** The columns an existing row takes from the file. */
  update: readonly string[];
  /** Rows per statement (boundaries are large). */
  batch?: number;
}

/**
 * The one batch upsert of the geography files: rows in batches of one multi-row VALUES statement
 * each (geography files are small), one row per key (the last wins: ON CONFLICT cannot touch a row
 * twice in one statement), and on a key already there the `update` columns are replaced.
 */
async function upsert(db: Db, target: UpsertTarget, allRows: readonly (string | number | null)[][]) {
  const keyCount = target.key.length;
  const rows = [...new Map(allRows.map((r) => [JSON.stringify(r.slice(0, keyCount)), r])).values()];
  const names = (cols: readonly string[]) => sql.raw(cols.join(', '));
  const head = sql`insert into ${sql.raw(target.table)} (${names(target.columns)})`;
  const tail = sql`on conflict (${names(target.key)}) do update set ${sql.raw(target.update.map((c) => `${c} = excluded.${c}`).join(', '))}`;
  const size = target.batch ?? 1000;
  for (let i = 0; i < rows.length; i += size) {
    const values = sql.join(
      rows.slice(i, i + size).map(
        (r) =>
          sql`(${sql.join(
            r.map((v) => sql`${v}`),
            sql`, `,
          )})`,
      ),
      sql`, `,
    );
    await db.execute(sql`${head} values ${values} ${tail}`);
  }
}

const rows = async <T>(db: Db, query: SQL) => rowsOf<T>(await db.execute(query));

interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  parent_code: string | null;
  vintage: string | null;
}

const toArea = (r: AreaRow): Area => ({
  code: r.code,
  name: r.name,
  level: r.level,
  parentCode: r.parent_code ?? null,
  vintage: r.vintage ?? undefined,
});

/** PGlite hands jsonb back parsed, node-postgres as text on some paths: both become the object. */
export const geometryOf = (g: Geometry | string): Geometry => (typeof g === 'string' ? JSON.parse(g) : g);

/** SQL only: every function takes the database or a transaction. */
export const geographyRepository = {
  /** Areas without a parent (LADs of a lookup file, force areas): a new one is added, a known one renamed. */
  upsertAreaNames(db: Db, areas: readonly [code: string, name: string, level: AreaLevel, vintage: string | null][]) {
    return upsert(db, { table: 'geo_areas', columns: ['code', 'name', 'level', 'vintage'], key: ['code'], update: ['name'] }, areas);
  },
  /** Areas with their parent; `update` says which columns a known area takes from the file. */
  upsertAreas(
    db: Db,
    areas: readonly [code: string, name: string, level: AreaLevel, parentCode: string, vintage: string | null][],
    update: readonly ('name' | 'parent_code' | 'vintage')[],
  ) {
    return upsert(db, { table: 'geo_areas', columns: ['code', 'name', 'level', 'parent_code', 'vintage'], key: ['code'], update }, areas);
  },
  upsertPopulation(db: Db, figures: readonly [code: string, year: number, population: number, source: string | null][]) {
    return upsert(
      db,
      { table: 'geo_population', columns: ['code', 'year', 'population', 'source'], key: ['code', 'year'], update: ['population', 'source'] },
      figures,
    );
  },
  async upsertBoundaries(db: Db, level: 'ward' | 'lsoa', features: readonly { code: string; ladCode?: string | null; name: string; geometry: unknown }[]) {
    await upsert(
      db,
      {
        table: 'geo_boundaries',
        columns: ['code', 'level', 'lad_code', 'name', 'geometry'],
        // The table's key is (level, code); one file is one level, so the code alone is unique in it.
        key: ['level', 'code'],
        update: ['lad_code', 'name', 'geometry'],
        batch: 200,
      },
      features.map((f) => [f.code, level, f.ladCode ?? '', f.name, JSON.stringify(f.geometry)]),
    );
    // Boundary files name their local authority; fill it in from the lookup where they do not.
    await db.execute(
      sql`update geo_boundaries b set lad_code = coalesce(p.lad, '') from geo_lsoa_places p where b.level = 'lsoa' and b.lad_code = '' and p.lsoa = b.code`,
    );
  },

  /** Recomputes which codes are current and where every LSOA (either vintage) counts. */
  async refreshDerived(db: Db) {
    await db.execute(sql`
      update geo_areas a set current = (a.vintage is null or a.vintage = m.v)
      from (select level, max(vintage) v from geo_areas where level in ('lsoa', 'ward') group by level) m
      where a.level = m.level`);
    await db.execute(sql`delete from geo_lsoa_places`);
    await db.execute(sql`
      insert into geo_lsoa_places (lsoa, vintage, ward, lad)
      select l.code, coalesce(l.vintage, ''),
             case when w.current then w.code else coalesce(cw.code, w.code) end,
             w.parent_code
      from geo_areas l
      left join geo_areas w on w.code = l.parent_code and w.level = 'ward'
      left join lateral (
        select c.code from geo_areas c
        where c.level = 'ward' and c.current and c.parent_code = w.parent_code and lower(c.name) = lower(w.name)
        limit 1
      ) cw on not w.current
      where l.level = 'lsoa'`);
  },

  async recordImport(db: Db, fileName: string, kind: string, count: number) {
    await db.execute(sql`insert into geo_imports (file_name, kind, rows) values (${fileName}, ${kind}, ${count})`);
  },

  async area(db: Db, code: string): Promise<Area | undefined> {
    const [r] = await rows<AreaRow>(db, sql`select code, name, level, parent_code, vintage from geo_areas where code = ${code}`);
    return r ? toArea(r) : undefined;
  },

  async children(db: Db, parentCode: string, level: AreaLevel): Promise<Area[]> {
    const found = await rows<AreaRow>(
      db,
      sql`
        with recursive d as (
          select code, name, level, parent_code, vintage, current from geo_areas where parent_code = ${parentCode}
          union all
          select a.code, a.name, a.level, a.parent_code, a.vintage, a.current from geo_areas a join d on a.parent_code = d.code where d.level <> ${level}
        )
        select distinct code, name, level, parent_code, vintage from d where level = ${level} and current order by name, code`,
    );
    return found.map(toArea);
  },

  forceAreas(db: Db) {
    return rows<{ code: string; name: string }>(db, sql`select code, name from geo_areas where level = 'pfa'`);
  },

  async boundaries(db: Db, level: 'ward' | 'lsoa', ladCode: string) {
    const found = await rows<{ code: string; name: string; geometry: Geometry | string }>(
      db,
      sql`
        select b.code, coalesce(a.name, b.name) as name, b.geometry from geo_boundaries b
        left join geo_areas a on a.code = b.code
        where b.level = ${level} and b.lad_code = ${ladCode} and coalesce(a.current, true)
        order by b.code`,
    );
    return found.map((r) => ({ code: String(r.code), name: String(r.name), geometry: geometryOf(r.geometry) }));
  },

  async population(db: Db, code: string, year?: number) {
    const found =
      year === undefined
        ? await rows<{ year: number; population: number }>(db, sql`select year, population from geo_population where code = ${code} order by year desc limit 1`)
        : await rows<{ year: number; population: number }>(db, sql`select year, population from geo_population where code = ${code} and year = ${year}`);
    const r = found[0];
    return r ? { year: Number(r.year), population: Number(r.population) } : undefined;
  },

  async lsoaPlaces(db: Db): Promise<LsoaPlace[]> {
    const found = await rows<{
      lsoa: string;
      lsoa_name: string;
      vintage: string;
      ward: string | null;
      ward_name: string | null;
      lad: string | null;
      lad_name: string | null;
      csp: string | null;
      pfa: string | null;
    }>(
      db,
      sql`
        select p.lsoa, l.name lsoa_name, p.vintage, p.ward, w.name ward_name, p.lad, d.name lad_name, d.parent_code csp, c.parent_code pfa
        from geo_lsoa_places p join geo_areas l on l.code = p.lsoa
        left join geo_areas w on w.code = p.ward left join geo_areas d on d.code = p.lad left join geo_areas c on c.code = d.parent_code`,
    );
    return found.map((r) => ({
      lsoa: String(r.lsoa),
      lsoaName: String(r.lsoa_name),
      vintage: String(r.vintage),
      ward: r.ward ?? null,
      wardName: r.ward_name ?? null,
      lad: r.lad ?? null,
      ladName: r.lad_name ?? null,
      csp: r.csp ?? null,
      pfa: r.pfa ?? null,
    }));
  },

  async revision(db: Db): Promise<string> {
    const [r] = await rows<{ rev: string }>(db, sql`select count(*)::text || ':' || coalesce(max(id), 0)::text as rev from geo_imports`);
    return String(r?.rev ?? '0:0');
  },

  async importCount(db: Db): Promise<number> {
    const [r] = await rows<{ n: number }>(db, sql`select count(*)::int n from geo_imports`);
    return Number(r?.n ?? 0);
  },
};
