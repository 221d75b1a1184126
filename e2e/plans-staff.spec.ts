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

describe('staff author and publish a plan', () => {
  const reference = `e2e-plan-${Date.now()}`;
  const title = `E2E Police and Crime Plan ${reference}`;
  let planPath = '';
  let draftPath = '';

  it('an editor creates a draft plan with a priority and a commitment and sends it to the Panel', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signIn(page, 'editor');
    await expectAccessible(page);
    await visit(page, '/admin/plans');
    await go(page, () => page.getByRole('button', { name: 'Create a plan' }).click());

    // A mistake first: the error summary, then the corrected form.
    await page.getByLabel('Reference').fill(reference);
    await go(page, () => page.getByRole('button', { name: 'Create the draft plan' }).click());
    expect(await page.textContent('.govuk-error-summary')).toContain('Enter a title');
    expect(await page.getByLabel('Reference').inputValue()).toBe(reference);
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Start of the term').fill('2009-04-01');
    await page.getByLabel('End of the term').fill('2012-03-31');
    await page.getByLabel('Vision (optional)').fill('Safer, stronger communities');
    await go(page, () => page.getByRole('button', { name: 'Create the draft plan' }).click());
    expect(await page.textContent('h1')).toContain(title);
    planPath = new URL(page.url()).pathname;

    await go(page, () => page.getByRole('link', { name: 'Add a priority' }).click());
    await page.getByLabel('Title').fill('Reduce crime and harm');
    await page.getByLabel('Narrative (optional)').fill('Crime falls when neighbourhoods are policed.');
    await go(page, () => page.getByRole('button', { name: 'Add the priority' }).click());
    expect(await page.textContent('main')).toContain('Priority 1: Reduce crime and harm');

    await go(page, () => page.getByRole('link', { name: 'Add a commitment to Priority 1' }).click());
    await page.getByLabel('Commitment', { exact: true }).fill('Put more officers in neighbourhoods');
    await go(page, () => page.getByRole('button', { name: 'Add the commitment' }).click());
    expect(await page.textContent('main')).toContain('Put more officers in neighbourhoods');

    await go(page, () => page.getByRole('link', { name: 'Send to the Panel for review' }).click());
    await page.getByLabel('Reason for the change').fill('Ready for the Panel meeting');
    await go(page, () => page.getByRole('button', { name: 'Send to the Panel for review' }).click());
    expect(await page.textContent('main')).toContain('The plan is now with the Police and Crime Panel for review');
    expect(await page.getByRole('link', { name: 'Publish' }).count()).toBe(0);
    await ctx.close();
  });

  it('the commissioner publishes it, confirming the statutory gaps, and the public can read it', async () => {
    // Publishing needs the commissioner's response to the Panel's report on this draft (PRSRA 2011 s.28(3)).
    const panelCtx = await newContext(browser, { javaScriptEnabled: false });
    const panel = await panelCtx.newPage();
    await signIn(panel, 'panel-member');
    await visit(panel, `/admin/scrutiny/reports/new?planId=${encodeURIComponent(planPath.split('/').pop()!)}`);
    await panel.getByLabel('Reference').fill(`${reference}-report`);
    await panel.getByLabel('Title', { exact: true }).fill(`Report on the draft (e2e ${reference})`);
    await panel.getByLabel('Date of the report').fill(new Date().toISOString().slice(0, 10));
    await submitAndCheck(panel, 'Save');
    const reportPath = new URL(panel.url()).pathname;
    expect(reportPath).toMatch(/^\/admin\/scrutiny\/reports\/[^/]+$/);
    await panelCtx.close();

    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signIn(page, 'commissioner');
    await visit(page, `${reportPath}/response`);
    await page.getByLabel('Your response to the report').fill('The draft is changed as the Panel recommends.');
    await submitAndCheck(page, 'Record the response');
    await visit(page, planPath);
    await go(page, () => page.getByRole('link', { name: 'Publish' }).click());
    expect(await page.textContent('main')).toContain('Statutory checklist');

    await page.getByLabel('Reason for the change').fill('The Panel’s report has been considered');
    await go(page, () => page.getByRole('button', { name: 'Publish' }).click());
    expect(await page.textContent('.govuk-error-summary')).toContain('Confirm that you want to publish the plan with these gaps');
    await page.getByLabel('I confirm publishing with these gaps').check();
    await go(page, () => page.getByRole('button', { name: 'Publish' }).click());
    const main = await page.textContent('main');
    expect(main).toContain('The plan is now published');
    expect(main).toContain('Published with gaps confirmed');

    await visit(page, `${planPath}/history`);
    expect(await page.textContent('main')).toContain('Panel review → Published');
    await ctx.close();

    const pub = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    await visit(pub, '/plans');
    expect(await pub.textContent('main')).toContain(title);
    await pub.context().close();
  });

  it('a published plan is refreshed into a draft; every item form passes axe; the published one refuses changes', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signIn(page, 'editor');
    await visit(page, planPath);
    await go(page, () => page.getByRole('link', { name: 'Refresh: make a new draft version' }).click());
    await go(page, () => page.getByRole('button', { name: 'Make the draft version' }).click());
    expect(await page.textContent('main')).toContain('Made draft version 2');
    draftPath = new URL(page.url()).pathname;

    // Every kind of item form, and the details form.
    for (const link of ['Add an outcome', 'Add a force priority to Priority 1', 'Add a measure to Priority 1', 'Edit the details']) {
      await go(page, () => page.getByRole('link', { name: link }).click());
      await visit(page, draftPath);
    }
    await go(page, () => page.getByRole('link', { name: 'Add an outcome' }).click());
    await page.getByLabel('Outcome').fill('People feel safe where they live');
    await go(page, () => page.getByRole('button', { name: 'Add the outcome' }).click());
    await go(page, () => page.getByRole('link', { name: 'Edit Priority 1' }).click());
    await page.getByLabel('People feel safe where they live').check();
    await go(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await page.textContent('main')).toContain('Serves: People feel safe where they live');

    // The published version refuses changes with a page that says why.
    await page.goto(`${planPath}/edit`);
    await expectAccessible(page);
    expect(await page.textContent('main')).toContain('so it cannot be changed');
    await ctx.close();
  });

  it('on the draft version: add, reorder, edit and delete commitments, compare versions, import errors', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signIn(page, 'editor');
    await visit(page, draftPath);

    await go(page, () => page.getByRole('link', { name: 'Add a commitment to Priority 1' }).click());
    await page.getByLabel('Commitment', { exact: true }).fill('Open a neighbourhood hub in every town');
    await go(page, () => page.getByRole('button', { name: 'Add the commitment' }).click());
    await go(page, () => page.getByRole('button', { name: 'Move up commitment 2 of Priority 1' }).click());
    const commitments = await page.locator('#priorities ~ section li').allTextContents();
    expect(commitments[0]).toContain('Open a neighbourhood hub in every town');

    await go(page, () => page.getByRole('link', { name: 'Edit commitment 2 of Priority 1' }).click());
    await page.getByLabel('Commitment', { exact: true }).fill('');
    await go(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await page.textContent('.govuk-error-summary')).toContain('Enter the commitment');
    await page.getByLabel('Commitment', { exact: true }).fill('Put more officers in every neighbourhood');
    await go(page, () => page.getByRole('button', { name: 'Save' }).click());

    await go(page, () => page.getByRole('link', { name: 'Add a section' }).click());
    await page.getByLabel('Title').fill('How the Chief Constable reports to the Commissioner');
    await page.getByLabel('How the chief officer will report to the body on the policing provided').check();
    await go(page, () => page.getByRole('button', { name: 'Add the section' }).click());

    await go(page, () => page.getByRole('link', { name: 'Delete commitment 1 of Priority 1' }).click());
    expect(await page.textContent('h1')).toContain('Are you sure you want to delete the commitment');
    await go(page, () => page.getByRole('button', { name: 'Yes, delete it' }).click());

    await go(page, () => page.getByRole('link', { name: 'Compare versions' }).click());
    // What a sighted reader sees: the marked words carry hidden "taken out:"/"put in:" for screen readers.
    const diff = await page.evaluate(() => {
      const main = document.querySelector('main')!.cloneNode(true) as HTMLElement;
      main.querySelectorAll('.govuk-visually-hidden').forEach((hidden) => hidden.remove());
      return main.textContent ?? '';
    });
    expect(diff).toContain('Put more officers in neighbourhoods');
    expect(diff).toContain('Put more officers in every neighbourhood');
    expect(await page.locator('ins.app-diff__ins', { hasText: 'every' }).count()).toBeGreaterThan(0); // the changed words are marked
    expect(diff).not.toContain('Open a neighbourhood hub'); // added, then deleted: not a change between the versions

    await visit(page, '/admin/plans/import');
    await page.getByLabel('Or paste the plan file’s contents').fill('reference: e2e-broken\ntitle: ""\n');
    await go(page, () => page.getByRole('button', { name: 'Import the plan' }).click());
    expect(await page.textContent('#problems')).toContain('line 2, column');
    await page
      .getByLabel('Or paste the plan file’s contents')
      .fill('reference: e2e-broken\ntitle: A plan\nterm: { start: 2030-04-01, end: 2031-03-31 }\npriorites: []\n');
    await go(page, () => page.getByRole('button', { name: 'Import the plan' }).click());
    expect(await page.textContent('#problems')).toContain('did you mean `priorities`?');
    await ctx.close();
  });
});
