import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ROOT_DIR } from '../../db/migrate.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import type { GeographyModule } from '../geography/index.js';
import { sql } from 'drizzle-orm';
import { CATEGORIES } from './categories.js';
import { crimeIdTables } from './crimeIds.js';
import type { CrimeModule, ImportSource } from './index.js';

const FIX = join(ROOT_DIR, 'test', 'fixtures', 'police-uk');
const read = (f: string) => gunzipSync(readFileSync(join(FIX, `${f}.gz`)));
const src = (name: string, data: Buffer | string): ImportSource => ({ name, open: () => Readable.from([Buffer.from(data)]) });
/** The same bytes arriving in small pieces, as from a disk or network stream. */
const srcInPieces = (name: string, data: string, size = 1000): ImportSource => ({
  name,
  open: () => {
    const b = Buffer.from(data);
    return Readable.from(Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)));
  },
});
const opts = { actor: SYSTEM_ACTOR, source: 'test' as const };

/** An independent recount: parse the CSV here and count rows by month × crime type name. */
function recount(files: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of files) {
    const rows = parse(read(f), { columns: true, bom: true }) as Record<string, string>[];
    for (const r of rows) {
      const k = `${r.Month}|${r['Crime type']}`;
      m.set(k, (m.get(k) ?? 0) + 1);
    }
  }
  return m;
}

let t: TestApp;
let crime: CrimeModule;

beforeAll(async () => {
  t = await buildTestApp();
  crime = t.modules.find((m) => m.name === 'crime') as CrimeModule;
  await (t.modules.find((m) => m.name === 'geography') as GeographyModule).loadDemo!();
});
afterAll(async () => t?.close());

