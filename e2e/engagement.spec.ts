import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { go, launch, newContext, screenshot, signIn, submitAndCheck, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('engagement', () => {
  it('a resident answers the open survey without JavaScript and gets a reference', async () => {
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
    await page
      .getByRole('group', { name: /Did you report the crime/ })
      .getByLabel('No')
      .check();
    await submitAndCheck(page, 'Continue');
    await page
      .getByRole('group', { name: /What is your age/ })
      .getByLabel('35 to 44')
      .check();
    await submitAndCheck(page, 'Continue');

    expect(await page.locator('h1').textContent()).toContain('Check your answers');
    expect(await page.locator('main').textContent()).toContain('Better lighting on the walk home <b>please</b>');
    await submitAndCheck(page, 'Accept and send');
    const panel = await page.locator('.govuk-panel').textContent();
    expect(panel).toMatch(/EN-[A-Z0-9]{4}-[A-Z0-9]{4}/);
    await screenshot(page, 'engagement-confirmation');
    await ctx.close();
  });

  it('shows "you said, we did" with themes linked to priorities', async () => {
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

  it('an analyst reads the analysis, codes an answer with a suggestion, and sees the log', async () => {
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
    await go(page, () =>
      page
        .getByRole('link', { name: /code the answers/ })
        .first()
        .click(),
    );
    expect(await page.locator('main').textContent()).toContain('Suggested:');
    const first = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save codes for answer 1', exact: true }) });
    await first.getByLabel('Road safety').check();
    await go(page, () => first.getByRole('button', { name: 'Save codes for answer 1', exact: true }).click());
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Saved the codes');
    await visit(page, '/admin/engagement/log');
    expect(await page.locator('main').textContent()).toMatch(/wards visited/);
    await ctx.close();
  });
  it('an editor changes a consultation’s details, then builds a survey: changes a question and reorders without JavaScript', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signIn(page, 'editor');
    await visit(page, '/admin/engagement');
    await go(page, () => page.getByRole('button', { name: 'Create a consultation' }).click());
    await page.getByLabel('Title').fill('Night-time safety (e2e)');
    const reference = `night-time-e2e-${Date.now()}`;
    await page.getByLabel('Reference').fill(reference);
    await page.getByLabel('Opens on').fill('2031-01-05');
    await page.getByLabel('Closes on').fill('2031-02-15');
    await submitAndCheck(page, 'Create consultation');
    // A new consultation is a draft: staff are told what happens next; the public cannot see it.
    expect(await page.locator('#next-step').textContent()).toContain('Next, an editor publishes this draft');
    const staffPage = page.url();
    const resident = await newContext(browser, { javaScriptEnabled: false });
    const public1 = await resident.newPage();
    expect((await public1.goto(`/consultations/${reference}`))?.status()).toBe(404);

    // The consultation's details: an error keeps what was typed, then the plan, then its priorities.
    await go(page, () => page.getByRole('link', { name: /Change the details/ }).click());
    expect(await page.locator('h1').textContent()).toContain('Change the consultation');
    await page.getByLabel('Title').fill('');
    await page.getByLabel('Audience').fill('Residents and visitors');
    await submitAndCheck(page, 'Save changes');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter a title');
    expect(await page.getByLabel('Audience').inputValue()).toBe('Residents and visitors');
    await page.getByLabel('Title').fill('Night-time safety consultation (e2e)');
    await page.getByLabel('The plan it informs').selectOption('cleveland-2024-29');
    await submitAndCheck(page, 'Save changes');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('now choose the priorities');
    await page.locator('input[name="priorityReferences"]').first().check();
    await submitAndCheck(page, 'Save changes');
    const details = await page.locator('main').textContent();
    expect(details).toContain('Night-time safety consultation (e2e)');
    expect(details).toContain('Residents and visitors');
    expect(details).toMatch(/Priorities it informs\s*P1/);

    // A draft survey with two pages and two questions.
    await page.getByLabel('Survey title').fill('Night-time survey');
    await submitAndCheck(page, 'Create the survey');
    await go(page, () => page.getByRole('link', { name: 'Night-time survey (version 1)' }).click());
    await page.getByLabel('Page title').fill('Going out');
    await submitAndCheck(page, 'Add page');
    await page.getByLabel('Page title').fill('Your area');
    await submitAndCheck(page, 'Add page');
    await page.getByLabel('Free text').check();
    await page.getByLabel('Question', { exact: true }).fill('What worries you at night?');
    await submitAndCheck(page, 'Add question');
    await page.getByLabel('Single choice').check();
    await page.getByLabel('Question', { exact: true }).fill('Do you go out after dark?');
    await page.getByLabel('Options, one on each line').fill('Yes\nNo');
    await page.getByLabel('An answer is required').check();
    await submitAndCheck(page, 'Add question');

    // Change a question in place.
    await go(page, () => page.getByRole('link', { name: 'Change What worries you at night?' }).click());
    expect(await page.getByLabel('Question', { exact: true }).inputValue()).toBe('What worries you at night?');
    await page.getByLabel('Question', { exact: true }).fill('What worries you most at night?');
    await page.getByLabel('Hint (optional)').fill('For example, getting home');
    await submitAndCheck(page, 'Save changes');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Changed the question “What worries you most at night?”');

    // Reorder with buttons that post forms.
    await go(page, () => page.getByRole('button', { name: /^Move up\s+Do you go out after dark\?$/ }).click());
    const firstPage = page.locator('table').first();
    expect(await firstPage.locator('tbody tr').first().textContent()).toContain('Do you go out after dark?');
    await go(page, () => page.getByRole('button', { name: /^Move page up\s+Your area$/ }).click());
    const headings = await page.locator('h2.govuk-heading-m').allTextContents();
    expect(headings.slice(0, 2)).toEqual(['Page 1: Your area', 'Page 2: Going out']);

    // Published, it is public as forthcoming (it opens in 2031).
    await visit(page, staffPage);
    await submitAndCheck(page, 'Publish');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('forthcoming');
    await visit(public1, `/consultations/${reference}`);
    expect(await public1.locator('h1').textContent()).toContain('Night-time safety consultation (e2e)');
    await resident.close();
    await ctx.close();
  });
});
