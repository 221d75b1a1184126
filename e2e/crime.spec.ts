import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, expectAccessible, launch, newContext, signIn, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('crime data: an analyst imports a police.uk month', () => {
  it('lists the demo imports, uploads a month without JavaScript, follows the progress page to the summary', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/sign-in');
    await signIn(page, 'analyst');
    await visit(page, '/admin/crime');
    expect(await page.textContent('main')).toContain('cleveland');
    await page
      .getByRole('link', { name: /2025-03-cleveland-street\.csv/ })
      .first()
      .click();
    await expectAccessible(page);
    expect(await page.textContent('main')).toContain('Rows');

    await visit(page, '/admin/crime/import');
    await page.getByRole('button', { name: 'Start the import' }).click();
    await expectAccessible(page);
    expect(await page.textContent('.govuk-error-summary')).toContain('Choose a police.uk CSV file');

    const dir = mkdtempSync(join(tmpdir(), 'openpcc-e2e-crime-'));
    const file = join(dir, '2024-06-cleveland-stop-and-search.csv');
    writeFileSync(file, gunzipSync(readFileSync(join(import.meta.dirname, '..', 'test', 'fixtures', 'police-uk', '2024-06-cleveland-stop-and-search.csv.gz'))));
    await page.setInputFiles('#crimeFile', file);
    await page.getByRole('button', { name: 'Start the import' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/admin\/crime\/jobs\//);
    await expectAccessible(page);
    // The page refreshes itself while the job runs (meta refresh, no script); reload until done.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.textContent('#status');
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toContain('Finished');
    await expectAccessible(page);
    expect(await page.textContent('main')).toContain('2024-06-cleveland-stop-and-search.csv');
    expect(await page.textContent('main')).toContain('Imported');
    await ctx.close();
  });

  it('serves the counts API as JSON and CSV', async () => {
    const json = await fetch(`${baseUrl()}/api/v1/crime/counts?force=cleveland&from=2024-04&to=2025-03&by=month,category`).then(
      (r) => r.json() as Promise<{ data: { month: string; count: number }[] }>,
    );
    expect(new Set(json.data.map((r) => r.month)).size).toBe(12);
    const csv = await fetch(`${baseUrl()}/api/v1/crime/counts?force=cleveland&by=month`, { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\n')[0]).toBe('month,count');
  });
});
