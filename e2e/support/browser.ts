import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { Role } from '../../src/platform/roles.js';

/** Debian's Chromium with the flags this machine needs; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DEMO_PASSWORD = 'demo-password-2026';
export const DEMO_EMAIL: Record<Role, string> = {
  admin: 'admin@demo.openpcc.test',
  editor: 'editor@demo.openpcc.test',
  analyst: 'analyst@demo.openpcc.test',
  'force-lead': 'forcelead@demo.openpcc.test',
  commissioner: 'commissioner@demo.openpcc.test',
  'panel-member': 'panel@demo.openpcc.test',
};

export function baseUrl(): string {
  return inject('baseUrl');
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** A new browser context; `javaScriptEnabled: false` to prove a journey works without JS. */
const noScript = new WeakSet<BrowserContext>();

export async function newContext(browser: Browser, opts: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL: baseUrl(), javaScriptEnabled: opts.javaScriptEnabled ?? true });
  if (opts.javaScriptEnabled === false) noScript.add(ctx);
  return ctx;
}

/**
 * Every page visited gets this: axe-core with the WCAG 2.x A and AA rules, zero violations.
 * axe needs script, so for a page in a no-JavaScript context the same page (same cookies) is
 * checked in a sibling context with script on.
 */
export async function expectAccessible(page: Page) {
  const ctx = page.context();
  if (noScript.has(ctx)) {
    const browser = ctx.browser()!;
    const sibling = await browser.newContext({ baseURL: baseUrl(), storageState: await ctx.storageState() });
    try {
      const p = await sibling.newPage();
      await p.goto(page.url());
      await expectAccessible(p);
    } finally {
      await sibling.close();
    }
    return;
  }
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Does something that loads a new page, waits for that page to load, then runs axe on it. */
export async function go(page: Page, action: () => Promise<unknown>) {
  const loaded = page.waitForEvent('load');
  await action();
  await loaded;
  await expectAccessible(page);
}

/** Presses a button that submits a form, and checks the page it leads to. */
export const submitAndCheck = (page: Page, button: string) => go(page, () => page.getByRole('button', { name: button }).click());

/** Goes to a path, checks it answered 2xx and passes axe. */
export async function visit(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), `status of ${path}`).toBeLessThan(400);
  await expectAccessible(page);
  return res;
}

export async function signIn(page: Page, role: Role) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(DEMO_EMAIL[role]);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/admin/);
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}
