import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { ROOT_DIR } from '../../db/migrate.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import type { GeographyModule } from '../geography/index.js';
import type { CrimeModule, ImportSource } from './index.js';

const NAME = '2024-06-cleveland-street.csv';
const text = gunzipSync(readFileSync(join(ROOT_DIR, 'test', 'fixtures', 'police-uk', `${NAME}.gz`))).toString('utf8');
const lines = text.trimEnd().split('\n');
const rows = lines.length - 1;
const src = (data: string): ImportSource => ({ name: NAME, open: () => Readable.from([Buffer.from(data)]) });
const opts = { actor: SYSTEM_ACTOR, source: 'test' as const };

let t: TestApp;
let crime: CrimeModule;
let analyst: Agent;
const total = async () =>
  (await crime.service.counts({ force: 'cleveland', from: '2024-06', to: '2024-06', by: ['month'] })).reduce(
    (n, r) => n + Number((r as { count: number }).count),
    0,
  );

/** Follows an upload's job page until the job has finished. */
async function finished(location: string) {
  for (let i = 0; i < 600; i++) {
    const page = await analyst.get(location);
    if (!page.body.includes('http-equiv="refresh"')) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the import at ${location} did not finish`);
}

beforeAll(async () => {
  t = await buildTestApp();
  crime = t.modules.find((m) => m.name === 'crime') as CrimeModule;
  await (t.modules.find((m) => m.name === 'geography') as GeographyModule).loadDemo!();
  analyst = await t.signInAs('analyst');
  const [first] = await crime.service.importFiles([src(text)], opts);
  expect(first.status).toBe('done');
});
afterAll(async () => t?.close());

describe('an import that would remove data', () => {
  it('refuses a header-only file, with the counts, and changes nothing', async () => {
    const [s] = await crime.service.importFiles([src(`${lines[0]}\n`)], opts);
    expect(s.status).toBe('failed');
    expect(s.errors[0]).toMatchObject({ code: 'needs-replace' });
    expect(s.errors[0].message).toContain(
      `The file has no rows: importing it would leave cleveland 2024-06 street with 0 rows (it holds ${rows.toLocaleString('en-GB')} now)`,
    );
    expect(await total()).toBe(rows);
  });

  it('refuses a file with fewer than half the rows held, and imports one with half or more', async () => {
    const few = Math.floor(rows / 2) - 1;
    const [s] = await crime.service.importFiles([src(lines.slice(0, few + 1).join('\n'))], opts);
    expect(s.status).toBe('failed');
    expect(s.errors[0].message).toContain(
      `with ${few.toLocaleString('en-GB')} rows instead of the ${rows.toLocaleString('en-GB')} it holds now, removing more than half`,
    );
    expect(await total()).toBe(rows);
    const half = Math.ceil(rows / 2);
    const [ok] = await crime.service.importFiles([src(lines.slice(0, half + 1).join('\n'))], opts);
    expect(ok.status).toBe('done');
    expect(await total()).toBe(half);
    const [all] = await crime.service.importFiles([src(text)], opts);
    expect(all.status).toBe('done');
  });

  it('on the upload page, imports the refused file only once the replacement is confirmed', async () => {
    const upload = await analyst.upload('/admin/crime/import', {}, [{ field: 'crimeFile', filename: NAME, content: `${lines[0]}\n`, type: 'text/csv' }]);
    expect(upload.statusCode).toBe(303);
    const refused = await finished(upload.headers.location as string);
    expect(textOf(refused.body)).toContain(`Importing would remove data. Nothing was changed. ${NAME}: The file has no rows`);
    expect(await total()).toBe(rows);
    const jobId = (upload.headers.location as string).split('/').pop()!;
    const confirmed = await analyst.submit(`/admin/crime/jobs/${jobId}/replace`, {});
    expect(confirmed.statusCode).toBe(303);
    const done = await finished(confirmed.headers.location as string);
    expect(textOf(done.body)).not.toContain('Importing would remove data');
    // The hand-over: where the new figures are used, and what to do next.
    expect(textOf(done.body)).toContain('What happens next The new figures are in use now.');
    expect(done.body).toContain('href="/admin/performance"');
    expect(textOf(refused.body)).not.toContain('What happens next');
    expect(await total()).toBe(0);
  });
});
