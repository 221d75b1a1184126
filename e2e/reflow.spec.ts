/**
 * Every page fits a phone (WCAG 2.2 reflow, 1.4.10): at 320 px and at 1280 px no public or staff
 * page is wider than the window, and the navigation is a menu on a phone and one row on a
 * desktop, without JavaScript. Public pages say things in plain words: the statistician's terms
 * appear only inside the "How we work this out" sections.
 *
 * The pages are found as a visitor finds them: by following links from the home page (and from
 * the staff home, signed in as an administrator), one page of each kind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_EMAIL, DEMO_PASSWORD, expectAccessible, launch, newContext } from './support/browser.js';

let browser: Browser;
let anon: BrowserContext;
let admin: BrowserContext;
let publicPages: string[] = [];
let staffPages: string[] = [];

/** One address per kind of page: the parts that name a record (with a digit, or a capital) count as one. */
const kindOf = (path: string) =>
  path
    .replace(/\?.*$/, '')
    .split('/')
    .map((s) => (s.length > 1 && /\d|^[A-Z]/.test(s) ? ':id' : s))
    .join('/');

const FILES = /\.(csv|json|pdf|docx|xlsx|ics|svg|zip)(\?|$)/;

/** Follows same-site links from `start`, keeping the first page of each kind that answers with HTML. */
async function crawl(page: Page, start: string[], keep: (href: string) => boolean, limit: number): Promise<string[]> {
  const kinds = new Map<string, string>();
  const queue = [...start];
  const seen = new Set<string>();
  while (queue.length && kinds.size < limit) {
    const path = queue.shift()!;
    if (seen.has(path) || kinds.has(kindOf(path))) continue;
    seen.add(path);
    const res = await page.request.get(path, { maxRedirects: 0 });
    if (res.status() !== 200 || !(res.headers()['content-type'] ?? '').includes('text/html')) continue;
    kinds.set(kindOf(path), path);
    for (const [, href] of (await res.text()).matchAll(/href="(\/[^"#]*)"/g)) {
      const h = href.replace(/&amp;/g, '&');
      if (!FILES.test(h) && keep(h) && !seen.has(h) && !kinds.has(kindOf(h))) queue.push(h);
    }
  }
  return [...kinds.values()];
}

/** How far each page is wider than a window `width` px wide (none listed when every page fits). */
async function tooWide(ctx: BrowserContext, paths: string[], width: number): Promise<string[]> {
  const page = await ctx.newPage();
  await page.setViewportSize({ width, height: 900 });
  const wide: string[] = [];
  for (const p of paths) {
    const res = await page.goto(p);
    expect(res?.status(), p).toBeLessThan(400);
    const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (over > 0) wide.push(`${p}: ${over}px wider than ${width}px`);
  }
  await page.close();
  return wide;
}

beforeAll(async () => {
  browser = await launch();
  anon = await newContext(browser, { javaScriptEnabled: false });
  admin = await newContext(browser, { javaScriptEnabled: false });
  const a = await anon.newPage();
  publicPages = await crawl(a, ['/'], (h) => !/^\/(admin|account|assets|api|sign-out)\b/.test(h), 150);
  // Pages reached by a form rather than a link.
  publicPages.push('/your-area?area=E06000002', '/your-area?q=TS1+1AA', '/performance/compare?group=similar', '/subscribe', '/sign-in');
  await a.close();
  const s = await admin.newPage();
  // As signIn() does, but without expect.poll, which runs only inside a test.
  await s.goto('/sign-in');
  await s.getByLabel('Email address').fill(DEMO_EMAIL.admin);
  await s.getByLabel('Password').fill(DEMO_PASSWORD);
  await s.getByRole('button', { name: 'Sign in' }).click();
  await s.waitForURL(/\/admin/);
  staffPages = await crawl(s, ['/admin', '/account'], (h) => /^\/(admin|account)\b/.test(h) && !/\/(delete|sign-out)\b/.test(h), 60);
  await s.close();
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

describe('every page fits a phone and a desktop', () => {
  it('finds a page of every public and staff kind', () => {
    for (const kind of [
      '/plans/:id',
      '/plans/:id/priorities/:id',
      '/delivery/:id',
      '/delivery/:id/actions/:id',
      '/performance/measures/neighbourhood-crime',
      '/performance/compare',
      '/your-area',
      '/consultations/:id',
      '/consultations/:id/you-said-we-did',
      '/scrutiny/meetings',
      '/resources/grants',
      '/resources/contracts',
      '/resources/spending',
      '/open-data',
      '/accessibility',
    ]) {
      expect(publicPages.map(kindOf), kind).toContain(kind);
    }
    for (const kind of [
      '/admin',
      '/admin/plans/:id',
      '/admin/delivery/plans/:id',
      '/admin/performance/measures/neighbourhood-crime',
      '/admin/users',
      '/admin/audit',
    ]) {
      expect(staffPages.map(kindOf), kind).toContain(kind);
    }
    for (const module of ['plans', 'delivery', 'performance', 'crime', 'engagement', 'scrutiny', 'resources']) {
      expect(staffPages.filter((p) => p.startsWith(`/admin/${module}/`)).length, module).toBeGreaterThan(0);
    }
  });

  it('no public page is wider than 320 px', async () => {
    expect(await tooWide(anon, publicPages, 320)).toEqual([]);
  });

  it('no public page is wider than 1280 px', async () => {
    expect(await tooWide(anon, publicPages, 1280)).toEqual([]);
  });

  // The staff pages in two halves per width, so that each test ends well within its time on a busy machine.
  const half = (n: 0 | 1) => staffPages.filter((_, i) => i % 2 === n);

  it('no staff page is wider than 320 px (first half)', async () => {
    expect(await tooWide(admin, half(0), 320)).toEqual([]);
  });

  it('no staff page is wider than 320 px (second half)', async () => {
    expect(await tooWide(admin, half(1), 320)).toEqual([]);
  });

  it('no staff page is wider than 1280 px (first half)', async () => {
    expect(await tooWide(admin, half(0), 1280)).toEqual([]);
  });

  it('no staff page is wider than 1280 px (second half)', async () => {
    expect(await tooWide(admin, half(1), 1280)).toEqual([]);
  });
});

describe('the navigation', () => {
  it('is a menu that opens without JavaScript on a phone', async () => {
    const page = await anon.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto('/plans');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link', { name: 'Open data' }).isVisible()).toBe(false);
    await nav.getByText('Menu').click();
    await expectAccessible(page);
    await nav.getByRole('link', { name: 'Open data' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/open-data');
    await page.close();
  });

  it('is one row on a 1280 px screen, public and staff, with the administration pages under "More"', async () => {
    const rows = (page: Page) =>
      page.evaluate(() => new Set(Array.from(document.querySelectorAll('.app-nav__row > li')).map((li) => li.getBoundingClientRect().top)).size);
    const page = await anon.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/');
    expect(await rows(page)).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').count()).toBeGreaterThan(5);
    await page.close();
    const staff = await admin.newPage();
    await staff.setViewportSize({ width: 1280, height: 800 });
    await staff.goto('/admin');
    expect(await rows(staff)).toBe(1);
    const nav = staff.getByRole('navigation', { name: 'Staff navigation' });
    expect(await nav.getByRole('link', { name: 'Audit log' }).isVisible()).toBe(false);
    await nav.getByText('More').click();
    await expectAccessible(staff);
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => new URL(staff.url()).pathname).toBe('/admin/audit');
    // The current page is marked in the closed "More" list, and "More" is shown in bold.
    expect(await nav.locator('.app-nav__more a[aria-current="page"]').textContent()).toBe('Audit log');
    expect(await nav.locator('.app-nav__more-toggle--current').count()).toBe(1);
    await staff.close();
  });
});

describe('plain words on the public site', () => {
  const JARGON = ['p =', 'p <', 'Poisson', 'XmR', 'Σ'];

  it('no public page shows p-values, "Poisson", "XmR" or "Σ" outside "How we work this out"', async () => {
    const page = await anon.newPage();
    const found: string[] = [];
    let methodSections = 0;
    for (const p of publicPages) {
      await page.goto(p);
      const { text, sections } = await page.evaluate(() => {
        const body = document.body.cloneNode(true) as HTMLElement;
        const method = Array.from(body.querySelectorAll('details')).filter((d) => d.querySelector('summary')?.textContent?.trim() === 'How we work this out');
        for (const d of method) d.remove();
        return { text: body.textContent ?? '', sections: method.length };
      });
      methodSections += sections;
      for (const w of JARGON) if (text.includes(w)) found.push(`${p}: "${w}"`);
      if (/\b(19|20)\d\d-\d\d-\d\d\b/.test(text)) found.push(`${p}: a date as digits (${text.match(/\b(19|20)\d\d-\d\d-\d\d\b/)![0]})`);
    }
    await page.close();
    expect(methodSections).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
