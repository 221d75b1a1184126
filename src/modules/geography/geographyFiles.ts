import type { ImportProblem } from '../../platform/importKit.js';
import { csvRecords, refused, type CsvRecord } from './csvRecords.js';

export interface LsoaRow {
  lsoa: string;
  lsoaName: string;
  ward: string;
  wardName: string;
  lad: string;
  ladName: string;
}
export interface LadCspPfaRow {
  lad: string;
  ladName: string;
  csp: string;
  cspName: string;
  pfa: string;
  pfaName: string;
}
export interface PopulationRow {
  code: string;
  name: string;
  year: number;
  population: number;
  source: string | null;
}
export interface BoundaryFeature {
  code: string;
  name: string;
  ladCode: string | null;
  geometry: unknown;
}

export type GeographyFile =
  | { kind: 'lsoa-lookup'; lsoaVintage: string; wardVintage: string; ladVintage: string; rows: LsoaRow[] }
  | { kind: 'lad-csp-pfa'; vintage: string; rows: LadCspPfaRow[] }
  | { kind: 'pfa-names'; vintage: string; rows: { pfa: string; name: string }[] }
  | { kind: 'population'; rows: PopulationRow[] }
  | { kind: 'boundaries'; level: 'ward' | 'lsoa'; vintage: string; features: BoundaryFeature[] };

const CODE = /^[EWSNLMK]\d{8}$/;
const year = (yy: string) => `20${yy}`;

function findCol(header: string[], re: RegExp): { name: string; index: number; yy: string } | undefined {
  for (let i = 0; i < header.length; i++) {
    const m = re.exec(header[i].trim());
    if (m) return { name: header[i].trim(), index: i, yy: m[1] ?? '' };
  }
  return undefined;
}

/**
 * Recognises an ONS lookup CSV (LSOA→ward→LAD of any vintage, LAD→CSP→PFA, PFA names), a population
 * CSV (area_code, year, population) or a GeoJSON boundary file (wards or LSOAs) by its columns, and
 * checks every code and number. Throws ImportRefused naming line and column.
 */
