/**
 * Postcodes: reading a file of them and placing each point in boundaries. Pure: no database.
 *
 * Two kinds of file are read. A file of points (`Postcode,lat,long`, as the ONS postcode lookup
 * reduced to points) is placed in the imported LSOA boundaries by point in polygon. An official ONS
 * postcode lookup (ONSPD or NSPL: `pcds`, `lat`, `long`, `lsoa21` or `lsoa11`, `osward`, `oslaua`)
 * already names the areas, and is taken as published.
 */
import type { Geometry, Position } from 'geojson';
import type { ImportProblem } from '../../platform/importKit.js';
import { csvRecords, refused } from './csvRecords.js';

export interface PostcodeRow {
  postcode: string;
  lat: number | null;
  long: number | null;
  lsoa: string | null;
  ward: string | null;
  lad: string | null;
}
export interface PostcodeFile {
  kind: 'postcode-points' | 'postcode-lookup';
  rows: PostcodeRow[];
}

const FULL = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;
const CODE = /^[EWSNLMK]\d{8}$/;

/** "ts1 1aa", "TS11AA" → "TS1 1AA"; undefined when it is not a full UK postcode. */
export function normalisePostcode(input: string): string | undefined {
  const m = FULL.exec(input.trim().toUpperCase().replace(/\s+/g, ' '));
  return m ? `${m[1]} ${m[2]}` : undefined;
}

/** True when the text looks meant as a postcode (starts like one and has a digit), even if malformed. */
export function looksLikePostcode(input: string): boolean {
  return /^[A-Za-z]{1,2}\d/.test(input.trim()) && /\d/.test(input);
}

/** Whether a file's header is one of the postcode files this module reads. */
export function isPostcodeFile(content: string | Buffer): boolean {
  const text = (typeof content === 'string' ? content : content.subarray(0, 4096).toString('utf8')).replace(/^\uFEFF/, '');
  const header = text
    .split(/\r?\n/, 1)[0]
    .toLowerCase()
    .split(',')
    .map((h) => h.trim().replace(/^"|"$/g, ''));
  return (header.includes('postcode') || header.includes('pcds') || header.includes('pcd')) && header.includes('lat') && header.includes('long');
}

/** Reads a postcode file; every problem names its line and column, and none is saved if any. */
export function parsePostcodeFile(fileName: string, content: string | Buffer): PostcodeFile {
  const text = (typeof content === 'string' ? content : content.toString('utf8')).replace(/^\uFEFF/, '');
  const records = csvRecords(text, fileName);
  if (!records.length) throw refused(fileName, [{ line: 1, message: 'The file is empty' }]);
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const col = (...names: string[]) => names.map((n) => header.indexOf(n)).find((i) => i >= 0) ?? -1;
  const pc = col('pcds', 'postcode', 'pcd');
  const lat = col('lat');
  const long = col('long');
  const lsoa = col('lsoa21', 'lsoa21cd', 'lsoa11', 'lsoa11cd');
  const ward = col('osward');
  const lad = col('oslaua');
  const doterm = col('doterm');
  if (pc < 0 || lat < 0 || long < 0) {
    throw refused(fileName, [{ line: 1, message: `Not a postcode file: expected Postcode (or pcds), lat and long columns (found ${header.join(', ')})` }]);
  }
  const isLookup = lsoa >= 0 || ward >= 0;
  const problems: ImportProblem[] = [];
  const named = (i: number) => ({ column: i + 1, field: records[0].record[i].trim() });
  const rows: PostcodeRow[] = [];
  const optionalCode = (r: string[], i: number, line: number) => {
    const v = i >= 0 ? (r[i] ?? '').trim() : '';
    if (!v) return null;
    if (!CODE.test(v)) {
      problems.push({ line, ...named(i), message: `"${v}" is not an ONS area code` });
      return null;
    }
    return v;
  };
  for (const { record: r, line } of records.slice(1)) {
    // ONSPD keeps postcodes no longer in use, with the date they ended: they are left out.
    if (doterm >= 0 && (r[doterm] ?? '').trim()) continue;
    const postcode = normalisePostcode(r[pc] ?? '');
    if (!postcode) {
      problems.push({ line, ...named(pc), message: `"${r[pc] ?? ''}" is not a full postcode` });
      continue;
    }
    const latText = (r[lat] ?? '').trim();
    const longText = (r[long] ?? '').trim();
    const y = Number(latText);
    const x = Number(longText);
    if ((latText && !Number.isFinite(y)) || (longText && !Number.isFinite(x))) {
      problems.push({
        line,
        ...named(latText && !Number.isFinite(y) ? lat : long),
        message: `"${latText}, ${longText}" is not a latitude and longitude`,
      });
      continue;
    }
    // A postcode with no grid reference has a blank latitude (ONSPD writes 99.999999): kept, with no point.
    const hasPoint = latText !== '' && longText !== '' && Math.abs(y) <= 90 && Math.abs(x) <= 180;
    rows.push({
      postcode,
      lat: hasPoint ? y : null,
      long: hasPoint ? x : null,
      lsoa: optionalCode(r, lsoa, line),
      ward: optionalCode(r, ward, line),
      lad: optionalCode(r, lad, line),
    });
    if (problems.length >= 50) break;
  }
  if (problems.length) throw refused(fileName, problems.slice(0, 50));
  return { kind: isLookup ? 'postcode-lookup' : 'postcode-points', rows };
}

/** Ray casting on one ring (longitude as x, latitude as y): boundaries are small enough to be flat. */
function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function polygons(g: Geometry): Position[][][] {
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(polygons);
  return [];
}

interface Shape {
  code: string;
  box: [number, number, number, number];
  polys: Position[][][];
}

/**
 * Finds which area a point lies in: each boundary's box is checked first, then its rings (a hole
 * takes the point out). Returns null for a point outside every area: no guess at the nearest.
 */
export function areaLocator(areas: { code: string; geometry: Geometry }[]) {
  const shapes: Shape[] = areas.map((a) => {
    const polys = polygons(a.geometry);
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const p of polys)
      for (const [x, y] of p[0] ?? []) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    return { code: a.code, box: [minX, minY, maxX, maxY], polys };
  });
  return (long: number, lat: number): string | null => {
    for (const s of shapes) {
      if (long < s.box[0] || long > s.box[2] || lat < s.box[1] || lat > s.box[3]) continue;
      for (const [outer, ...holes] of s.polys) {
        if (outer && inRing(long, lat, outer) && !holes.some((h) => inRing(long, lat, h))) return s.code;
      }
    }
    return null;
  };
}
