import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { go, launch, newContext, signIn, submitAndCheck, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const ROLES = ['admin', 'editor', 'analyst', 'force-lead', 'commissioner', 'panel-member'] as const;

const fitsNarrowScreen = async (page: Page) => {
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
};

describe('your tasks', () => {
  for (const role of ROLES) {
    it(`${role}: the home lists at least one real task, each linking to a page this role may open`, async () => {
      const ctx = await newContext(browser, { javaScriptEnabled: false });
      const page = await ctx.newPage();
      await signIn(page, role);
      await visit(page, '/admin');
      const links = await page.locator('table.govuk-table td a.govuk-link').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(links.length, `${role} has tasks`).toBeGreaterThan(0);
      // The count shows in the navigation (the page's own heading has none).
      expect(await page.locator('body').textContent()).toMatch(/Your tasks \(\d+\)/);
      for (const href of [...new Set(links)]) {
        const res = await page.goto(href);
        expect(res?.status(), `${role} → ${href}`).toBe(200);
      }
      await ctx.close();
    });
  }

  it('a person chooses how they are told, without JavaScript', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signIn(page, 'force-lead');
    await visit(page, '/account/notifications');
    await page.getByRole('group', { name: 'Usually' }).getByLabel('In a daily summary e-mail').check();
    await submitAndCheck(page, 'Save your choices');
    expect(await page.textContent('main')).toContain('Your choices are saved');
    await fitsNarrowScreen(page);
    await ctx.close();
  });
});

describe('public subscriptions', () => {
  it('a resident subscribes, confirms by the e-mailed link and unsubscribes, without JavaScript, on a narrow screen', async () => {
    const email = `resident-${Date.now()}@example.test`;
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    await visit(page, '/subscribe');
    await fitsNarrowScreen(page);
    await submitAndCheck(page, 'Subscribe');
    expect(await page.textContent('.govuk-error-summary')).toContain('Enter your email address');
    await page.getByLabel('New consultations').check();
    await page.getByLabel('Email address').fill(email);
    await submitAndCheck(page, 'Subscribe');
    expect(await page.textContent('h1')).toContain('Check your e-mail');

    // The link, as the resident would find it in their mail (the admin's outbox shows it).
    const admin = await (await newContext(browser)).newPage();
    await signIn(admin, 'admin');
    await visit(admin, '/admin/outbox');
    const body = await admin.locator('tr', { hasText: email }).first().textContent();
    const confirm = body!.match(/https?:\/\/\S+\/subscriptions\/confirm\?token=[A-Za-z0-9_-]+/)![0];
    await visit(page, new URL(confirm).pathname + new URL(confirm).search);
    await fitsNarrowScreen(page);
    await submitAndCheck(page, 'Confirm');
    expect(await page.textContent('h1')).toContain('You are subscribed');

    await go(page, () => page.goto('/subscriptions/unsubscribe?s=00000000-0000-0000-0000-000000000000&t=forged'));
    await submitAndCheck(page, 'Unsubscribe');
    expect(await page.textContent('h1')).toContain('This link does not work');
    await admin.context().close();
    await ctx.close();
  });
});
