import { sql } from 'drizzle-orm';
import type { Geometry } from 'geojson';
import { copyText } from '../../db/copyText.js';
import { rowsOf, type BulkSession, type Database, type Db } from '../../db/index.js';
import { geometryOf } from './geographyRepository.js';
import type { PostcodeRow } from './postcodes.js';

const cell = (v: string | number | null) => (v === null ? null : String(v));

/** SQL only (postcodes): every function takes the database, a transaction or a bulk session. */
export const postcodeRepository = {
  /** The imported boundaries of one level, for placing points in them. */
  async boundaries(db: Db, level: 'lsoa' | 'ward'): Promise<{ code: string; geometry: Geometry }[]> {
    const found = rowsOf<{ code: string; geometry: Geometry | string }>(
      await db.execute(sql`select code, geometry from geo_boundaries where level = ${level}`),
    );
    return found.map((r) => ({ code: String(r.code), geometry: geometryOf(r.geometry) }));
  },

  /** Creates the staging table `stage` and COPYs the rows into it (inside a bulk transaction). */
  async stage(s: BulkSession, stage: string, rows: readonly PostcodeRow[]) {
    const text = copyText(rows.map((r) => [r.postcode, r.lat, r.long, r.lsoa, r.ward, r.lad].map(cell)));
    await s.execute(`create unlogged table ${stage} (postcode text, lat double precision, long double precision, lsoa text, ward text, lad text)`);
    await s.copyFrom(`COPY ${stage} (postcode, lat, long, lsoa, ward, lad) FROM STDIN`, text);
  },

  /** Adds or updates every postcode of the staging table (one per postcode). */
  async upsertFromStage(db: Db, stage: string, placed: 'point' | 'lookup') {
    await db.execute(sql`
      insert into geo_postcodes (postcode, lat, long, lsoa, ward, lad, placed)
      select distinct on (postcode) postcode, lat, long, lsoa, ward, lad, ${placed} from ${sql.identifier(stage)}
      on conflict (postcode) do update set lat = excluded.lat, long = excluded.long, lsoa = excluded.lsoa, ward = excluded.ward, lad = excluded.lad, placed = excluded.placed`);
  },

  async dropStage(database: Database, stage: string) {
    await database.query(sql`drop table if exists ${sql.identifier(stage)}`);
  },

  async points(db: Db) {
    const found = rowsOf<{ postcode: string; lat: number; long: number }>(
      await db.execute(sql`select postcode, lat, long from geo_postcodes where placed = 'point'`),
    );
    return found.map((p) => ({ postcode: String(p.postcode), lat: Number(p.lat), long: Number(p.long) }));
  },

  async setPlaces(db: Db, places: readonly { postcode: string; lsoa: string | null; ward: string | null }[]) {
    for (let i = 0; i < places.length; i += 1000) {
      const values = sql.join(
        places.slice(i, i + 1000).map((r) => sql`(${r.postcode}, ${r.lsoa}, ${r.ward})`),
        sql`, `,
      );
      await db.execute(
        sql`update geo_postcodes p set lsoa = v.lsoa, ward = v.ward from (values ${values}) v(postcode, lsoa, ward) where p.postcode = v.postcode`,
      );
    }
  },

  /** Where a postcode is: its LSOA, current ward and local authority, and force area. */
  async place(db: Db, postcode: string) {
    const [r] = rowsOf<{ lsoa: string | null; ward: string | null; lad: string | null; pfa: string | null }>(
      await db.execute(sql`
        select p.postcode, p.lsoa, coalesce(lp.ward, p.ward) ward, coalesce(lp.lad, p.lad, w.parent_code) lad, c.parent_code pfa
        from geo_postcodes p
        left join geo_lsoa_places lp on lp.lsoa = p.lsoa
        left join geo_areas w on w.code = coalesce(lp.ward, p.ward) and w.level = 'ward'
        left join geo_areas d on d.code = coalesce(lp.lad, p.lad, w.parent_code)
        left join geo_areas c on c.code = d.parent_code
        where p.postcode = ${postcode}`),
    );
    return r;
  },

  async count(db: Db) {
    const [r] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int n from geo_postcodes`));
    return Number(r?.n ?? 0);
  },
};
