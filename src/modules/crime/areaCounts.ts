import { sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';

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
