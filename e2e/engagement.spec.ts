import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launch, newContext, screenshot, signIn, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Does something that loads a new page, waits for that page to load, then runs axe on it. */
async function go(page: Page, action: () => Promise<void>) {
  const loaded = page.waitForEvent('load');
  await action();
  await loaded;
  await expectAccessible(page);
}
const submitAndCheck = (page: Page, button: string) => go(page, () => page.getByRole('button', { name: button }).click());

describe('engagement', () => {
  it('a resident answers the open survey without JavaScript and gets a reference', { timeout: 300_000 }, async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/consultations');
    await go(page, () => page.getByRole('link', { name: 'Community safety survey (demonstration)' }).click());
    await go(page, () => page.getByRole('button', { name: 'Respond to this consultation' }).click());

    // Consent is required: the error summary shows.
    await submitAndCheck(page, 'Start now');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('privacy notice');
    await page.getByLabel(/I have read how my answers will be used/).check();
    await submitAndCheck(page, 'Start now');

    // An empty required answer: the error summary, and what was chosen is kept.
    await page.getByLabel('Fairly safe').check();
    await submitAndCheck(page, 'Continue');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Which area do you live in?');
    expect(await page.getByLabel('Fairly safe').isChecked()).toBe(true);
    await page.getByLabel('Which area do you live in?').selectOption({ label: 'Stockton-on-Tees' });
    await page.getByLabel('Yes').check();
    await submitAndCheck(page, 'Continue');

    const selects = page.locator('select[name^="priority_rank__"]');
    const n = await selects.count();
    expect(n).toBe(6);
    for (let i = 0; i < n; i++) await selects.nth(i).selectOption(String(i + 1));
    await page.getByLabel(/What one thing would make your community safer/).fill('Better lighting on the walk home <b>please</b>');
    await submitAndCheck(page, 'Continue');

    // The skip condition: asked because the answer above was "Yes".
    await page.getByRole('group', { name: /Did you report the crime/ }).getByLabel('No').check();
    await submitAndCheck(page, 'Continue');
    await page.getByRole('group', { name: /What is your age/ }).getByLabel('35 to 44').check();
    await submitAndCheck(page, 'Continue');

    expect(await page.locator('h1').textContent()).toContain('Check your answers');
    expect(await page.locator('main').textContent()).toContain('Better lighting on the walk home <b>please</b>');
    await submitAndCheck(page, 'Accept and send');
    const panel = await page.locator('.govuk-panel').textContent();
    expect(panel).toMatch(/EN-[A-Z0-9]{4}-[A-Z0-9]{4}/);
    await screenshot(page, 'engagement-confirmation');
    await ctx.close();
  });

  it('shows "you said, we did" with themes linked to priorities', { timeout: 180_000 }, async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/consultations/plan-2024-consultation');
    expect(await page.locator('main').textContent()).toContain('disorder');
    await go(page, () => page.getByRole('link', { name: /You said, we did: what came of/ }).click());
    const text = await page.locator('main').textContent();
    expect(text).toContain('Improve safety for women and girls');
    expect(text).toMatch(/synthetic/);
    await ctx.close();
  });

  it('an analyst reads the analysis, codes an answer with a suggestion, and sees the log', { timeout: 300_000 }, async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, 'analyst');
    await visit(page, '/admin/engagement');
    await go(page, () => page.getByRole('link', { name: 'Police and Crime Plan 2024–29 consultation' }).click());
    await go(page, () => page.getByRole('link', { name: /^\d+ responses to version 1/ }).click());
    await go(page, () => page.getByRole('link', { name: 'Analysis' }).click());
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(3);
    await page.getByLabel('Question', { exact: true }).selectOption({ label: 'How safe do you feel in your area after dark?' });
    await page.getByLabel('By', { exact: true }).selectOption({ label: 'Area' });
    await submitAndCheck(page, 'Apply');
    expect(await page.locator('main').textContent()).toContain('How safe do you feel in your area after dark? by area');
    await go(page, () => page.getByRole('link', { name: /code the answers/ }).first().click());
    expect(await page.locator('main').textContent()).toContain('Suggested:');
    const first = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save codes for answer 1', exact: true }) });
    await first.getByLabel('Road safety').check();
    await go(page, () => first.getByRole('button', { name: 'Save codes for answer 1', exact: true }).click());
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Saved the codes');
    await visit(page, '/admin/engagement/log');
    expect(await page.locator('main').textContent()).toMatch(/wards visited/);
    await ctx.close();
  });
});
