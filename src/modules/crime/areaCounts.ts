import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { copyText } from '../../db/copyText.js';
import type { Database, Db } from '../../db/index.js';
import type { LsoaPlace } from '../geography/types.js';

const AREA_MAP_COLUMNS = 'lsoa, lsoa_name, ward, ward_name, lad, lad_name, csp, pfa, vintage';

/**
 * Puts these places in crime_area_map in place of what it held, then rebuilds the area counts from
 * it: the places go by COPY into a staging table (tens of thousands of rows for a national
 * geography), and the swap and rebuild are one transaction, so a reader sees the old map or the new.
 */
export async function replaceAreaMap(database: Database, places: readonly LsoaPlace[], after: (tx: Db) => Promise<void>): Promise<void> {
  const stage = `crime_area_map_stage_${randomUUID().replace(/-/g, '')}`;
  const rows = copyText(places.map((p) => [p.lsoa, p.lsoaName, p.ward, p.wardName, p.lad, p.ladName, p.csp, p.pfa, p.vintage]));
  try {
    await database.bulk(async (s) => {
      await s.execute(`create unlogged table ${stage} (like crime_area_map)`);
      await s.copyFrom(`COPY ${stage} (${AREA_MAP_COLUMNS}) FROM STDIN`, rows);
    });
    await database.transaction(async (tx) => {
      await tx.execute(sql`delete from crime_area_map`);
      await tx.execute(sql.raw(`insert into crime_area_map (${AREA_MAP_COLUMNS}) select ${AREA_MAP_COLUMNS} from ${stage}`));
      await rebuildAreaCounts(tx);
      await after(tx);
    });
  } finally {
    await database.query(sql.raw(`drop table if exists ${stage}`));
  }
}

/**
 * Rebuilds crime_area_counts (street counts by ward, from the LSOA rollup and the area map, then by
 * local authority, from the ward rows): for one (force, month) after its import, or in full after the area map
 * changed. Rows whose LSOA has no known ward or local authority are kept under area ''.
 */
export async function rebuildAreaCounts(tx: Db, scope?: { force: string; month: string }): Promise<void> {
  const where = scope ? sql`where c.force = ${scope.force} and c.month = ${scope.month}` : sql``;
  await tx.execute(scope ? sql`delete from crime_area_counts where force = ${scope.force} and month = ${scope.month}` : sql`delete from crime_area_counts`);
  await tx.execute(sql`
    insert into crime_area_counts (force, level, month, category, area, area_name, lad, lad_name, csp, pfa, count)
    select c.force, 'ward', c.month, c.category, coalesce(m.ward, ''), coalesce(min(m.ward_name), ''), m.lad, min(m.lad_name), m.csp, m.pfa, sum(c.count)::int
    from crime_street_counts c left join crime_area_map m on m.lsoa = c.lsoa
    ${where}
    group by c.force, c.month, c.category, coalesce(m.ward, ''), m.lad, m.csp, m.pfa`);
  // Local authorities from the ward rows just written (the same groups, summed), not a second join.
  await tx.execute(sql`
    insert into crime_area_counts (force, level, month, category, area, area_name, lad, lad_name, csp, pfa, count)
    select force, 'lad', month, category, coalesce(lad, ''), coalesce(min(lad_name), ''), lad, min(lad_name), csp, pfa, sum(count)::int
    from crime_area_counts
    where level = 'ward' ${scope ? sql`and force = ${scope.force} and month = ${scope.month}` : sql``}
    group by force, month, category, lad, csp, pfa`);
}

/**
 * Marks the crime rollups as changed (in the transaction that changes them): cached reads in every
 * process see the new revision on their next call and read afresh.
 */
export async function bumpCrimeRevision(tx: Db): Promise<void> {
  await tx.execute(sql`insert into crime_meta (key, value) values ('data-revision', gen_random_uuid()::text)
    on conflict (key) do update set value = excluded.value`);
}
