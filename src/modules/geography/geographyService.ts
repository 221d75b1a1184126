import { sql, type SQL } from 'drizzle-orm';
import type { FeatureCollection } from 'geojson';
import type { Database, Db } from '../../db/index.js';
import { revisionCache } from '../../platform/revisionCache.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/roles.js';
import { POLICE_UK_FORCES } from './forces.js';
import { parseGeographyFile, type GeographyFile } from './geographyFiles.js';
import type { Area, AreaLevel, Force, GeographyService, LsoaPlace } from './types.js';

type Row = Record<string, unknown>;

/** Inserts rows in batches with one multi-row VALUES statement each (geography files are small). */
async function insertBatches(tx: Db, allRows: unknown[][], head: SQL, tail: SQL, size = 1000, keyCols = 1) {
  // One row per key (the last wins): ON CONFLICT cannot touch a row twice in one statement.
  const rows = [...new Map(allRows.map((r) => [JSON.stringify(r.slice(0, keyCols)), r])).values()];
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
    await tx.execute(sql`${head} values ${values} ${tail}`);
  }
}

function toArea(r: Row): Area {
  return {
    code: String(r.code),
    name: String(r.name),
    level: r.level as AreaLevel,
    parentCode: (r.parent_code as string | null) ?? null,
    vintage: (r.vintage as string | null) ?? undefined,
  };
}

export interface GeographyImportSummary {
  fileName: string;
  kind: GeographyFile['kind'];
  rows: number;
}