export function parseGeographyFile(fileName: string, content: string | Buffer): GeographyFile {
  let text = typeof content === 'string' ? content : content.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return parseBoundaries(fileName, trimmed);

  const records = csvRecords(text, fileName, { relaxColumnCount: false });
  if (!records.length) throw refused(fileName, [{ line: 1, message: 'The file is empty' }]);
  const header = records[0].record.map((h) => h.trim());
  const body = records.slice(1);
  const problems: ImportProblem[] = [];
  const code = (r: CsvRecord, col: { name: string; index: number }) => {
    const v = (r.record[col.index] ?? '').trim();
    if (!CODE.test(v)) problems.push({ line: r.line, column: col.index + 1, field: col.name, message: `"${v}" is not an ONS area code` });
    return v;
  };
  const name = (r: { record: string[] }, col: { index: number } | undefined) => (col ? (r.record[col.index] ?? '').trim() : '');
  const done = <T extends GeographyFile>(f: T): T => {
    if (problems.length) throw refused(fileName, problems.slice(0, 50));
    return f;
  };

  const lsoa = findCol(header, /^LSOA(\d\d)CD$/i);
  const ward = findCol(header, /^WD(\d\d)CD$/i);
  const lad = findCol(header, /^LAD(\d\d)CD$/i);
  const csp = findCol(header, /^CSP(\d\d)CD$/i);
  const pfa = findCol(header, /^PFA(\d\d)CD$/i);
  const nm = (prefix: string) => findCol(header, new RegExp(`^${prefix}(\\d\\d)NM$`, 'i'));

  if (lsoa && ward && lad) {
    const [ln, wn, dn] = [nm('LSOA'), nm('WD'), nm('LAD')];
    const rows = body.map((r) => ({
      lsoa: code(r, lsoa),
      lsoaName: name(r, ln),
      ward: code(r, ward),
      wardName: name(r, wn),
      lad: code(r, lad),
      ladName: name(r, dn),
    }));
    return done({ kind: 'lsoa-lookup', lsoaVintage: year(lsoa.yy), wardVintage: year(ward.yy), ladVintage: year(lad.yy), rows });
  }
  if (lad && csp && pfa) {
    const [dn, cn, pn] = [nm('LAD'), nm('CSP'), nm('PFA')];
    const rows = body.map((r) => ({
      lad: code(r, lad),
      ladName: name(r, dn),
      csp: code(r, csp),
      cspName: name(r, cn),
      pfa: code(r, pfa),
      pfaName: name(r, pn),
    }));
    return done({ kind: 'lad-csp-pfa', vintage: year(pfa.yy), rows });
  }
  if (pfa && !lad) {
    const pn = nm('PFA');
    const rows = body.map((r) => ({ pfa: code(r, pfa), name: name(r, pn) }));
    return done({ kind: 'pfa-names', vintage: year(pfa.yy), rows });
  }
  const ac = header.indexOf('area_code');
  const yc = header.indexOf('year');
  const pc = header.indexOf('population');
  if (ac >= 0 && yc >= 0 && pc >= 0) {
    const an = header.indexOf('area_name');
    const sc = header.indexOf('source');
    const rows = body.map((r) => {
      const c = code(r, { name: 'area_code', index: ac });
      const y = Number((r.record[yc] ?? '').trim());
      if (!Number.isInteger(y) || y < 1800 || y > 2200)
        problems.push({ line: r.line, column: yc + 1, field: 'year', message: `"${r.record[yc]}" is not a year` });
      const p = Number((r.record[pc] ?? '').replace(/,/g, '').trim());
      if (!Number.isInteger(p) || p < 0)
        problems.push({ line: r.line, column: pc + 1, field: 'population', message: `"${r.record[pc]}" is not a whole number of people` });
      return {
        code: c,
        name: an >= 0 ? (r.record[an] ?? '').trim() : '',
        year: y,
        population: p,
        source: sc >= 0 ? (r.record[sc] ?? '').trim() || null : null,
      };
    });
    return done({ kind: 'population', rows });
  }
  throw refused(fileName, [
    {
      line: 1,
      message: `Not a supported geography file: expected LSOAyyCD/WDyyCD/LADyyCD, LADyyCD/CSPyyCD/PFAyyCD, PFAyyCD/PFAyyNM or area_code/year/population columns (found ${header.join(', ')})`,
    },
  ]);
}

function parseBoundaries(fileName: string, text: string): GeographyFile {
  let json: { type?: string; features?: { properties?: Record<string, unknown>; geometry?: unknown }[] };
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw refused(fileName, [{ line: 1, message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  if (json.type !== 'FeatureCollection' || !Array.isArray(json.features)) throw refused(fileName, [{ line: 1, message: 'Not a GeoJSON FeatureCollection' }]);
  const first = json.features[0]?.properties ?? {};
  const keys = Object.keys(first);
  const wardKey = keys.find((k) => /^WD\d\dCD$/i.test(k));
  const lsoaKey = keys.find((k) => /^LSOA\d\dCD$/i.test(k));
  const key = wardKey ?? lsoaKey;
  if (!key) throw refused(fileName, [{ line: 1, message: 'Features have no WDyyCD or LSOAyyCD property' }]);
  const nameKey = key.replace(/CD$/i, 'NM');
  const ladKey = keys.find((k) => /^LAD\d\dCD$/i.test(k)) ?? (keys.includes('LADCD_ACTIVE') ? 'LADCD_ACTIVE' : undefined);
  const problems: ImportProblem[] = [];
  const features = json.features.map((f, i) => {
    const p = f.properties ?? {};
    const code = String(p[key] ?? '').trim();
    if (!CODE.test(code)) problems.push({ line: i + 1, field: key, message: `feature ${i + 1}: "${code}" is not an ONS area code` });
    if (!f.geometry) problems.push({ line: i + 1, field: 'geometry', message: `feature ${i + 1} has no geometry` });
    return { code, name: String(p[nameKey] ?? code).trim(), ladCode: ladKey ? String(p[ladKey] ?? '').trim() || null : null, geometry: f.geometry };
  });
  if (problems.length) throw refused(fileName, problems.slice(0, 50));
  return { kind: 'boundaries', level: wardKey ? 'ward' : 'lsoa', vintage: `20${/(\d\d)CD$/i.exec(key)![1]}`, features };
}
