import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { once } from 'node:events';
import { parse } from 'csv-parse/sync';
import { CATEGORIES } from '../../src/modules/crime/categories.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Cleveland's 2021 LSOAs from the shipped lookup, so generated rows land in real areas. */
export function clevelandLsoas(): { code: string; name: string }[] {
  const text = gunzipSync(readFileSync(join(ROOT, 'seeds', 'geography', 'lsoa21-ward23-lad23.csv.gz'))).toString('utf8');
  const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
  return rows.filter((r) => ['E06000001', 'E06000002', 'E06000003', 'E06000004'].includes(r.LAD23CD)).map((r) => ({ code: r.LSOA21CD, name: r.LSOA21NM }));
}

/**
 * Writes a police.uk-shaped street file of `rows` rows for one month (random 64-hex Crime IDs,
 * ASB rows with a blank ID, a few No Location rows), as police.uk publishes them.
 */
export async function writeStreetFile(path: string, rows: number, month = '2030-01'): Promise<number> {
  const lsoas = clevelandLsoas();
  const out = createWriteStream(path);
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
  // Unique 64-hex IDs: the row number then pseudo-random digits (police.uk IDs are hashes).
  const hex = (i: number) => {
    let s = i.toString(16).padStart(8, '0');
    for (let k = 0; k < 7; k++) s += rnd().toString(16).padStart(8, '0');
    return s;
  };
  out.write('Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n');
  let buf: string[] = [];
  for (let i = 0; i < rows; i++) {
    const cat = CATEGORIES[rnd() % CATEGORIES.length];
    const asb = cat.slug === 'anti-social-behaviour';
    const noLoc = rnd() % 200 === 0;
    const l = lsoas[rnd() % lsoas.length];
    const lon = (-1.4 + (rnd() % 40000) / 100000).toFixed(6);
    const lat = (54.5 + (rnd() % 20000) / 100000).toFixed(6);
    buf.push(
      `${asb ? '' : hex(i)},${month},Cleveland Police,Cleveland Police,${noLoc ? '' : lon},${noLoc ? '' : lat},${noLoc ? 'No Location' : `On or near Street ${rnd() % 5000}`},${noLoc ? '' : l.code},${noLoc ? '' : l.name},${cat.name},${asb ? '' : 'Investigation complete; no suspect identified'},`,
    );
    if (buf.length === 10000) {
      if (!out.write(buf.join('\n') + '\n')) await once(out, 'drain');
      buf = [];
    }
  }
  if (buf.length) out.write(buf.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
  return rows;
}
