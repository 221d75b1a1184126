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

describe('public site and sign-in', () => {
  it('shows the plans list and the current plan without JavaScript', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/plans');
    await expect.poll(() => page.getByRole('link', { name: /2024/ }).count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: /2024/ }).first().click();
    await expectAccessible(page);
    expect(await page.textContent('main')).toContain('Safe, strong and confident communities');
    await ctx.close();
  });

  it('signs a member of staff in and out', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await visit(page, '/sign-in');
    await signIn(page, 'editor');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    await ctx.close();
  });
});
