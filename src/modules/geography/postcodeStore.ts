/** Postcodes in the database: the import (COPY into a staging table, then one transaction) and the look-up. */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Geometry } from 'geojson';
import { rowsOf, type Database, type Db } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/roles.js';
import { areaLocator, normalisePostcode, parsePostcodeFile, type PostcodeRow } from './postcodes.js';
import type { PostcodePlace } from './types.js';

/** A locator over the imported LSOA boundaries (or, with none, the ward boundaries). */
async function locatorOf(tx: Db) {
  const read = async (level: 'lsoa' | 'ward') =>
    rowsOf<Record<string, unknown>>(await tx.execute(sql`select code, geometry from geo_boundaries where level = ${level}`)).map((r) => ({
      code: String(r.code),
      geometry: (typeof r.geometry === 'string' ? JSON.parse(r.geometry) : r.geometry) as Geometry,
    }));
  const lsoas = await read('lsoa');
  if (lsoas.length) return { level: 'lsoa' as const, find: areaLocator(lsoas) };
  return { level: 'ward' as const, find: areaLocator(await read('ward')) };
}

function place(rows: PostcodeRow[], loc: Awaited<ReturnType<typeof locatorOf>>): PostcodeRow[] {
  return rows.map((r) => {
    const code = r.lat === null || r.long === null ? null : loc.find(r.long, r.lat);
    return loc.level === 'lsoa' ? { ...r, lsoa: code, ward: null, lad: null } : { ...r, lsoa: null, ward: code, lad: null };
  });
}

const csvCell = (v: string | number | null) => (v === null ? '' : String(v));

export function createPostcodeStore(database: Database, onChange: () => void) {
  const q = database.query.bind(database);

  return {
    /**
     * Imports a postcode file: points are placed in the imported boundaries now (and again whenever
     * boundaries are imported); an ONS lookup's areas are kept as published. Repeatable: a postcode
     * imported again is updated, never duplicated. All or nothing.
     */
    async importPostcodes(actor: Actor, fileName: string, content: string | Buffer) {
      const file = parsePostcodeFile(fileName, content);
      const placed = file.kind === 'postcode-points' ? 'point' : 'lookup';
      const rows = file.kind === 'postcode-points' ? place(file.rows, await database.transaction((tx) => locatorOf(tx))) : file.rows;
      const stage = `geo_postcode_stage_${randomBytes(6).toString('hex')}`;
      const csv = rows.map((r) => [r.postcode, r.lat, r.long, r.lsoa, r.ward, r.lad].map(csvCell).join(',')).join('\n') + '\n';
      try {
        await database.bulk(async (s) => {
          await s.execute(`create unlogged table ${stage} (postcode text, lat double precision, long double precision, lsoa text, ward text, lad text)`);
          await s.copyFrom(`COPY ${stage} (postcode, lat, long, lsoa, ward, lad) FROM STDIN WITH (FORMAT csv)`, csv);
        });
        const outside = rows.filter((r) => !r.lsoa && !r.ward).length;
        await database.transaction(async (tx) => {
          await tx.execute(sql`
            insert into geo_postcodes (postcode, lat, long, lsoa, ward, lad, placed)
            select distinct on (postcode) postcode, lat, long, lsoa, ward, lad, ${placed} from ${sql.identifier(stage)}
            on conflict (postcode) do update set lat = excluded.lat, long = excluded.long, lsoa = excluded.lsoa, ward = excluded.ward, lad = excluded.lad, placed = excluded.placed`);
          await tx.execute(sql`insert into geo_imports (file_name, kind, rows) values (${fileName}, ${file.kind}, ${rows.length})`);
          await recordAudit(tx, actor, {
            action: 'geography.import',
            entityType: 'geography-file',
            entityId: fileName,
            summary: `Imported ${rows.length} postcodes (${file.kind}) from ${fileName}; ${outside} in no imported area`,
          });
        });
        return { fileName, kind: file.kind, rows: rows.length, outside };
      } finally {
        await database.query(sql`drop table if exists ${sql.identifier(stage)}`);
        onChange();
      }
    },

    /** Places every postcode imported as a point again, in the boundaries now imported (inside tx). */
    async placePoints(tx: Db) {
      const points = rowsOf<Record<string, unknown>>(await tx.execute(sql`select postcode, lat, long from geo_postcodes where placed = 'point'`));
      if (!points.length) return;
      const loc = await locatorOf(tx);
      const rows = place(
        points.map((p) => ({ postcode: String(p.postcode), lat: Number(p.lat), long: Number(p.long), lsoa: null, ward: null, lad: null })),
        loc,
      );
      for (let i = 0; i < rows.length; i += 1000) {
        const values = sql.join(
          rows.slice(i, i + 1000).map((r) => sql`(${r.postcode}, ${r.lsoa}, ${r.ward})`),
          sql`, `,
        );
        await tx.execute(
          sql`update geo_postcodes p set lsoa = v.lsoa, ward = v.ward from (values ${values}) v(postcode, lsoa, ward) where p.postcode = v.postcode`,
        );
      }
    },

    /** Where a postcode is: its LSOA, current ward and local authority, and force area. */
    async postcode(input: string): Promise<PostcodePlace | undefined> {
      const postcode = normalisePostcode(input);
      if (!postcode) return undefined;
      const [r] = await q(sql`
        select p.postcode, p.lsoa, coalesce(lp.ward, p.ward) ward, coalesce(lp.lad, p.lad, w.parent_code) lad, c.parent_code pfa
        from geo_postcodes p
        left join geo_lsoa_places lp on lp.lsoa = p.lsoa
        left join geo_areas w on w.code = coalesce(lp.ward, p.ward) and w.level = 'ward'
        left join geo_areas d on d.code = coalesce(lp.lad, p.lad, w.parent_code)
        left join geo_areas c on c.code = d.parent_code
        where p.postcode = ${postcode}`);
      if (!r) return undefined;
      const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
      return { postcode, lsoa: s(r.lsoa), ward: s(r.ward), lad: s(r.lad), pfa: s(r.pfa) };
    },

    async postcodeCount() {
      const [r] = await q(sql`select count(*)::int n from geo_postcodes`);
      return Number(r?.n ?? 0);
    },
  };
}
