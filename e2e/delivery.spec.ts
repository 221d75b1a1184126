import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, go, launch, newContext, signIn, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const DP = 'cleveland-2024-29-fy-2025-26';
const narrative = `Patrol plan reviewed with every local authority (e2e ${Date.now()}).`;

describe('delivery: owner → approver → public', () => {
  it('the force lead posts an update with a file on an action they own', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, 'force-lead');
    await visit(page, '/admin/delivery');
    await page.getByRole('link', { name: 'My actions' }).click();
    await expectAccessible(page);
    const mine = await page.textContent('main');
    expect(mine).toContain('P1-A1');
    expect(mine).not.toContain('P3-A1'); // owned by the editor
    await page.getByRole('link', { name: /^P1-A1:/ }).click();
    await expectAccessible(page);
    await page.getByLabel('Date of the update').fill('2025-12-20');
    await page.getByLabel('What has been done').fill(narrative);
    await page.getByLabel('Status').selectOption('on-track');
    await page.getByLabel('Progress (%)').fill('70');
    await page
      .getByLabel('Evidence file (optional)')
      .setInputFiles({ name: 'patrol-plan.txt', mimeType: 'text/plain', buffer: Buffer.from('Patrol plan evidence') });
    await page.getByRole('button', { name: 'Send update for approval' }).click();
    await expect.poll(() => page.textContent('main')).toContain('Update sent for approval');
    await expectAccessible(page);
    expect(await page.textContent('main')).toContain('Waiting for approval');
    await ctx.close();
  });

  it('the editor approves it', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, 'editor');
    await visit(page, '/admin/delivery/reviews');
    await page
      .getByRole('link', { name: /^P1-A1:/ })
      .first()
      .click();
    await expectAccessible(page);
    const card = page.locator('.govuk-summary-card', { hasText: narrative });
    await card.getByRole('button', { name: /^Approve and publish/ }).click();
    await expect.poll(() => page.textContent('main')).toContain('approved and published');
    await expectAccessible(page);
    // the editor's other delivery pages
    await visit(page, '/admin/delivery/statuses');
    await visit(page, '/admin/delivery');
    await page.getByRole('link', { name: /Delivery plan 2025\/26/ }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Quarterly executive summary' }).click();
    await expectAccessible(page);
    await page.goBack();
    await page.getByRole('link', { name: 'Annual report' }).click();
    await expectAccessible(page);
    await page.goBack();
    await page.getByRole('link', { name: 'Import actions or updates from CSV' }).click();
    await expectAccessible(page);
    await ctx.close();
  });

  it('the public sees it on the action page, without JavaScript', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/delivery');
    await page.getByRole('link', { name: /Delivery plan 2025\/26/ }).click();
    await expectAccessible(page);
    await page.getByLabel('Lead organisation').selectOption('Cleveland Police');
    await page.getByRole('button', { name: 'Filter actions' }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: /^P1-A1:/ }).click();
    await expectAccessible(page);
    expect(new URL(page.url()).pathname).toBe(`/delivery/${DP}/actions/P1-A1`);
    const text = await page.textContent('main');
    expect(text).toContain(narrative);
    expect(text).toContain('patrol-plan.txt');
    await visit(page, `/delivery/${DP}/priorities/P1`);
    expect(await page.textContent('main')).toContain('Σ (weight × progress) ÷ Σ weight');
    await ctx.close();
  });
});

describe('the annual report on the public site', () => {
  const ANNUAL = '/delivery/cleveland-2013-16-fy-2013-14/annual-report';

  it('a resident reads the published annual report from the plan’s page, without JavaScript', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/plans/cleveland-2013-16');
    await page.getByRole('link', { name: 'Annual report 2013/14' }).click();
    expect(new URL(page.url()).pathname).toBe(ANNUAL);
    await expectAccessible(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Annual report 2013/14');
    const text = ((await page.textContent('main')) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('In 2013/14 I have:');
    expect(text).toContain('In 2014/15 I will:');
    const download = await page.request.get(`${ANNUAL}.docx`);
    expect(download.headers()['content-type']).toContain('wordprocessingml');
    // And from the year's progress page.
    await visit(page, '/delivery/cleveland-2013-16-fy-2013-14');
    expect(await page.getByRole('link', { name: /Read the annual report 2013\/14/ }).getAttribute('href')).toBe(ANNUAL);
    await ctx.close();
  });

  it('the commissioner takes it off the public site and publishes it again, without JavaScript', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signIn(page, 'commissioner');
    await visit(page, '/admin/delivery');
    await go(page, () => page.getByRole('link', { name: /Delivery plan 2013\/14/ }).click());
    await go(page, () => page.getByRole('link', { name: 'Annual report' }).click());
    await page.getByRole('button', { name: 'Take the annual report off the public site' }).click();
    await expect.poll(() => page.textContent('main')).toContain('The annual report is no longer on the public site');
    await expectAccessible(page);
    expect((await page.request.get(ANNUAL)).status()).toBe(404);
    await page.getByRole('button', { name: 'Publish the annual report on the public site' }).click();
    await expect.poll(() => page.textContent('main')).toContain('The annual report is published on the public site');
    await expectAccessible(page);
    expect((await page.request.get(ANNUAL)).status()).toBe(200);
    await ctx.close();
  });
});
