import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, go, launch, newContext, signIn, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** How many pixels the page is wider than the window (0 when nothing scrolls sideways). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('site search', () => {
  it('searches from the header box without JavaScript, filters by kind, and fits 320 px', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    await visit(page, '/plans');
    expect(await overflow(page)).toBe(0);
    await page.getByLabel('Search this site').fill('violence');
    await go(page, () => page.getByRole('banner').getByRole('button', { name: 'Search' }).click());
    expect(new URL(page.url()).pathname).toBe('/search');
    expect(await page.getByRole('heading', { level: 2, name: /\d+ results?/ }).count()).toBe(1);
    expect(await page.locator('.app-search-results mark').count()).toBeGreaterThan(0);
    expect(await overflow(page)).toBe(0);

    await page.getByText('Filter by kind and year').click();
    await page.locator('input[name="kind"][value="priority"]').check();
    await go(page, () => page.getByRole('main').getByRole('button', { name: 'Search' }).click());
    const links = await page.locator('.app-search-results h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((h) => h.includes('/priorities/'))).toBe(true);
    expect(await overflow(page)).toBe(0);

    await go(page, () => page.locator('.app-search-results h3 a').first().click());
    expect(new URL(page.url()).pathname).toMatch(/^\/plans\/[^/]+\/priorities\//);
    await ctx.close();
  });

  it('tells the person what to try when nothing matches', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await visit(page, '/search?q=xyzzyquux');
    expect(await page.textContent('main')).toContain('There are no matching results');
    await ctx.close();
  });

  it('finds staff the records of the staff area', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, 'editor');
    await page.getByLabel('Search this site').fill('violence');
    await go(page, () => page.getByRole('banner').getByRole('button', { name: 'Search' }).click());
    const links = await page.locator('.app-search-results h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(links.some((h) => h.startsWith('/admin/'))).toBe(true);
    await expectAccessible(page);
    await ctx.close();
  });
});
