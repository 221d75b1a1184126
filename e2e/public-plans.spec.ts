import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const path = (url: string) => new URL(url).pathname;

describe('a resident reads the plan without JavaScript', () => {
  it('goes from the home page to the current plan, a priority, the plans list and open data', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();

    await visit(page, '/');
    expect(await page.textContent('main')).toContain('Safe, strong and confident communities');

    // The current plan, from the home page.
    await page.getByRole('link', { name: 'Police and Crime Plan 2024–2029' }).first().click();
    expect(path(page.url())).toBe('/plans/cleveland-2024-29');
    await visit(page, path(page.url()));
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('Priority objective 6');

    // One priority's own page.
    await page.getByRole('link', { name: /Improve safety for women and girls/ }).click();
    expect(path(page.url())).toBe('/plans/cleveland-2024-29/priorities/P3');
    await visit(page, path(page.url()));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Improve safety for women and girls');

    // The list of plans, through the breadcrumbs.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Police and Crime Plans' }).click();
    expect(path(page.url())).toBe('/plans');
    await visit(page, '/plans');
    await page.getByRole('link', { name: 'Police and Crime Plan 2013–2016' }).first().click();
    await visit(page, path(page.url()));
    expect(await page.textContent('main')).toContain('This version has been superseded by');
    await page.getByRole('link', { name: /Objective 1 Retain and develop neighbourhood policing/ }).click();
    await visit(page, path(page.url()));
    expect(await page.textContent('main')).toContain('Reduce neighbourhood crime');

    // A plan with vision, mission, values and outcomes, and an annual refresh's priority page.
    await visit(page, '/plans/cleveland-2021-24');
    expect(await page.textContent('main')).toContain('Openness and Transparency');
    await visit(page, '/plans/cleveland-2014-17/priorities/P1');
    expect(await page.textContent('main')).toContain('In the coming year');

    // A refreshed plan: what changed from the previous version, old and new text side by side.
    await visit(page, '/plans/cleveland-2014-17');
    expect(await page.textContent('main')).toContain('What changed from the previous version');
    await page.setViewportSize({ width: 320, height: 800 });
    await visit(page, '/plans/cleveland-2014-17');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1024, height: 800 });

    // Open data, from the main navigation.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Open data' }).click();
    expect(path(page.url())).toBe('/open-data');
    await visit(page, '/open-data');
    expect(await page.textContent('main')).toContain('Open Government Licence v3.0');

    await visit(page, '/accessibility');
    await ctx.close();
  });

  it('downloads the current plan as a Word document', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/plans/cleveland-2024-29');
    const href = await page.getByRole('link', { name: /Word document/ }).getAttribute('href');
    expect(href).toBe('/plans/cleveland-2024-29/plan.docx');
    const res = await ctx.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const body = await res.body();
    expect(body.subarray(0, 2).toString()).toBe('PK');
    await ctx.close();
  });
});

describe('a resident sees when a plan was published and what else there is about it', () => {
  it('shows the published and last updated dates, and links to the Panel’s reports and to progress', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/plans/cleveland-2024-29');
    const main = ((await page.textContent('main')) ?? '').replace(/\s+/g, ' ');
    expect(main).toContain('Published: December 2024');
    expect(main).toMatch(/Record last updated: \d{1,2} \w+ \d{4}/);
    expect(main).toContain('Progress and annual reports');
    // The Panel's published report on the plan, from the plan's page.
    await page.getByRole('link', { name: /Report of the Cleveland Police and Crime Panel on the Commissioner's Police and Crime Plan 2024-29/ }).click();
    expect(path(page.url())).toMatch(/^\/scrutiny\/panel-reports\/[0-9a-f-]{36}$/);
    await visit(page, path(page.url()));
    await ctx.close();
  });
});
