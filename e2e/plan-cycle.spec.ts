import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '../src/platform/roles.js';
import { go, launch, newContext, signIn, submitAndCheck, visit } from './support/browser.js';

// The whole plan cycle, each step by the role that does it, with JavaScript off throughout:
// draft → consultation (a resident reads the draft and responds) → Panel review (the Panel
// records its report and a recommendation) → the commissioner responds and publishes → the first
// delivery plan → a force lead's update → the editor approves it → the public page. Every
// message is checked in the outbox.

let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

const stamp = Date.now().toString(36);
const REF = `e2e-cycle-${stamp}`;
const TITLE = `Cycle plan (e2e ${stamp})`;
const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
// The term runs from a year ago, so the first delivery plan is the year containing today.
const TERM_START = `${iso(-365).slice(0, 4)}-04-01`;
const TERM_END = `${Number(TERM_START.slice(0, 4)) + 4}-03-31`;
let planPath = '';
let actionPath = '';
const narrative = `Patrols agreed with every ward (e2e ${stamp}).`;

async function as(role: Role | 'public'): Promise<Page> {
  const ctx = await newContext(browser, { javaScriptEnabled: false });
  contexts.push(ctx);
  const page = await ctx.newPage();
  if (role !== 'public') await signIn(page, role);
  return page;
}

/** The outbox's text, read by the administrator. */
async function outboxText(): Promise<string> {
  const page = await as('admin');
  await visit(page, '/admin/outbox');
  return (await page.textContent('main')) ?? '';
}

const RESIDENT = `resident-${stamp}@example.test`;

