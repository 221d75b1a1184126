import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { baseUrl, expectAccessible, go, launch, newContext, signIn, visit } from './support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now();
const email = `e2e.account.${stamp}@demo.openpcc.test`;
const firstPassword = `first-e2e-password-${stamp}`;
const newPassword = `second-e2e-password-${stamp}`;

/** A page shown in answer to a form (no address to load again): checked for accessibility as it is. */
async function expectAccessibleAnswer(page: Page) {
  const ctx = await browser.newContext({ baseURL: baseUrl() });
  try {
    const p = await ctx.newPage();
    await p.goto('/accessibility');
    await p.setContent(await page.content(), { waitUntil: 'load' });
    await expectAccessible(p);
  } finally {
    await ctx.close();
  }
}

/** The newest link in the outbox to this address, read by an administrator. */
async function linkFromOutbox(admin: Page, pattern: RegExp) {
  await visit(admin, '/admin/outbox');
  const row = admin.locator('tr', { hasText: email }).first();
  const text = (await row.textContent()) ?? '';
  const m = text.match(pattern);
  expect(m, `a link in the e-mail to ${email}`).toBeTruthy();
  return new URL(m![0]).pathname;
}

const codeFor = (secret: string, offsetSeconds = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, '')), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + offsetSeconds * 1000,
  });

describe('accounts: password reset and two-step verification, without JavaScript', () => {
  it('an invited person resets a forgotten password by the e-mailed link', async () => {
    const adminCtx = await newContext(browser, { javaScriptEnabled: false });
    const admin = await adminCtx.newPage();
    await signIn(admin, 'admin');
    await visit(admin, '/admin/users/invite');
    await admin.getByLabel('Full name').fill('Erin Twostep');
    await admin.getByLabel('Email address').fill(email);
    await admin.getByLabel('OPCC analyst').check();
    await go(admin, () => admin.getByRole('button', { name: 'Send invitation' }).click());
    await visit(admin, '/admin/security');

    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await visit(page, await linkFromOutbox(admin, /https?:\/\/\S+\/invitations\/[\w-]+/));
    await page.getByLabel('Password', { exact: true }).fill(firstPassword);
    await page.getByLabel('Confirm password').fill(firstPassword);
    await go(page, () => page.getByRole('button', { name: 'Set password and sign in' }).click());
    await go(page, () => page.getByRole('button', { name: 'Sign out' }).click());

    // Forgotten password.
    await visit(page, '/sign-in');
    await go(page, () => page.getByRole('link', { name: 'I have forgotten my password' }).click());
    await page.getByLabel('Email address').fill(email);
    await go(page, () => page.getByRole('button', { name: 'Send me a link' }).click());
    expect(await page.textContent('h1')).toContain('Check your email');
    const reset = await linkFromOutbox(admin, /https?:\/\/\S+\/sign-in\/reset\/[\w-]+/);
    await visit(page, reset);
    await page.getByLabel('New password', { exact: true }).fill('password1234');
    await page.getByLabel('Confirm new password').fill('password1234');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForLoadState('load');
    expect(await page.textContent('.govuk-error-summary')).toContain('This password is too common');
    await expectAccessibleAnswer(page);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await go(page, () => page.getByRole('button', { name: 'Change password' }).click());
    expect(await page.textContent('.govuk-notification-banner')).toContain('Your password has been changed');
    expect((await page.goto(reset))?.status()).toBe(404);
    await expectAccessible(page);

    await visit(page, '/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(newPassword);
    await go(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(new URL(page.url()).pathname).toBe('/admin');
    await ctx.close();
    await adminCtx.close();
  }, 600_000);

  it('they turn on two-step verification (the key as text, no script needed) and sign in with a code from the app', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(newPassword);
    await go(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    await go(page, () => page.getByRole('link', { name: 'Your account' }).click());
    await visit(page, '/account/password');
    await go(page, () => page.getByRole('link', { name: 'Back to your account' }).click());
    await go(page, () => page.getByRole('link', { name: 'Set up two-step verification' }).click());
    const secret = (await page.textContent('#secret'))!.trim();
    expect(await page.locator('figure svg').count()).toBe(1);
    await page.getByLabel('Code from your app').fill(codeFor(secret));
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await page.waitForLoadState('load');
    expect(await page.textContent('h1')).toContain('Your recovery codes');
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    await expectAccessibleAnswer(page);
    await go(page, () => page.getByRole('button', { name: 'I have kept my codes: continue' }).click());
    await visit(page, '/account/two-step');
    await go(page, () => page.getByRole('button', { name: 'Sign out' }).click());

    await visit(page, '/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(newPassword);
    await go(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(new URL(page.url()).pathname).toBe('/sign-in/two-step');
    await page.getByLabel('Security code').fill('000000' === codeFor(secret, 30) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForLoadState('load');
    expect(await page.textContent('.govuk-error-summary')).toContain('The code is not right');
    await expectAccessibleAnswer(page);
    // The code that turned it on cannot be used again: the next one from the app.
    await page.getByLabel('Security code').fill(codeFor(secret, 30));
    await go(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(new URL(page.url()).pathname).toBe('/admin');
    await visit(page, '/account');
    expect(await page.textContent('main')).toContain('On since');
    await ctx.close();
  }, 600_000);
});