export function createGeographyService(database: Database) {
  const q = database.query.bind(database);

  async function writeFile(tx: Db, file: GeographyFile) {
    switch (file.kind) {
      case 'lsoa-lookup': {
        const lads = new Map(file.rows.map((r) => [r.lad, r.ladName]));
        const wards = new Map(file.rows.map((r) => [r.ward, [r.wardName, r.lad] as const]));
        await insertBatches(
          tx,
          [...lads].map(([c, n]) => [c, n, 'lad', file.ladVintage]),
          sql`insert into geo_areas (code, name, level, vintage)`,
          sql`on conflict (code) do update set name = excluded.name`,
        );
        await insertBatches(
          tx,
          [...wards].map(([c, [n, p]]) => [c, n, 'ward', p, file.wardVintage]),
          sql`insert into geo_areas (code, name, level, parent_code, vintage)`,
          sql`on conflict (code) do update set name = excluded.name, parent_code = excluded.parent_code, vintage = excluded.vintage`,
        );
        await insertBatches(
          tx,
          file.rows.map((r) => [r.lsoa, r.lsoaName, 'lsoa', r.ward, file.lsoaVintage]),
          sql`insert into geo_areas (code, name, level, parent_code, vintage)`,
          sql`on conflict (code) do update set name = excluded.name, parent_code = excluded.parent_code, vintage = excluded.vintage`,
        );
        return file.rows.length;
      }
      case 'lad-csp-pfa': {
        const pfas = new Map(file.rows.map((r) => [r.pfa, r.pfaName]));
        const csps = new Map(file.rows.map((r) => [r.csp, [r.cspName, r.pfa] as const]));
        await insertBatches(
          tx,
          [...pfas].map(([c, n]) => [c, n, 'pfa', file.vintage]),
          sql`insert into geo_areas (code, name, level, vintage)`,
          sql`on conflict (code) do update set name = excluded.name`,
        );
        await insertBatches(
          tx,
          [...csps].map(([c, [n, p]]) => [c, n, 'csp', p, file.vintage]),
          sql`insert into geo_areas (code, name, level, parent_code, vintage)`,
          sql`on conflict (code) do update set name = excluded.name, parent_code = excluded.parent_code`,
        );
        await insertBatches(
          tx,
          file.rows.map((r) => [r.lad, r.ladName, 'lad', r.csp, file.vintage]),
          sql`insert into geo_areas (code, name, level, parent_code, vintage)`,
          sql`on conflict (code) do update set parent_code = excluded.parent_code`,
        );
        return file.rows.length;
      }
      case 'pfa-names':
        await insertBatches(
          tx,
          file.rows.filter((r) => r.name).map((r) => [r.pfa, r.name, 'pfa', file.vintage]),
          sql`insert into geo_areas (code, name, level, vintage)`,
          sql`on conflict (code) do update set name = excluded.name`,
        );
        return file.rows.length;
      case 'population':
        await insertBatches(
          tx,
          file.rows.map((r) => [r.code, r.year, r.population, r.source]),
          sql`insert into geo_population (code, year, population, source)`,
          sql`on conflict (code, year) do update set population = excluded.population, source = excluded.source`,
          1000,
          2,
        );
        return file.rows.length;
      case 'boundaries':
        await insertBatches(
          tx,
          file.features.map((f) => [f.code, file.level, f.ladCode ?? '', f.name, JSON.stringify(f.geometry)]),
          sql`insert into geo_boundaries (code, level, lad_code, name, geometry)`,
          sql`on conflict (level, code) do update set lad_code = excluded.lad_code, name = excluded.name, geometry = excluded.geometry`,
          200,
          1,
        );
        // Boundary files name their local authority; fill it in from the lookup where they do not.
        await tx.execute(
          sql`update geo_boundaries b set lad_code = coalesce(p.lad, '') from geo_lsoa_places p where b.level = 'lsoa' and b.lad_code = '' and p.lsoa = b.code`,
        );
        return file.features.length;
    }
  }

  /** Recomputes which codes are current and where every LSOA (either vintage) counts. */
  async function refreshDerived(tx: Db) {
    await tx.execute(sql`
      update geo_areas a set current = (a.vintage is null or a.vintage = m.v)
      from (select level, max(vintage) v from geo_areas where level in ('lsoa', 'ward') group by level) m
      where a.level = m.level`);
    await tx.execute(sql`delete from geo_lsoa_places`);
    await tx.execute(sql`
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
  }

  const service = {
    async importFile(actor: Actor, fileName: string, content: string | Buffer): Promise<GeographyImportSummary> {
      return (await service.importFiles(actor, [{ fileName, content }]))[0];
    },

    /** Imports several files in one transaction (all or nothing), in the order given. */
    async importFiles(actor: Actor, files: { fileName: string; content: string | Buffer }[]): Promise<GeographyImportSummary[]> {
      const parsed = files.map((f) => ({ fileName: f.fileName, file: parseGeographyFile(f.fileName, f.content) }));
      try {
        return await database.transaction(async (tx) => {
          const out: GeographyImportSummary[] = [];
          let fresh = true;
          for (const { fileName, file } of parsed) {
            // Boundaries find their local authority through the LSOA places, so refresh those first.
            if (file.kind === 'boundaries' && !fresh) await refreshDerived(tx);
            fresh = file.kind === 'boundaries' || (fresh && file.kind === 'population');
            const rows = await writeFile(tx, file);
            await tx.execute(sql`insert into geo_imports (file_name, kind, rows) values (${fileName}, ${file.kind}, ${rows})`);
            await recordAudit(tx, actor, {
              action: 'geography.import',
              entityType: 'geography-file',
              entityId: fileName,
              summary: `Imported ${rows} rows (${file.kind}) from ${fileName}`,
            });
            out.push({ fileName, kind: file.kind, rows });
          }
          await refreshDerived(tx);
          return out;
        });
      } finally {
        cached.invalidate(); // the reads kept in memory (below) are of the geography before
      }
    },

    async area(code: string) {
      const [r] = await q(sql`select code, name, level, parent_code, vintage from geo_areas where code = ${code}`);
      return r ? toArea(r) : undefined;
    },

    async children(parentCode: string, level: AreaLevel) {
      const rows = await q(sql`
        with recursive d as (
          select code, name, level, parent_code, vintage, current from geo_areas where parent_code = ${parentCode}
          union all
          select a.code, a.name, a.level, a.parent_code, a.vintage, a.current from geo_areas a join d on a.parent_code = d.code where d.level <> ${level}
        )
        select distinct code, name, level, parent_code, vintage from d where level = ${level} and current order by name, code`);
      return rows.map(toArea);
    },

    async forces(): Promise<Force[]> {
      const pfas = await q(sql`select code, name from geo_areas where level = 'pfa'`);
      const byName = new Map(pfas.map((p) => [String(p.name).toLowerCase(), String(p.code)]));
      return POLICE_UK_FORCES.map((f) => ({ id: f.id, name: f.name, code: f.pfaName ? (byName.get(f.pfaName.toLowerCase()) ?? null) : null }));
    },

    async areasOfForce(forceId: string, level: 'lad' | 'ward' | 'lsoa') {
      const force = (await service.forces()).find((f) => f.id === forceId);
      if (!force?.code) return [];
      return service.children(force.code, level);
    },

    async boundaries(level: 'ward' | 'lsoa', ladCode: string): Promise<FeatureCollection> {
      const rows = await q(sql`
        select b.code, coalesce(a.name, b.name) as name, b.geometry from geo_boundaries b
        left join geo_areas a on a.code = b.code
        where b.level = ${level} and b.lad_code = ${ladCode} and coalesce(a.current, true)
        order by b.code`);
      return {
        type: 'FeatureCollection',
        features: rows.map((r) => ({
          type: 'Feature',
          properties: { code: String(r.code), name: String(r.name) },
          geometry: (typeof r.geometry === 'string' ? JSON.parse(r.geometry) : r.geometry) as never,
        })),
      };
    },

    async population(code: string, year?: number) {
      const rows =
        year === undefined
          ? await q(sql`select year, population from geo_population where code = ${code} order by year desc limit 1`)
          : await q(sql`select year, population from geo_population where code = ${code} and year = ${year}`);
      const r = rows[0];
      return r ? { year: Number(r.year), population: Number(r.population) } : undefined;
    },

    async lsoaPlaces(): Promise<LsoaPlace[]> {
      const rows = await q(sql`
        select p.lsoa, l.name lsoa_name, p.vintage, p.ward, w.name ward_name, p.lad, d.name lad_name, d.parent_code csp, c.parent_code pfa
        from geo_lsoa_places p join geo_areas l on l.code = p.lsoa
        left join geo_areas w on w.code = p.ward left join geo_areas d on d.code = p.lad left join geo_areas c on c.code = d.parent_code`);
      return rows.map((r) => ({
        lsoa: String(r.lsoa),
        lsoaName: String(r.lsoa_name),
        vintage: String(r.vintage),
        ward: (r.ward as string) ?? null,
        wardName: (r.ward_name as string) ?? null,
        lad: (r.lad as string) ?? null,
        ladName: (r.lad_name as string) ?? null,
        csp: (r.csp as string) ?? null,
        pfa: (r.pfa as string) ?? null,
      }));
    },

    async revision() {
      const [r] = await q(sql`select count(*)::text || ':' || coalesce(max(id), 0)::text as rev from geo_imports`);
      return String(r?.rev ?? '0:0');
    },

    async importCount() {
      const [r] = await q(sql`select count(*)::int n from geo_imports`);
      return Number(r?.n ?? 0);
    },
  };
  // Geography changes only by import: reads are served from memory until the next one (an import
  // here is seen at once, one by another process within a second).
  const cached = revisionCache(() => service.revision(), { maxEntries: 2000, recheckMs: 1000 });
  const memo = cached.wrap;
  const reads = {
    ...service,
    area: memo('area', service.area),
    children: memo('children', service.children),
    forces: memo('forces', service.forces),
    areasOfForce: memo('areasOfForce', service.areasOfForce),
    boundaries: memo('boundaries', service.boundaries),
    population: memo('population', service.population),
  };
  return reads satisfies GeographyService & Record<string, unknown>;
}
export type GeographyServiceImpl = ReturnType<typeof createGeographyService>;
