import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, go, launch, newContext, signIn, submitAndCheck, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const ref = `PCP-E2E-${Date.now()}`;
let reportPath = '';

describe('Panel report → response → public page', () => {
  it('the Panel records a report with three recommendations (errors shown the GOV.UK way)', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, 'panel-member');
    await visit(page, '/admin/scrutiny');
    await page.getByRole('link', { name: /reports and recommendations/ }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Record a Panel report' }).click();
    await expectAccessible(page);
    expect(await page.getByLabel('Publish this report on the public site').isChecked()).toBe(true);
    await page.getByLabel('Title', { exact: true }).fill('Report on the precept proposal (e2e)');
    await submitAndCheck(page, 'Save');
    expect(await page.textContent('.govuk-error-summary')).toContain('Enter a reference');
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Report on the precept proposal (e2e)');
    await page.getByLabel('Reference').fill(ref);
    await page.getByLabel('Date of the report').fill(iso(-40));
    await page.getByLabel('Resolution (optional)').fill('That the proposed precept be supported, with three recommendations.');
    await submitAndCheck(page, 'Save');
    reportPath = new URL(page.url()).pathname;
    expect(reportPath).toMatch(/^\/admin\/scrutiny\/reports\/[0-9a-f-]{36}$/);
    const recs: [string, string][] = [
      ['Publish the savings plan by local authority area.', iso(20)],
      ['Report on the cost of the new control room.', iso(20)],
      ['Set out how the precept funds neighbourhood officers.', iso(-1)],
    ];
    for (const [text, due] of recs) {
      await submitAndCheck(page, 'Add a recommendation');
      await page.getByLabel('Recommendation').fill(text);
      await page.getByLabel('Response due by').fill(due);
      await submitAndCheck(page, 'Save');
    }
    expect(await page.locator('main').textContent()).toContain('Response overdue');
    await ctx.close();
  });

  it('the commissioner responds to two and publishes them', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, 'commissioner');
    await visit(page, reportPath);
    const answers: [number, string, string][] = [
      [1, 'Accept', 'The savings plan will be published by area in the spring.'],
      [2, 'Partly accept', 'A cost report will come to the Panel; contract prices stay confidential.'],
    ];
    for (const [n, choice, text] of answers) {
      await page.getByRole('link', { name: `Respond to recommendation ${n}` }).click();
      await expectAccessible(page);
      await page.getByLabel(choice, { exact: true }).check();
      await page.getByLabel('What will be done, or why not').fill(text);
      await page.getByLabel('Publish this response now').check();
      await submitAndCheck(page, 'Save');
      expect(await page.textContent('.govuk-notification-banner')).toContain(`Response to recommendation ${n} published`);
    }
    await ctx.close();
  });

  it('the public sees what the Panel said and what the commissioner did, without JavaScript', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/scrutiny');
    await page.getByRole('link', { name: /said, the Police and Crime Commissioner did/ }).click();
    await expectAccessible(page);
    const section = page.locator('main');
    const text = (await section.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('Report on the precept proposal (e2e)');
    await page.getByRole('link', { name: 'Report on the precept proposal (e2e)' }).click();
    await expectAccessible(page);
    const report = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    expect(report).toMatch(
      /Recommendation 1 Responded .*Publish the savings plan by local authority area\. .*Accepted on .*The savings plan will be published by area in the spring\./,
    );
    expect(report).toMatch(
      /Recommendation 2 Responded .*Report on the cost of the new control room\. .*Partly accepted on .*contract prices stay confidential\./,
    );
    expect(report).toMatch(
      /Recommendation 3 Response overdue .*Set out how the precept funds neighbourhood officers\. .*No response yet\. It was due by .* and is overdue\./,
    );
    for (const path of ['/scrutiny/meetings', '/scrutiny/decisions', '/scrutiny/inspections', '/scrutiny/calendar', '/scrutiny/publication-schedule'])
      await visit(page, path);
    await ctx.close();
  });
});

describe('a Panel report kept to staff, and the plan pages linking to the Panel reports', () => {
  it('the Panel unticks "publish": the report is not public until it is published', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, 'panel-member');
    await visit(page, '/admin/scrutiny/reports/new');
    await page.getByLabel('Reference').fill(`${ref}-PRIVATE`);
    await page.getByLabel('Title', { exact: true }).fill('Private working report (e2e)');
    await page.getByLabel('Date of the report').fill(iso(-5));
    await page.getByLabel('Draft plan reviewed (optional)').selectOption({ label: 'Police and Crime Plan 2024–2029 (version 1, published)' });
    await page.getByLabel('Publish this report on the public site').uncheck();
    await submitAndCheck(page, 'Save');
    expect(await page.textContent('main')).toContain('Not published: only staff can see this report');
    const privatePath = new URL(page.url()).pathname.replace('/admin/scrutiny/reports/', '/scrutiny/panel-reports/');
    const anon = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    expect((await anon.goto(privatePath))?.status()).toBe(404);
    await visit(anon, '/plans/cleveland-2024-29');
    expect(await anon.textContent('main')).not.toContain('Private working report (e2e)');

    // The staff plan page lists it, marked, and links to the plan's review by the Panel.
    await go(page, () => page.getByRole('link', { name: 'Police and Crime Plan 2024–2029 (version 1)' }).click());
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/plans\/[0-9a-f-]{36}$/);
    expect(await page.textContent('main')).toContain('Private working report (e2e)');
    await go(page, () => page.getByRole('link', { name: /review of this plan/ }).click());
    await go(page, () => page.getByRole('link', { name: 'Private working report (e2e)' }).click());
    await submitAndCheck(page, 'Change the report');
    await page.getByLabel('Publish this report on the public site').check();
    await submitAndCheck(page, 'Save');
    expect(await page.textContent('.govuk-notification-banner')).toContain('it is on the public site');
    await visit(anon, privatePath);
    await visit(anon, '/plans/cleveland-2024-29');
    expect(await anon.textContent('main')).toContain('Private working report (e2e)');
    await anon.context().close();
    await ctx.close();
  });
});