describe('police.uk import', () => {
  const STREET = ['2023-04-cleveland-street.csv', '2024-06-cleveland-street.csv', '2024-07-cleveland-street.csv'];

  it('imports street files; API month × category counts equal a recount of the CSVs; twice = once', async () => {
    const first = await crime.service.importFiles(
      STREET.map((f) => src(f, read(f))),
      opts,
    );
    expect(first.map((s) => s.status)).toEqual(['done', 'done', 'done']);
    const res = await t.anonymous().get('/api/v1/crime/counts?force=cleveland&from=2023-01&to=2024-12&by=month,category');
    expect(res.statusCode).toBe(200);
    const api = (JSON.parse(res.body) as { data: { month: string; categoryName: string; count: number }[] }).data;
    const expected = recount(STREET);
    const got = new Map(api.map((r) => [`${r.month}|${r.categoryName}`, r.count]));
    expect(got).toEqual(expected);

    await crime.service.importFiles(
      STREET.map((f) => src(f, read(f))),
      opts,
    );
    const again = JSON.parse((await t.anonymous().get('/api/v1/crime/counts?force=cleveland&by=month,category')).body).data;
    expect(again).toEqual(api);
  });

  it('keeps ASB rows with blank Crime ID, and reports 2011-only LSOA codes and rows outside the force', async () => {
    const s = (await crime.service.importFiles([src('2023-04-cleveland-street.csv', read('2023-04-cleveland-street.csv'))], opts))[0];
    expect(s.rows).toBe(8707);
    const asb = await crime.service.counts({ force: 'cleveland', from: '2023-04', to: '2023-04', by: [], category: ['anti-social-behaviour'] });
    expect(asb[0].count).toBe(1700);
    const a2011 = s.anomalies.find((a) => a.kind === 'lsoa-2011');
    expect(a2011?.count).toBe(747);
    expect(a2011?.sample).toContain('E01011973');
    // Rows in LSOAs outside the four Cleveland local authorities, recounted from the LSOA names.
    const csv = parse(read('2023-04-cleveland-street.csv'), { columns: true, bom: true }) as Record<string, string>[];
    const outsideByName = csv.filter(
      (r) => r['LSOA name'] && !/^(Hartlepool|Middlesbrough|Redcar and Cleveland|Stockton-on-Tees) /.test(r['LSOA name']),
    ).length;
    const outside = s.anomalies.find((a) => a.kind === 'outside-force')?.count ?? 0;
    expect(outside).toBe(outsideByName);
    // 2011 rows still reach a current ward and local authority: the LA totals cover every located row.
    const byLa = await crime.service.counts({ force: 'cleveland', from: '2023-04', to: '2023-04', by: ['localAuthority'] });
    const unknown = byLa.filter((r) => !r.localAuthority).reduce((n, r) => n + r.count, 0);
    expect(unknown).toBe(s.anomalies.find((a) => a.kind === 'unknown-lsoa')?.count ?? 0);
    const la = byLa.filter((r) => ['E06000001', 'E06000002', 'E06000003', 'E06000004'].includes(r.localAuthority!)).reduce((n, r) => n + r.count, 0);
    expect(la).toBe(8707 - outside);
  });

  it('counts every row of a file that repeats Crime IDs and whole rows (North Yorkshire), as police.uk does', async () => {
    const name = '2024-02-north-yorkshire-street.csv';
    const text = gunzipSync(readFileSync(join(ROOT_DIR, 'seeds', 'police-uk', `${name}.gz`)));
    const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    const ids = rows.map((r) => r['Crime ID']).filter(Boolean);
    const repeats = ids.length - new Set(ids).size;
    expect(repeats).toBeGreaterThan(0); // the real file does repeat them
    const [s] = await crime.service.importFiles([src(name, text)], opts);
    expect(s.status).toBe('done');
    expect(s.rejected).toBe(0);
    expect(s.anomalies.find((a) => a.kind === 'repeated-crime-id')?.count).toBe(repeats);
    const byType = new Map<string, number>();
    for (const r of rows) byType.set(r['Crime type'], (byType.get(r['Crime type']) ?? 0) + 1);
    const api = await crime.service.counts({ force: 'north-yorkshire', from: '2024-02', to: '2024-02', by: ['category'] });
    expect(new Map(api.map((r) => [r.categoryName, r.count]))).toEqual(byType);
  });

  it('keeps No Location rows (Dyfed-Powys) under no area', async () => {
    const f = '2024-01-dyfed-powys-street.csv';
    const [s] = await crime.service.importFiles([src(f, read(f))], opts);
    expect(s.status).toBe('done');
    expect(s.rows).toBe(1187);
    expect(s.anomalies.find((a) => a.kind === 'no-location')?.count).toBe(361);
    const byLsoa = await crime.service.counts({ force: 'dyfed-powys', by: ['lsoa'] });
    expect(byLsoa.find((r) => r.lsoa === '')?.count).toBe(361);
    expect(byLsoa.reduce((n, r) => n + r.count, 0)).toBe(1187);
  });

  it('refuses a street file with a corrupted row, naming file, line and column, and keeps the month as it was', async () => {
    const before = await crime.service.counts({ force: 'cleveland', from: '2024-06', to: '2024-06', by: ['category'] });
    const lines = read('2024-06-cleveland-street.csv').toString('utf8').split('\n');
    const cells = lines[41].split(',');
    cells[4] = 'not-a-number'; // Longitude
    lines[41] = cells.join(',');
    // and drop half the other rows, which must not reach the data either
    const corrupted = lines.slice(0, 4000).join('\n');
    const [s] = await crime.service.importFiles([src('2024-06-cleveland-street.csv', corrupted)], opts);
    expect(s.status).toBe('failed');
    expect(s.errors[0]).toMatchObject({ line: 42, column: 5, field: 'Longitude' });
    expect(s.errors[0].message).toContain('not-a-number');
    expect(await crime.service.counts({ force: 'cleveland', from: '2024-06', to: '2024-06', by: ['category'] })).toEqual(before);

    // A row with a missing column is refused by COPY itself, with its line.
    const short = read('2024-06-cleveland-street.csv').toString('utf8').split('\n').slice(0, 100);
    short[70] = short[70].split(',').slice(0, 5).join(',');
    const [s2] = await crime.service.importFiles([src('2024-06-cleveland-street.csv', short.join('\n'))], opts);
    expect(s2.status).toBe('failed');
    expect(s2.errors[0].line).toBe(71);
    expect(s2.errors[0]).toMatchObject({ column: 6, field: 'Latitude' });
    expect(await crime.service.counts({ force: 'cleveland', from: '2024-06', to: '2024-06', by: ['category'] })).toEqual(before);

    // Coordinates must be numbers within range; NaN, out-of-range and stray text are each found
    // on their own line, and a quoted empty coordinate is no coordinate, as an unquoted one is.
    const base = read('2024-06-cleveland-street.csv').toString('utf8').split('\n').slice(0, 300);
    for (const [line, col, value, message] of [
      [120, 5, '91.5', '"91.5" is not a latitude between -90 and 90'],
      [250, 4, 'NaN', '"NaN" is not a longitude between -180 and 180'],
      [33, 4, '1.2.3', '"1.2.3" is not a longitude'],
      [200, 4, '-181', '"-181" is not a longitude between -180 and 180'],
      [151, 4, 'Infinity', '"Infinity" is not a longitude between -180 and 180'],
    ] as const) {
      const rows = [...base];
      const c = rows[line - 1].split(',');
      c[col] = value;
      rows[line - 1] = c.join(',');
      rows[10] = rows[10]
        .split(',')
        .map((v, i) => (i === 4 || i === 5 ? '""' : v))
        .join(',');
      const [bad] = await crime.service.importFiles([src('2024-06-cleveland-street.csv', rows.join('\n'))], opts);
      expect(bad.status, value).toBe('failed');
      expect(bad.errors, value).toEqual([{ line, column: col + 1, field: col === 4 ? 'Longitude' : 'Latitude', message }]);
    }
    expect(await crime.service.counts({ force: 'cleveland', from: '2024-06', to: '2024-06', by: ['category'] })).toEqual(before);

    // The refusal is listed on the staff page with its line and column.
    const analyst = await t.signInAs('analyst');
    const page = await analyst.get(`/admin/crime/imports/${s.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Line 42, column 5 (Longitude): &quot;not-a-number&quot; is not a longitude');
  });

  it('finds the right line however the file is split for COPY (small chunks, and two streams on PostgreSQL)', async () => {
    const small = { ...opts, chunkBytes: 3000 };
    const text = read('2024-07-cleveland-street.csv').toString('utf8');
    const lines = text.split('\n');
    const before = await crime.service.counts({ force: 'cleveland', from: '2024-07', to: '2024-07', by: ['category'] });
    // A quoted field with a line break early on shifts every later line by one.
    const multi = [...lines];
    multi[5] = multi[5].replace(/On or near ([^,]*)/, '"On or near\n$1"');
    // A structural error (missing columns) far into the file, in a later chunk.
    const structural = [...multi];
    structural[3001] = structural[3001].split(',').slice(0, 6).join(',');
    const [s1] = await crime.service.importFiles([srcInPieces('2024-07-cleveland-street.csv', structural.join('\n'))], small);
    expect(s1.status).toBe('failed');
    expect(s1.errors[0]).toMatchObject({ line: 3003, column: 7, field: 'Location' });
    // A value error in another chunk.
    const value = [...multi];
    value[2500] = value[2500].replace(',2024-07,', ',2024-13,');
    const [s2] = await crime.service.importFiles([srcInPieces('2024-07-cleveland-street.csv', value.join('\n'))], small);
    expect(s2.errors[0]).toMatchObject({ line: 2502, column: 2, field: 'Month' });
    expect(await crime.service.counts({ force: 'cleveland', from: '2024-07', to: '2024-07', by: ['category'] })).toEqual(before);
    // A Crime ID repeated far from its first use: the row is kept and counted (as police.uk
    // counts it) and reported with its line.
    const withId = multi.map((l, i) => [i, l] as const).filter(([i, l]) => i > 0 && /^[0-9a-f]{64},/.test(l));
    const [firstI] = withId[10];
    const [laterI, laterLine] = withId[withId.length - 10];
    const dup = [...multi];
    dup[laterI] = multi[firstI].split(',')[0] + laterLine.slice(64);
    const [s3] = await crime.service.importFiles([srcInPieces('2024-07-cleveland-street.csv', dup.join('\n'))], small);
    expect(s3.status).toBe('done');
    expect(s3.rejected).toBe(0);
    expect(s3.anomalies.find((a) => a.kind === 'repeated-crime-id')).toMatchObject({ count: 1, sample: [`line ${laterI + 2}`] });
    const total = (await crime.service.counts({ force: 'cleveland', from: '2024-07', to: '2024-07', by: [] }))[0].count;
    expect(total).toBe(before.reduce((n, r) => n + r.count, 0));
    // Put the month back as it was.
    await crime.service.importFiles([src('2024-07-cleveland-street.csv', text)], opts);
    expect(await crime.service.counts({ force: 'cleveland', from: '2024-07', to: '2024-07', by: ['category'] })).toEqual(before);
  });

  it('normalises old category names and refuses unknown ones', async () => {
    const header = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
    const rows = [
      `a1,2012-03,Cleveland Police,Cleveland Police,-1.2,54.5,On or near X,E01012007,Middlesbrough 012A,Public disorder and weapons,,`,
      `,2012-03,Cleveland Police,Cleveland Police,-1.2,54.5,On or near X,E01012007,Middlesbrough 012A,Anti-social behaviour,,`,
      `a2,2012-03,Cleveland Police,Cleveland Police,-1.2,54.5,On or near X,E01012007,Middlesbrough 012A,Violent crime,,`,
    ];
    const [s] = await crime.service.importFiles([src('2012-03-cleveland-street.csv', [header, ...rows].join('\r\n') + '\r\n')], opts);
    expect(s.status).toBe('done');
    expect(s.anomalies.find((a) => a.kind === 'old-names')).toMatchObject({ count: 2, sample: ['Public disorder and weapons', 'Violent crime'] });
    const c = await crime.service.counts({ force: 'cleveland', from: '2012-03', to: '2012-03', by: ['category'] });
    expect(c).toEqual([
      { category: 'anti-social-behaviour', categoryName: 'Anti-social behaviour', count: 1 },
      { category: 'public-order', categoryName: 'Public order', count: 1 },
      { category: 'violent-crime', categoryName: 'Violence and sexual offences', count: 1 },
    ]);
    const [bad] = await crime.service.importFiles(
      [src('2012-04-cleveland-street.csv', `${header}\n${rows[0].replace('2012-03', '2012-04').replace('Public disorder and weapons', 'Jaywalking')}\n`)],
      opts,
    );
    expect(bad.errors[0]).toMatchObject({ line: 2, column: 10, field: 'Crime type' });
  });

  it('counts stop and search in the UK local month: 23:00 UTC on 31 May is 1 June, 23:00 UTC on 30 June is 1 July', async () => {
    const files = ['2024-06-cleveland-stop-and-search.csv', '2024-07-cleveland-stop-and-search.csv'];
    const res = await crime.service.importFiles(
      files.map((f) => src(f, read(f))),
      opts,
    );
    expect(res.map((s) => s.status)).toEqual(['done', 'done']);
    // Independent recount by local date.
    const expected = new Map<string, number>();
    for (const f of files) {
      for (const r of parse(read(f), { columns: true, bom: true }) as Record<string, string>[]) {
        const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).format(new Date(r.Date));
        expected.set(local, (expected.get(local) ?? 0) + 1);
      }
    }
    const got = await crime.service.stopSearch({ force: 'cleveland', by: ['month'] });
    expect(new Map(got.map((r) => [String(r.month), Number(r.count)]))).toEqual(expected);

    const header =
      'Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,Removal of more than just outer clothing';
    const row = (d: string) =>
      `Person search,${d},,,54.5,-1.2,Male,18-24,White - English/Welsh/Scottish/Northern Irish/British,White,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,`;
    await crime.service.importFiles(
      [
        src(
          '2030-06-testforce-stop-and-search.csv',
          [header, row('2030-05-31T23:00:00+00:00'), row('2030-06-30T22:59:00+00:00'), row('2030-06-30T23:00:00+00:00'), row('2030-01-31T23:30:00+00:00')].join(
            '\n',
          ),
        ),
      ],
      opts,
    );
    const months = await crime.service.stopSearch({ force: 'testforce', by: ['month'] });
    expect(months).toEqual([
      { month: '2030-01', count: 1 },
      { month: '2030-06', count: 2 },
      { month: '2030-07', count: 1 },
    ]);
    const eth = await crime.service.stopSearch({
      force: 'testforce',
      from: '2030-06',
      to: '2030-06',
      by: ['officerDefinedEthnicity', 'ageRange', 'objectOfSearch', 'outcome'],
    });
    expect(eth).toEqual([
      { officerDefinedEthnicity: 'White', ageRange: '18-24', objectOfSearch: 'Controlled drugs', outcome: 'A no further action disposal', count: 2 },
    ]);
  });

  it('answers ward and local authority questions from the area rollup exactly as from the LSOA rows', async () => {
    const q = { force: 'cleveland', from: '2023-01', to: '2024-12' };
    const viaLsoa = await crime.service.counts({ ...q, by: ['lsoa', 'month', 'category'] });
    const places = new Map(
      (await t.db.query<{ lsoa: string; ward: string | null; lad: string | null }>(sql`select lsoa, ward, lad from crime_area_map`)).map((r) => [r.lsoa, r]),
    );
    const sum = (key: (r: (typeof viaLsoa)[number]) => string) => {
      const m = new Map<string, number>();
      for (const r of viaLsoa) m.set(key(r), (m.get(key(r)) ?? 0) + r.count);
      return m;
    };
    const byWard = await crime.service.counts({ ...q, by: ['ward', 'month', 'category'] });
    expect(new Map(byWard.map((r) => [`${r.ward}|${r.month}|${r.category}`, r.count]))).toEqual(
      sum((r) => `${places.get(r.lsoa!)?.ward ?? ''}|${r.month}|${r.category}`),
    );
    const byLa = await crime.service.counts({ ...q, by: ['localAuthority', 'category'] });
    expect(new Map(byLa.map((r) => [`${r.localAuthority}|${r.category}`, r.count]))).toEqual(sum((r) => `${places.get(r.lsoa!)?.lad ?? ''}|${r.category}`));
    // Filters by a local authority and by one of its wards agree with the LSOA rows too.
    const mbro = await crime.service.counts({ ...q, area: 'E06000002', by: ['ward'] });
    const ward = mbro.find((r) => r.ward)!;
    expect(mbro.every((r) => r.localAuthority === undefined)).toBe(true);
    const [oneWard] = await crime.service.counts({ ...q, area: ward.ward, by: [] });
    expect(oneWard.count).toBe(ward.count);
    const mbroLsoa = await crime.service.counts({ ...q, area: 'E06000002', by: ['lsoa'] });
    expect(mbro.reduce((n, r) => n + r.count, 0)).toBe(mbroLsoa.reduce((n, r) => n + r.count, 0));
    const [mbroTotal] = await crime.service.counts({ ...q, area: 'E06000002', by: [] });
    expect(mbroTotal.count).toBe(mbroLsoa.reduce((n, r) => n + r.count, 0));
  });

  it('keeps Crime IDs in one partition per force and month, replaced on re-import', async () => {
    const { monthTable } = crimeIdTables('cleveland', '2024-06');
    const [{ name }] = await t.db.query<{ name: string }>(sql`select 'crime_ids_' || substr(md5('cleveland'), 1, 12) || '_202406' as name`);
    expect(monthTable).toBe(name);
    const count = async () =>
      (await t.db.query<{ n: number }>(sql`select count(*)::int n from crime_ids where force = 'cleveland' and month = '2024-06'`))[0].n;
    const before = await count();
    const withId = (parse(read('2024-06-cleveland-street.csv'), { columns: true, bom: true }) as Record<string, string>[]).filter((r) => r['Crime ID']).length;
    expect(before).toBe(withId);
    await crime.service.importFiles([src('2024-06-cleveland-street.csv', read('2024-06-cleveland-street.csv'))], opts);
    expect(await count()).toBe(withId);
    const [{ n: parts }] = await t.db.query<{ n: number }>(
      sql`select count(*)::int n from pg_inherits i join pg_class c on c.oid = i.inhrelid where c.relname = ${monthTable}`,
    );
    expect(parts).toBe(1);
  });

  it('checks coordinates as numbers: a quoted empty one is no location, a word is refused with its line and column', async () => {
    const header =
      'Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,Removal of more than just outer clothing';
    const row = (lat: string, lon: string) =>
      `Person search,2030-03-10T12:00:00+00:00,,,${lat},${lon},Male,18-24,,White,,Controlled drugs,A no further action disposal,,`;
    const [ok] = await crime.service.importFiles(
      [src('2030-03-coordforce-stop-and-search.csv', [header, row('54.5', '-1.2'), row('""', '""'), row('', '')].join('\n'))],
      opts,
    );
    expect(ok.status).toBe('done');
    expect(ok.anomalies.find((a) => a.kind === 'no-location')?.count).toBe(2);
    const [bad] = await crime.service.importFiles(
      [src('2030-03-coordforce-stop-and-search.csv', [header, row('54.5', '-1.2'), row('54.5', '-1.2'), row('north', '-1.2')].join('\n'))],
      opts,
    );
    expect(bad.status).toBe('failed');
    expect(bad.errors[0]).toMatchObject({ line: 4, column: 5, field: 'Latitude', message: '"north" is not a latitude' });
    expect(await crime.service.stopSearch({ force: 'coordforce', by: ['month'] })).toEqual([{ month: '2030-03', count: 3 }]);
  });

  it('counts outcomes by outcome and by the category of their crime', async () => {
    const f = '2024-07-cleveland-outcomes.csv';
    const [s] = await crime.service.importFiles([src(f, read(f))], opts);
    expect(s.status).toBe('done');
    const rows = parse(read(f), { columns: true, bom: true }) as Record<string, string>[];
    const byOutcome = await crime.service.outcomes({ force: 'cleveland', by: ['outcome'] });
    expect(byOutcome.reduce((n, r) => n + Number(r.count), 0)).toBe(rows.length);
    const linked = await crime.service.outcomes({ force: 'cleveland', from: '2024-07', to: '2024-07', by: ['category'] });
    expect(linked.find((r) => r.category === 'violent-crime')?.categoryName).toBe('Violence and sexual offences');
    // Crime IDs keep the street file's spelling of the crime type; outcomes are counted by category.
    expect(linked.filter((r) => r.category !== '' && !CATEGORIES.some((c) => c.slug === r.category))).toEqual([]);
  });

  it('API: CSV by Accept or .csv, area filter by ONS code, problem+json for bad parameters, OpenAPI', async () => {
    const a = t.anonymous();
    const csv = await a.get('/api/v1/crime/counts.csv?force=cleveland&from=2024-06&to=2024-06&by=category');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('category,categoryName,count');
    const all = JSON.parse((await a.get('/api/v1/crime/counts?force=cleveland&from=2024-06&to=2024-06&by=localAuthority')).body).data as {
      localAuthority: string;
      localAuthorityName: string;
      count: number;
    }[];
    const mbro = all.find((r) => r.localAuthority === 'E06000002')!;
    expect(mbro.localAuthorityName).toBe('Middlesbrough');
    const area = JSON.parse((await a.get('/api/v1/crime/counts?force=cleveland&from=2024-06&to=2024-06&by=ward&area=E06000002')).body).data as {
      count: number;
    }[];
    expect(area.reduce((n, r) => n + r.count, 0)).toBe(mbro.count);
    expect(area.length).toBe(20);
    for (const bad of ['by=colour', 'from=2024-13', 'area=Middlesbrough', 'category=arson']) {
      const r = await a.get(`/api/v1/crime/counts?force=cleveland&${bad}`);
      expect(r.statusCode, bad).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const spec = JSON.parse((await a.get('/api/v1/openapi.json')).body) as { paths: Record<string, { get?: { tags?: string[] } }> };
    expect(spec.paths['/api/v1/crime/counts']?.get?.tags).toEqual(['crime']);
    expect(CATEGORIES).toHaveLength(14);
  });

  it('API: outcomes and stop and search from their rollups, JSON and CSV, with problem+json for bad parameters', async () => {
    const a = t.anonymous();
    // Outcomes of the July file by outcome sum to its rows (counted by the test from the CSV).
    const outcomeRows = parse(read('2024-07-cleveland-outcomes.csv'), { columns: true, bom: true }) as Record<string, string>[];
    const byOutcome = JSON.parse((await a.get('/api/v1/crime/outcomes?force=cleveland&from=2024-07&to=2024-07&by=outcome')).body).data as {
      outcome: string;
      count: number;
    }[];
    expect(byOutcome.reduce((n, r) => n + r.count, 0)).toBe(outcomeRows.length);
    const recount = new Map<string, number>();
    for (const r of outcomeRows) recount.set(r['Outcome type'], (recount.get(r['Outcome type']) ?? 0) + 1);
    for (const r of byOutcome) expect(r.count, r.outcome).toBe(recount.get(r.outcome));
    const csv = await a.get('/api/v1/crime/outcomes.csv?force=cleveland&from=2024-07&to=2024-07&by=category,outcome');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('category,categoryName,outcome,count');

    // Stop and search by officer-defined ethnicity, JSON and CSV (by Accept), sums to all searches.
    const all = JSON.parse((await a.get('/api/v1/crime/stop-search?force=cleveland&by=month')).body).data as { month: string; count: number }[];
    const byEthnicity = JSON.parse((await a.get('/api/v1/crime/stop-search?force=cleveland&by=officerDefinedEthnicity')).body).data as {
      officerDefinedEthnicity: string;
      count: number;
    }[];
    expect(byEthnicity.reduce((n, r) => n + r.count, 0)).toBe(all.reduce((n, r) => n + r.count, 0));
    const ssCsv = await a.get('/api/v1/crime/stop-search?force=cleveland&by=month,ageRange', { accept: 'text/csv' });
    expect(ssCsv.body.split('\n')[0]).toBe('month,ageRange,count');

    // With no force, the area's own.
    const area = await t.platform.settings.getArea();
    await t.platform.settings.setArea(SYSTEM_ACTOR, { ...area, forceId: 'cleveland', forceName: 'Cleveland Police' });
    expect(JSON.parse((await a.get('/api/v1/crime/stop-search?by=month')).body).data).toEqual(all);
    await t.platform.settings.setArea(SYSTEM_ACTOR, { ...area, forceId: 'testforce', forceName: 'Test Police' });
    expect(JSON.parse((await a.get('/api/v1/crime/stop-search?by=month')).body).data).toEqual(
      await crime.service.stopSearch({ force: 'testforce', by: ['month'] }),
    );
    await t.platform.settings.setArea(SYSTEM_ACTOR, area);
    for (const bad of ['force=cleveland&by=colour', 'force=Cleveland%20Police&by=month', 'force=cleveland&from=2024-13']) {
      for (const path of ['/api/v1/crime/outcomes', '/api/v1/crime/stop-search']) {
        const r = await a.get(`${path}?${bad}`);
        expect(r.statusCode, `${path}?${bad}`).toBe(400);
        expect(r.headers['content-type']).toContain('application/problem+json');
      }
    }
    const spec = JSON.parse((await a.get('/api/v1/openapi.json')).body) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/crime/outcomes', '/api/v1/crime/stop-search', '/api/v1/crime/outcomes.csv', '/api/v1/crime/stop-search.csv']),
    );
  });

  it('staff pages: imports list for analysts, upload runs as a background job with progress', async () => {
    const analyst = await t.signInAs('analyst');
    const list = await analyst.get('/admin/crime');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('2024-06-cleveland-street.csv');
    const panel = await t.signInAs('panel-member');
    expect((await panel.get('/admin/crime')).statusCode).toBe(403);
    expect((await t.signInAs('editor').then((e) => e.get('/admin/crime/import'))).statusCode).toBe(403);

    const bad = await analyst.upload('/admin/crime/import', {}, [{ field: 'crimeFile', filename: 'crimes.csv', content: 'x' }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('YYYY-MM');

    const f = '2024-07-cleveland-street.csv';
    const up = await analyst.upload('/admin/crime/import', {}, [{ field: 'crimeFile', filename: f, content: read(f) }]);
    expect(up.statusCode).toBe(303);
    const jobUrl = String(up.headers.location);
    const progress = await analyst.get(jobUrl);
    expect(progress.statusCode).toBe(200);
    expect(progress.body).toContain('Import progress');
    await t.platform.jobs.drain();
    const done = await analyst.get(jobUrl);
    expect(done.body).not.toContain('http-equiv="refresh"');
    expect(done.body).toContain(f);
    expect(done.body).toContain('Imported');
  });
});