describe('the plan cycle, each step by the role that does it', () => {
  it('a resident subscribes to new plans and confirms by the e-mailed link', async () => {
    const page = await as('public');
    await visit(page, '/subscribe');
    await page.getByLabel('A new plan, or a new version of the plan').check();
    await page.getByLabel('Email address').fill(RESIDENT);
    await submitAndCheck(page, 'Subscribe');
    const admin = await as('admin');
    await visit(admin, '/admin/outbox');
    const confirmation = admin.locator('tr', { hasText: RESIDENT }).filter({ hasText: 'Confirm your subscription' });
    const token = ((await confirmation.textContent()) ?? '').match(/confirm\?token=([A-Za-z0-9_-]+)/)?.[1];
    expect(token).toBeTruthy();
    await visit(page, `/subscriptions/confirm?token=${token}`);
    await submitAndCheck(page, 'Confirm');
  });

  it('the editor drafts a plan and opens its consultation', async () => {
    const page = await as('editor');
    await visit(page, '/admin/plans');
    await go(page, () => page.getByRole('button', { name: 'Create a plan' }).click());
    await page.getByLabel('Reference').fill(REF);
    await page.getByLabel('Title').fill(TITLE);
    await page.getByLabel('Start of the term').fill(TERM_START);
    await page.getByLabel('End of the term').fill(TERM_END);
    await go(page, () => page.getByRole('button', { name: 'Create the draft plan' }).click());
    planPath = new URL(page.url()).pathname;
    expect(await page.locator('#next-step').textContent()).toContain('editors finish the draft and open its public consultation');
    await go(page, () => page.getByRole('link', { name: 'Add a priority' }).click());
    await page.getByLabel('Title').fill('Safer neighbourhoods');
    await go(page, () => page.getByRole('button', { name: 'Add the priority' }).click());
    await go(page, () => page.getByRole('link', { name: 'Add a commitment to Priority 1' }).click());
    await page.getByLabel('Commitment', { exact: true }).fill('Patrol where residents ask us to');
    await go(page, () => page.getByRole('button', { name: 'Add the commitment' }).click());

    await go(page, () => page.getByRole('link', { name: 'Open consultation' }).click());
    expect(await page.textContent('main')).toContain('A public consultation on this draft opens today');
    await page.getByLabel('Reason for the change').fill('The draft is ready for residents');
    await page.getByLabel('Date the consultation closes').fill(iso(30));
    await submitAndCheck(page, 'Open consultation');
    expect(await page.locator('#next-step').textContent()).toContain('residents read the draft and respond');
  });

  it('a resident reads the draft, marked as a draft for consultation, and responds', async () => {
    const page = await as('public');
    await visit(page, `/plans/${REF}/draft`);
    const text = (await page.textContent('main')) ?? '';
    expect(text).toContain('Draft for consultation');
    expect(text).toContain('Patrol where residents ask us to');
    expect(text).toMatch(/Open from .* until /);
    await go(page, () => page.getByRole('link', { name: /^Have your say:/ }).click());
    await go(page, () => page.getByRole('button', { name: 'Respond to this consultation' }).click());
    await page.getByLabel(/I have read how my answers will be used/).check();
    await submitAndCheck(page, 'Start now');
    await page.getByLabel('Agree', { exact: true }).check();
    await page.getByLabel(/What would you change in the draft plan/).fill('More patrols near the park, please.');
    await submitAndCheck(page, 'Continue');
    expect(await page.locator('h1').textContent()).toContain('Check your answers');
    await submitAndCheck(page, 'Accept and send');
    expect(await page.locator('.govuk-panel').textContent()).toMatch(/EN-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  });

  it('the editor sees the response on the plan and sends it to the Panel; the draft goes on the next Panel meeting’s agenda', async () => {
    const page = await as('editor');
    await visit(page, planPath);
    expect(await page.textContent('main')).toMatch(/1 response; open until/);
    await go(page, () => page.getByRole('link', { name: 'Send to the Panel for review' }).click());
    await page.getByLabel('Reason for the change').fill('The consultation has closed');
    await submitAndCheck(page, 'Send to the Panel for review');
    expect(await page.locator('#next-step').textContent()).toContain('Panel reviews the draft at its meeting');
    // The demo's calendar has the Panel's next meeting; with none, the page asks for one (cycle.int.test.ts).
    await visit(page, planPath);
    expect(await page.textContent('main')).toContain(`Police and Crime Panel: quarterly meeting (demo): Review of the draft plan “${TITLE}”`);
  });

  it('a Panel member is told, records the Panel’s report and a recommendation', async () => {
    expect(await outboxText()).toContain(`Panel’s review: the draft plan “${TITLE}”`);
    const page = await as('panel-member');
    await visit(page, '/admin');
    await go(page, () => page.getByRole('link', { name: `Record the Panel’s report: Review of the draft plan “${TITLE}” (version 1)` }).click());
    await page.getByLabel('Reference').fill(`${REF}-report`);
    await page.getByLabel('Title', { exact: true }).fill(`Report on the draft (e2e ${stamp})`);
    await page.getByLabel('Date of the report').fill(iso(14));
    await page.getByLabel('Resolution (optional)').fill('The Panel supports the draft with one recommendation.');
    await submitAndCheck(page, 'Save');
    await go(page, () => page.getByRole('button', { name: 'Add a recommendation' }).click());
    await page.getByLabel('Recommendation').fill('Say how residents will hear about patrols in their ward.');
    await page.getByLabel('Response due by').fill(iso(60));
    await submitAndCheck(page, 'Save');
    expect(await page.textContent('main')).toContain('Say how residents will hear about patrols in their ward.');
  });

  it('the commissioner responds to the report and publishes the plan, with the response beside it', async () => {
    const page = await as('commissioner');
    await visit(page, planPath);
    await go(page, () => page.getByRole('link', { name: /^Respond to “Report on the draft/ }).click());
    expect(await page.locator('#next-step').textContent()).toContain('records a response to this report');
    // The same task waits on the commissioner's staff home.
    await visit(page, '/admin');
    await go(page, () => page.getByRole('link', { name: `Respond to the Panel’s report “Report on the draft (e2e ${stamp})”` }).click());
    await page.getByLabel('Your response to the report').fill('I accept: each ward will hear about its patrols every month.');
    await submitAndCheck(page, 'Record the response');
    await visit(page, planPath);
    await go(page, () => page.getByRole('link', { name: 'Publish' }).click());
    await page.getByLabel('Reason for the change').fill('The Panel’s report has been answered');
    // The draft has no force priorities or sections: the checklist shows gaps, which the commissioner confirms.
    await page.getByLabel('I confirm publishing with these gaps').check();
    await submitAndCheck(page, 'Publish');
    expect(await page.locator('#next-step').textContent()).toContain('start the delivery plan of each financial year');

    const pub = await as('public');
    await visit(pub, `/plans/${REF}`);
    await go(pub, () => pub.getByRole('link', { name: /^Response to “Report on the draft/ }).click());
    expect(await pub.textContent('main')).toContain('each ward will hear about its patrols every month');
    const outbox = await outboxText();
    expect(outbox).toContain(`Panel’s report on “${TITLE}”`);
    expect(outbox).toContain(`The Panel’s recommendation 1 on "Report on the draft (e2e ${stamp})": response due`);
    // The subscriber receives the e-mail, with a one-click unsubscribe.
    const admin = await as('admin');
    await visit(admin, '/admin/outbox');
    const sent = admin.locator('tr', { hasText: RESIDENT }).filter({ hasText: `Published: ${TITLE}` });
    expect(await sent.count()).toBe(1);
    expect(await sent.textContent()).toContain('Unsubscribe (one click)');
  });

  it('the editor starts the first delivery plan from the priorities and gives the action to the force lead', async () => {
    const page = await as('editor');
    await visit(page, planPath);
    await go(page, () => page.getByRole('link', { name: 'Start the first delivery plan from this plan’s priorities' }).click());
    expect(await page.textContent('main')).toContain('It starts with 1 action');
    await submitAndCheck(page, 'Start the delivery plan');
    await go(page, () => page.getByRole('link', { name: /^P1-A1:/ }).click());
    actionPath = new URL(page.url()).pathname;
    await go(page, () => page.getByRole('link', { name: 'Change the action' }).click());
    await page.getByLabel('Owner').selectOption({ label: 'Frankie Lead (Cleveland Police)' });
    await submitAndCheck(page, 'Save action');
    expect(await page.textContent('main')).toContain('Frankie Lead');
  });

  it('the force lead sees the update due and sends it; the editor sees it waiting and approves it; the public sees it', async () => {
    const lead = await as('force-lead');
    await visit(lead, '/admin');
    await go(lead, () =>
      lead
        .getByRole('link', { name: /^Post the .* update on P1-A1 Patrol where residents ask us to/ })
        .first()
        .click(),
    );
    expect(new URL(lead.url()).pathname).toBe(actionPath);
    await lead.getByLabel('Date of the update').fill(iso(0));
    await lead.getByLabel('What has been done').fill(narrative);
    await lead.getByLabel('Status').selectOption('on-track');
    await lead.getByLabel('Progress (%)').fill('25');
    await submitAndCheck(lead, 'Send update for approval');
    expect(await lead.textContent('main')).toContain('Waiting for approval');

    const editor = await as('editor');
    await visit(editor, '/admin');
    expect(await editor.textContent('main')).toContain('on P1-A1 Patrol where residents ask us to');
    await visit(editor, '/admin/delivery/reviews');
    expect(await editor.textContent('main')).toContain('P1-A1: Patrol where residents ask us to');
    await visit(editor, actionPath);
    const card = editor.locator('.govuk-summary-card', { hasText: narrative });
    await go(editor, () => card.getByRole('button', { name: /^Approve and publish/ }).click());
    expect(await editor.textContent('main')).toContain('approved and published');

    const pub = await as('public');
    await visit(pub, `/plans/${REF}`);
    await go(pub, () => pub.getByRole('link', { name: /^Progress: Delivery plan/ }).click());
    await go(pub, () => pub.getByRole('link', { name: /^P1-A1:/ }).click());
    expect(await pub.textContent('main')).toContain(narrative);

    // Every hand-over's message is in the outbox.
    const outbox = await outboxText();
    expect(outbox).toContain('Update to approve: P1-A1 Patrol where residents ask us to');
    expect(outbox).toContain('Approved: your update U1 on P1-A1 Patrol where residents ask us to');
  });
});
