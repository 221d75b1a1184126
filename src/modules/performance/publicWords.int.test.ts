/**
 * The public site as a resident meets it, on the demo data (with a small synthetic set of street
 * crimes in place of the 24 real months, to keep the suite quick): no statistician's words outside
 * the "How we work this out" sections, and a postcode or a place name leads to "your area".
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type TestApp } from '../../../test/helpers/app.js';
import { ROOT_DIR } from '../../db/migrate.js';
import { CLEVELAND_SETTINGS, DEMO_USERS, DEMO_PASSWORD } from '../../platform/demo.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import type { CrimeService } from '../crime/types.js';
import type { GeographyModule } from '../geography/index.js';
import { monthRange } from './periods.js';

const HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const JARGON = ['p =', 'Poisson', 'XmR', 'Σ'];

/** The page's text with the "How we work this out" sections taken out. */
function outsideMethod(html: string): string {
  return textOf(html.replace(/<details class="govuk-details app-method"[\s\S]*?<\/details>/g, ' '));
}

let t: TestApp;
let wardOfTs1: string;

beforeAll(async () => {
  t = await buildTestApp();
  await t.platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  for (const u of DEMO_USERS) await t.platform.users.create(SYSTEM_ACTOR, { ...u, password: DEMO_PASSWORD, isDemo: true });
  const geo = t.modules.find((m) => m.name === 'geography') as GeographyModule;
  await geo.loadDemo!();
  // 24 months of street crime in Middlesbrough's LSOAs (fewer burglaries in the second year), and
  // the real stop and search files.
  const lsoas = (await geo.service.children('E06000002', 'lsoa')).slice(0, 12);
  const crime = t.modules.find((m) => m.name === 'crime') as unknown as {
    service: CrimeService & { importFiles: (s: unknown[], o: unknown) => Promise<{ status: string }[]> };
  };
  const files = monthRange('2023-04', '2025-03').map((month, i) => {
    const rows = lsoas.flatMap((l, k) => {
      const id = (n: number) => `${(i * 100 + k * 7 + n).toString(16).padStart(64, 'b')}`;
      const burglaries = Array.from(
        { length: i < 12 ? 4 : 2 },
        (_, n) => `${id(n)},${month},Cleveland Police,Cleveland Police,-1.23,54.57,On or near X,${l.code},${l.name},Burglary,Under investigation,`,
      );
      return [...burglaries, `,${month},Cleveland Police,Cleveland Police,-1.23,54.57,On or near X,${l.code},${l.name},Anti-social behaviour,,`];
    });
    const text = `${[HEADER, ...rows].join('\n')}\n`;
    return { name: `${month}-cleveland-street.csv`, size: text.length, open: () => Readable.from([Buffer.from(text)]) };
  });
  const { fileSource } = await import('../crime/sources.js');
  const dir = join(ROOT_DIR, 'seeds', 'police-uk');
  const searches = readdirSync(dir)
    .filter((f) => f.endsWith('stop-and-search.csv.gz'))
    .map((f) => fileSource(join(dir, f)));
  const res = await crime.service.importFiles([...files, ...searches], { actor: SYSTEM_ACTOR, source: 'test' });
  expect(res.every((r) => r.status === 'done')).toBe(true);
  for (const m of t.modules) if (m.loadDemo && m.name !== 'geography' && m.name !== 'crime') await m.loadDemo();
  wardOfTs1 = (await geo.service.postcode('TS1 1AA'))!.ward!;
}, 300_000);
afterAll(async () => t?.close());

describe('words on the public site', () => {
  it('no public page shows p-values, "Poisson", "XmR" or "Σ" outside "How we work this out"', async () => {
    const anon = t.anonymous();
    const seen = new Set<string>();
    const queue = ['/', '/performance', '/performance/compare', '/your-area?area=E06000002', `/your-area?area=${wardOfTs1}`, '/delivery'];
    const found: string[] = [];
    let methodSections = 0;
    while (queue.length && seen.size < 120) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const res = await anon.get(url);
      expect(res.statusCode, url).toBeLessThan(500);
      if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('text/html')) continue;
      methodSections += (res.body.match(/class="govuk-details app-method"/g) ?? []).length;
      const text = outsideMethod(res.body);
      for (const w of JARGON) if (text.includes(w)) found.push(`${url}: "${w}"`);
      for (const [, href] of res.body.matchAll(/href="(\/[^"#]*)"/g)) {
        const u = href.replace(/&amp;/g, '&');
        if (/^\/(admin|sign-in|sign-out|assets|api)\b/.test(u) || /\.(csv|json|pdf|docx|ics|xlsx|zip)(\?|$)/.test(u)) continue;
        if (!seen.has(u)) queue.push(u);
      }
    }
    expect(seen.size).toBeGreaterThan(20);
    expect(methodSections).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });

  it('a measure says in words whether things got better or worse, and stop and search is neither red nor green', async () => {
    const burglary = await t.anonymous().get('/performance/measures/neighbourhood-crime');
    expect(textOf(burglary.body)).toContain('Fewer crimes than the same months last year — a real fall, not chance. That is better.');
    expect(burglary.body).toContain('govuk-tag--green');
    const searches = await t.anonymous().get('/performance/measures/stop-search-volume');
    expect(searches.statusCode).toBe(200);
    expect(searches.body).not.toMatch(/govuk-tag--(green|red)/);
    expect(textOf(searches.body)).toContain('Neither: a change is reported, not judged');
  });
});

describe('from a postcode or a place to "your area"', () => {
  it('a postcode in the force goes to its ward page, whose ward table links to the other wards', async () => {
    const res = await t.anonymous().get('/your-area?q=ts1+1aa');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/your-area?area=${wardOfTs1}`);
    const page = await t.anonymous().get(res.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<a class="govuk-link" href="\/your-area\?area=E05\d{6}">/);
  });
  it('a postcode outside the force gets a message naming that, an unknown or malformed one an error', async () => {
    const outside = await t.anonymous().get('/your-area?q=TS9+5AA');
    expect(outside.statusCode).toBe(400);
    expect(textOf(outside.body)).toContain('TS9 5AA is outside the Cleveland Police area');
    expect(outside.body).toContain('govuk-error-summary');
    const unknown = await t.anonymous().get('/your-area?q=TS99+9ZZ');
    expect(unknown.statusCode).toBe(400);
    expect(textOf(unknown.body)).toContain('We do not know the postcode TS99 9ZZ');
    expect(unknown.body).toContain('value="TS99 9ZZ"');
    const malformed = await t.anonymous().get('/your-area?q=TS1');
    expect(malformed.statusCode).toBe(400);
    expect(textOf(malformed.body)).toContain('Enter a full postcode');
  });
  it('a place name goes to its area, or offers the areas that match', async () => {
    const lad = await t.anonymous().get('/your-area?q=hartlepool');
    expect(lad.statusCode).toBe(303);
    expect(lad.headers.location).toBe('/your-area?area=E06000001');
    const town = await t.anonymous().get('/your-area?q=Billingham');
    expect(town.statusCode).toBe(200);
    expect((town.body.match(/href="\/your-area\?area=E05\d{6}"/g) ?? []).length).toBeGreaterThan(1);
    const none = await t.anonymous().get('/your-area?q=Atlantis');
    expect(none.statusCode).toBe(400);
    expect(textOf(none.body)).toContain('No town, ward or local authority in the Cleveland Police area is called “Atlantis”');
  });
});
