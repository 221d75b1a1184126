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

async function grantTotals() {
  const res = await fetch(`${baseUrl()}/api/v1/resources/grants`);
  return ((await res.json()) as { meta: { count: number; totalPence: number } }).meta;
}

const organisation = `Journey Community Trust ${Date.now()}`;

describe('grant fund: apply → score → award → public list', () => {
  let reference = '';

  it('shows the seed workforce figures and the Specials target', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/resources/workforce');
    const text = (await page.textContent('main')) ?? '';
    for (const n of ['1,441', '1,378', '1,349', '158', '145', '132']) expect(text).toContain(n);
    expect(text).toContain('Target: Special Constables to 200 by 2014/15');
    await visit(page, '/resources/finance');
    expect(await page.textContent('main')).toContain('£137,458k');
    await ctx.close();
  });

  it('an organisation applies without signing in, without JavaScript', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, '/resources/grants');
    await page
      .getByRole('button', { name: /^Apply to Community Safety Fund round/ })
      .first()
      .click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send application' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    await page.getByLabel('Name of your organisation').fill(organisation);
    await page.getByLabel('Your name').fill('Jo Journey');
    await page.getByLabel('Your email address').fill('jo@example.org');
    await page.getByLabel('Name of your project').fill('Safer parks project');
    await page.getByLabel('What will your project do?').fill('Volunteer patrols and lighting surveys in local parks.');
    await page.getByLabel('How much are you asking for?').fill('1,500');
    await page.getByLabel('Which priority of the Police and Crime Plan does your project serve?').selectOption({ index: 1 });
    await page.getByLabel('Which area does your project serve?').selectOption('Middlesbrough');
    await page.getByRole('button', { name: 'Send application' }).click();
    await expect.poll(() => page.locator('.govuk-panel__title').textContent()).toContain('Application received');
    await expectAccessible(page);
    reference = /GA-[A-Z0-9]+/.exec((await page.locator('.govuk-panel__body').textContent()) ?? '')![0];
    expect(reference).toMatch(/^GA-/);
    await ctx.close();
  });

  it('an assessor declares no conflict and scores; an editor awards; the public list shows it with the totals', async () => {
    const before = await grantTotals();
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, 'editor');
    await visit(page, '/admin/resources');
    await page.getByRole('link', { name: 'Grant funds and rounds' }).click();
    await expectAccessible(page);
    await page
      .getByRole('link', { name: /^Community Safety Fund round/ })
      .first()
      .click();
    await expectAccessible(page);
    await page.getByRole('link', { name: reference }).click();
    await expectAccessible(page);
    await page.getByLabel('No', { exact: true }).check();
    await page.getByRole('button', { name: 'Save declaration' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain('Declaration recorded');
    await expectAccessible(page);
    await page.getByLabel(/Serves a priority/).fill('4');
    await page.getByLabel(/Clear outcomes/).fill('5');
    await page.getByLabel(/Value for money/).fill('4');
    await page.getByRole('button', { name: 'Save score' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain('Score saved: 13');
    await expectAccessible(page);
    await page.getByLabel('Award', { exact: true }).check();
    await page.getByRole('button', { name: 'Save decision' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain('Grant awarded');
    await expectAccessible(page);
    await ctx.close();

    const after = await grantTotals();
    expect(after.count).toBe(before.count + 1);
    expect(after.totalPence).toBe(before.totalPence + 150_000);
    const pub = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    await visit(pub, '/resources/grants/awards');
    const text = (await pub.textContent('main')) ?? '';
    const total = `£${(after.totalPence / 100).toLocaleString('en-GB')}`;
    expect(text).toContain(`${total} to ${after.count} projects`);
    const row = pub.getByRole('row', { name: new RegExp(organisation) });
    await expect.poll(() => row.textContent()).toContain('Middlesbrough');
    expect(await row.textContent()).toContain('£1,500');
    await pub.context().close();
  });

  it('the other resources pages pass axe, public and staff', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    for (const url of ['/resources', '/resources/contracts', '/resources/spending', '/resources/grants/monitoring']) await visit(page, url);
    expect(await page.textContent('main')).toContain('monitoring return');
    await ctx.close();
    const staff = await newContext(browser);
    const s = await staff.newPage();
    await signIn(s, 'editor');
    for (const url of [
      '/admin/resources/workforce',
      '/admin/resources/finance?taxBase=150000&bandD=300&change=15',
      '/admin/resources/contracts',
      '/admin/resources/spending',
    ])
      await visit(s, url);
    expect(await s.textContent('main')).toContain('DEMO-0001');
    await staff.close();
  });
});

describe('staff change a commissioned service and upload spending, without JavaScript', () => {
  it('changes a commissioned service through its form, errors shown the GOV.UK way', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signIn(page, 'editor');
    await visit(page, '/admin/resources/contracts');
    await page
      .getByRole('link', { name: /^Change / })
      .first()
      .click();
    await expectAccessible(page);
    const service = page.getByLabel('Service', { exact: true });
    const original = await service.inputValue();
    await service.fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    expect(await page.textContent('.govuk-error-summary')).toContain('Enter the service');
    await page.getByLabel('Service', { exact: true }).fill(original);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.textContent('main')).toContain('Commissioned service changed');
    await expectAccessible(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(original);
    await ctx.close();
  });

  it('uploads a spending CSV: a file with problems is refused line by line, a good one is imported', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signIn(page, 'editor');
    await visit(page, '/admin/resources/spending');
    const header = 'reference,paid_on,supplier,description,category,amount\n';
    await page
      .getByLabel('CSV file', { exact: true })
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}E2E-BAD,01/04/2025,Supplier,Thing,Cat,100\n`) });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    expect(await page.textContent('.govuk-error-summary')).toContain('bad.csv was refused');
    expect(await page.getByRole('table', { name: /Problems in the file/ }).textContent()).toContain('Enter the date paid');
    const reference = `E2E-${Date.now()}`;
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({
      name: 'good.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}${reference},2025-04-01,E2E Supplier,Uploaded in the journey,Commissioned services,750.00\n`),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.textContent('main')).toContain('Spending imported from good.csv: 1 new, 0 updated');
    await expectAccessible(page);
    expect(await page.textContent('main')).toContain(reference);
    await ctx.close();
  });
});
