import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launch, newContext, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** How far the page is wider than the viewport (0 when nothing scrolls sideways). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('your area, measures and the comparison on a phone', () => {
  it('a postcode leads to its ward page, without JavaScript', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/your-area');
    await page.getByLabel('Postcode or place').fill('ts1 1aa');
    await page.getByRole('button', { name: 'Find your area' }).click();
    await expect.poll(() => page.url()).toMatch(/area=E05\d{6}/);
    await expectAccessible(page);
    expect((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').toMatch(/^Crime in /);
    // Another ward from the ward table, by its link.
    const link = page
      .getByRole('region', { name: /Crimes by ward in Middlesbrough/ })
      .getByRole('link')
      .first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/your-area\?area=E05\d{6}$/);
    await page.getByLabel('Postcode or place').fill('TS9 5AA');
    await page.getByRole('button', { name: 'Find your area' }).click();
    await expectAccessible(page);
    expect((await page.locator('.govuk-error-summary').textContent()) ?? '').toContain('TS9 5AA is outside the Cleveland Police area');
    await ctx.close();
  });

  /** Visits each path at 320 px: none may scroll sideways, each must pass axe. */
  async function checkNarrow(paths: (ward: string) => string[]) {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    const ward = (await (await page.request.get('/your-area')).text()).match(/value="(E05\d{6})"/)![1];
    const wide: string[] = [];
    for (const p of paths(ward)) {
      const res = await page.goto(p);
      expect(res?.status(), p).toBeLessThan(500);
      await expectAccessible(page);
      const over = await overflow(page);
      if (over > 0) wide.push(`${p}: ${over}px too wide`);
    }
    await ctx.close();
    return wide;
  }

  it('no performance page scrolls sideways at 320 px, and each passes axe there', async () => {
    expect(
      await checkNarrow(() => [
        '/performance',
        '/performance/measures/neighbourhood-crime',
        '/performance/measures/stop-search-volume',
        '/performance/priorities/P1',
      ]),
    ).toEqual([]);
  });

  it('no "your area" or comparison page scrolls sideways at 320 px, and each passes axe there', async () => {
    expect(await checkNarrow((ward) => ['/your-area', '/your-area?area=E06000002', `/your-area?area=${ward}`, '/your-area?q=Billingham'])).toEqual([]);
    expect(await checkNarrow(() => ['/your-area?q=TS9+5AA', '/performance/compare', '/performance/compare?group=similar'])).toEqual([]);
  });

  it('a measure says in words what changed; the method is in a section a resident can open', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/performance/measures/stop-search-volume');
    expect(await page.locator('.govuk-tag--green, .govuk-tag--red').count()).toBe(0);
    const summary = page.getByText('How we work this out').first();
    expect(await summary.isVisible()).toBe(true);
    expect(
      await page
        .getByText(/Exact two-sided test/)
        .first()
        .isVisible(),
    ).toBe(false);
    await summary.click();
    expect(
      await page
        .getByText(/Exact two-sided test/)
        .first()
        .isVisible(),
    ).toBe(true);
    await ctx.close();
  });
});
