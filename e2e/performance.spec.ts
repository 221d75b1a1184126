import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, launch, newContext, signIn, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('performance: your area, measures, figures and the Panel report', () => {
  it('shows Middlesbrough’s trend, ward map and its table without JavaScript', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/your-area');
    await page.getByLabel('Choose a local authority or a ward').selectOption('E06000002');
    await page.getByRole('button', { name: 'Show crime in this area' }).click();
    await expect.poll(() => page.url()).toContain('area=E06000002');
    await expectAccessible(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Crime in Middlesbrough');
    expect(await page.getByRole('heading', { name: /^The trend/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /All crime and antisocial behaviour in Middlesbrough/ }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Map of Middlesbrough by ward' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /Map of Middlesbrough by ward/ }).count()).toBe(1);
    const wardTable = page.getByRole('table', { name: /Crimes by ward in Middlesbrough/ });
    expect(await wardTable.count()).toBe(1);
    expect(await wardTable.locator('tbody tr').count()).toBeGreaterThan(10);
    expect(await page.locator('svg.app-map path[data-code]').count()).toBe(await wardTable.locator('tbody tr').count());
    await ctx.close();
  });

  it('a measure page shows the p-value and the method', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/performance');
    await page.getByRole('link', { name: 'Neighbourhood crime' }).first().click();
    await expectAccessible(page);
    const main = (await page.textContent('main')) ?? '';
    expect(main).toMatch(/p-value\s*p [<=] [0-9.]+/);
    expect(main).toContain('Exact two-sided test for the ratio of two Poisson rates');
    expect(main).toMatch(/c-chart/);
    await visit(page, '/performance/priorities/P1');
    expect(await page.getByRole('img').count()).toBeGreaterThan(1);
    await visit(page, '/your-area?area=' + (await (await page.request.get('/your-area')).text()).match(/value="(E05\d{6})"/)![1]);
    expect(await page.getByRole('img', { name: /Map of .* by ward/ }).count()).toBe(1);
    await visit(page, '/performance/compare');
    expect((await page.textContent('main')) ?? '').toContain('Durham');
    await ctx.close();
  });

  it('an analyst’s CSV with a bad row is refused with its line and column; the Panel report opens', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, 'analyst');
    await visit(page, '/admin/performance');
    await page.getByRole('link', { name: 'Import figures (CSV)' }).click();
    await expectAccessible(page);
    await page.getByLabel('CSV file').setInputFiles({
      name: 'figures.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('measure,period,value,note\ncall-999-answer-time,2025-04,8.1,\ncall-999-answer-time,2025-05,quick,\n'),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByText('There is a problem').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    const row = page
      .getByRole('table', { name: /Problems in figures.csv/ })
      .locator('tbody tr')
      .first();
    expect(await row.textContent()).toMatch(/3\s*3 \(value\)\s*"quick" is not a number/);
    await visit(page, '/admin/performance/measures/call-999-answer-time');
    expect((await page.textContent('main')) ?? '').not.toContain('April 2025');
    await visit(page, '/admin/performance/measures/new');
    await page.getByLabel('Name', { exact: true }).fill('Kept on error');
    await page.getByRole('button', { name: 'Save measure' }).click();
    await expect.poll(() => page.getByText('There is a problem').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Kept on error');
    await visit(page, '/admin/performance/measures/neighbourhood-crime/edit');
    await visit(page, '/admin/performance/report');
    expect((await page.textContent('main')) ?? '').toContain('Neighbourhood crime');
    await ctx.close();
  });
});
