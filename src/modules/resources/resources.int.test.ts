import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { CLEVELAND_SETTINGS } from '../../platform/demo.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { listAudit } from '../../platform/audit.js';
import type { ResourcesModule } from './index.js';
import { addDays } from '../../platform/dates.js';

let t: TestApp;
let resources: ResourcesModule;
let anon: Agent;
let editor: Agent;
let openRoundId: string;

beforeAll(async () => {
  t = await buildTestApp();
  // Every test sees the same day: the demo's open round and contract end dates are counted from it.
  t.clock.set('2026-06-01');
  await t.platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  await t.modules.find((m) => m.name === 'plans')!.loadDemo!();
  resources = t.modules.find((m) => m.name === 'resources') as ResourcesModule;
  await resources.loadDemo!();
  anon = t.anonymous();
  editor = await t.signInAs('editor', { email: 'resources-editor@test.openpcc.test', name: 'Resa Editor' });
  const open = await resources.service.listOpenRounds();
  openRoundId = open[0].round.id;
});
afterAll(async () => {
  await t?.close();
});

describe('workforce and finance from the 2014/17 refresh', () => {
  it('shows the seed figures for 2013/14 to 2016/17 exactly and the Specials target line', async () => {
    for (const url of ['/resources/workforce', '/admin/resources/workforce']) {
      const res = await (url.startsWith('/admin') ? editor : anon).get(url);
      expect(res.statusCode).toBe(200);
      const text = textOf(res.body);
      // Each row: year, actual, plan, difference, and the source of its figures (the seed document).
      const rows = (figures: string[]) =>
        new RegExp(figures.map((f) => `${f.replace('/', '\\/')} Police and Crime Plan 2014\\/17 refresh \\(March 2014\\)`).join(' '));
      expect(text).toMatch(rows(['2013/14 – 1,441 –', '2014/15 – 1,378 –', '2015/16 – 1,349 –', '2016/17 – 1,349 –']));
      expect(text).toMatch(rows(['2013/14 – 158 –', '2014/15 – 145 –', '2015/16 – 132 –', '2016/17 – 132 –']));
      expect(text).toContain('Target: Special Constables to 200 by 2014/15');
      expect(text).toContain('Increase the number of special constables by 2014/15');
      expect(res.body).toContain('role="img"');
    }
  });
  it('shows the funding forecast, every figure read as thousands, and the OPCC budget cut', async () => {
    const text = textOf((await anon.get('/resources/finance')).body);
    expect(text).toMatch(/2013\/14 £137,458k £137,458,000 2014\/15 £134,253k £134,253,000 2015\/16 £130,397k £130,397,000 2016\/17 £127,937k £127,937,000/);
    expect(text).toContain('OPCC budget reduction compared with Cleveland Police Authority');
    expect(text).toContain('−£270,000');
    expect(text).toContain('A 23% reduction');
  });
  it('gives precept scenarios from a tax base and band D change', async () => {
    const text = textOf((await editor.get('/admin/resources/finance?taxBase=150000&bandD=300&change=15')).body);
    expect(text).toContain('Increase of £15 a year (proposed) £315.00 5% £47,250,000 £2,250,000');
    const bad = await editor.get('/admin/resources/finance?taxBase=lots&bandD=300&change=15');
    expect(textOf(bad.body)).toContain('There is a problem Enter the tax base as a number');
  });
  it('records a workforce figure through the form, and refuses an analyst', async () => {
    const ok = await editor.submit('/admin/resources/workforce/figures', {
      financialYear: '2016/17',
      category: 'special-constables',
      kind: 'actual',
      fte: '187',
      source: 'test',
    });
    expect(ok.statusCode).toBe(303);
    expect(textOf((await anon.get('/resources/workforce')).body)).toMatch(/Special Constables.*2016\/17 187/);
    const bad = await editor.submit('/admin/resources/workforce/figures', { financialYear: '2016/18', category: 'pcsos', kind: 'actual', fte: '-1' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Enter a financial year like 2025/26');
    expect(bad.body).toContain('value="2016/18"');
    const analyst = await t.signInAs('analyst');
    expect(
      (await analyst.submit('/admin/resources/workforce/figures', { financialYear: '2016/17', category: 'pcsos', kind: 'actual', fte: '1' })).statusCode,
    ).toBe(403);
  });
  it('allocates a spending line to a plan priority and shows the priority', async () => {
    const bad = await editor.submit('/admin/resources/finance/lines', {
      financialYear: '2025/26',
      kind: 'spending',
      category: 'Commissioning',
      label: 'Victims services',
      forecast: '1,200,000',
      priority: 'cleveland-2024-29/P99',
    });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('The plan cleveland-2024-29 has no priority P99');
    const ok = await editor.submit('/admin/resources/finance/lines', {
      financialYear: '2025/26',
      kind: 'spending',
      category: 'Commissioning',
      label: 'Victims services',
      forecast: '1,200,000',
      actual: '1,150,000',
      priority: 'cleveland-2024-29/P4',
    });
    expect(ok.statusCode).toBe(303);
    const text = textOf((await anon.get('/resources/finance')).body);
    expect(text).toContain('Victims services Commissioning £1,200,000 £1,150,000 −£50,000 Ensure the right support for victims and vulnerable people');
  });
  it('saves a tax base and starts the precept calculator from it', async () => {
    const bad = await editor.submit('/admin/resources/finance/precept-base', { financialYear: '2026/27', taxBase: '', bandD: '310.50' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#base-taxBase"');
    expect((await editor.submit('/admin/resources/finance/precept-base', { financialYear: '2026/27', taxBase: '152,345.6', bandD: '310.50' })).statusCode).toBe(
      303,
    );
    const page = (await editor.get('/admin/resources/finance')).body;
    expect(page).toContain('id="taxBase" name="taxBase" type="text" value="152345.6"');
    expect(page).toContain('value="310.50"');
  });
  it('gives the summary as Word and PDF', async () => {
    const docx = await editor.get('/admin/resources/finance/summary.docx');
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await editor.get('/admin/resources/finance/summary.pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('the Property Act Fund', () => {
  it('lists the 46 demo awards totalling exactly £39,000', async () => {
    const text = textOf((await anon.get('/resources/grants/awards')).body);
    expect(text).toContain('Grants awarded £39,000 to 46 projects');
    expect(text).toContain('Total (46 projects) £39,000');
    expect(text).toContain('Demo community group 46');
    const api = JSON.parse((await anon.get('/api/v1/resources/grants')).body);
    const property = api.data.filter((a: { round: string }) => a.round === 'Property Act Fund 2013');
    expect(property).toHaveLength(46);
    expect(property.reduce((s: number, a: { amountPence: number }) => s + a.amountPence, 0)).toBe(3_900_000);
  });
});

describe('apply → assess → award', () => {
  let applicationId: string;
  const form = {
    organisation: 'Hartlepool <b>Youth</b> Trust',
    contactName: 'Sam Applicant',
    contactEmail: 'sam@example.org',
    project: 'Safer streets after dark',
    description: 'Evening youth sessions.',
    amount: '2,500',
    priority: 'P1',
    area: 'Hartlepool',
  };

  it('shows the public form to a visitor who is not signed in', async () => {
    const res = await anon.get(`/resources/grants/rounds/${openRoundId}/apply`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('You do not need an account');
    expect(res.body).toContain('name="website"');
  });
  it('shows the error summary and keeps what was typed', async () => {
    const res = await anon.submit(`/resources/grants/rounds/${openRoundId}/apply`, { ...form, contactEmail: 'not-an-email', amount: 'lots', priority: '' });
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Enter an email address in the correct format');
    expect(text).toContain('Enter the amount you are asking for in pounds');
    expect(text).toContain('Choose the priority your project serves');
    expect(res.body).toContain('href="#contactEmail"');
    expect(res.body).toContain('value="Hartlepool &lt;b&gt;Youth&lt;/b&gt; Trust"');
  });
  it('refuses more than the round allows', async () => {
    const res = await anon.submit(`/resources/grants/rounds/${openRoundId}/apply`, { ...form, amount: '9000' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('The most you can ask for is £5,000');
  });
  it('drops a submission that fills the honeypot', async () => {
    const before = (await resources.service.roundOverview(openRoundId))!.applications.length;
    const res = await anon.submit(`/resources/grants/rounds/${openRoundId}/apply`, { ...form, website: 'http://spam.example' });
    expect(res.statusCode).toBe(303);
    expect((await resources.service.roundOverview(openRoundId))!.applications.length).toBe(before);
  });
  it('accepts an application without signing in and gives a reference', async () => {
    const res = await anon.submit(`/resources/grants/rounds/${openRoundId}/apply`, form);
    expect(res.statusCode).toBe(303);
    const reference = /reference=(GA-[A-Z0-9]+)/.exec(res.headers.location as string)![1];
    const done = await anon.get(res.headers.location as string);
    expect(textOf(done.body)).toContain(`Application received Your reference is ${reference}`);
    const app = (await resources.service.roundOverview(openRoundId))!.applications.find((a) => a.reference === reference)!;
    expect(app.organisation).toBe('Hartlepool <b>Youth</b> Trust');
    expect(app.amountPence).toBe(250_000);
    applicationId = app.id;
  });

  it('an assessor with a declared conflict cannot score that application', async () => {
    const admin = await t.signInAs('admin');
    const me = (await t.platform.users.findByEmail('resources-editor@test.openpcc.test'))!;
    expect((await admin.submit(`/admin/resources/grants/rounds/${openRoundId}/assessors`, { userId: me.id })).statusCode).toBe(303);
    // Scoring before declaring is refused too.
    const early = await editor.submit(`/admin/resources/grants/applications/${applicationId}/score`, { 'score-c1': '4', 'score-c2': '4', 'score-c3': '4' });
    expect(early.statusCode).toBe(403);
    expect(textOf(early.body)).toContain('Declare whether you have a conflict of interest before scoring');
    const missing = await editor.submit(`/admin/resources/grants/applications/${applicationId}/declaration`, { hasConflict: 'yes' });
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing.body)).toContain('Describe the conflict of interest');
    const declared = await editor.submit(`/admin/resources/grants/applications/${applicationId}/declaration`, {
      hasConflict: 'yes',
      detail: 'I am a trustee of the applicant',
    });
    expect(declared.statusCode).toBe(303);
    const page = textOf((await editor.get(`/admin/resources/grants/applications/${applicationId}`)).body);
    expect(page).toContain('You declared a conflict of interest with this application, so you cannot score it');
    const res = await editor.submit(`/admin/resources/grants/applications/${applicationId}/score`, { 'score-c1': '5', 'score-c2': '5', 'score-c3': '5' });
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain('You declared a conflict of interest with this application, so you cannot score it');
    // The rule holds in the service, whatever the route.
    await expect(
      resources.service.scoreApplication({ id: me.id, label: me.email, role: 'editor' }, applicationId, { scores: { c1: 5, c2: 5, c3: 5 } }),
    ).rejects.toThrow(/conflict of interest/);
    // A conflict cannot be withdrawn to get round the rule.
    await expect(resources.service.declareConflict({ id: me.id, label: me.email, role: 'editor' }, applicationId, { hasConflict: false })).rejects.toThrow(
      /cannot be withdrawn/,
    );
    expect((await resources.service.getApplication(applicationId))!.scores).toEqual([]);
  });

  it('an assessor without a conflict scores against the published criteria', async () => {
    const analyst = await t.signInAs('analyst', { email: 'resources-analyst@test.openpcc.test' });
    const u = (await t.platform.users.findByEmail('resources-analyst@test.openpcc.test'))!;
    await resources.service.assignAssessor(SYSTEM_ACTOR, openRoundId, u.id);
    expect((await analyst.submit(`/admin/resources/grants/applications/${applicationId}/declaration`, { hasConflict: 'no' })).statusCode).toBe(303);
    const over = await analyst.submit(`/admin/resources/grants/applications/${applicationId}/score`, { 'score-c1': '9', 'score-c2': '3', 'score-c3': '' });
    expect(over.statusCode).toBe(400);
    expect(textOf(over.body)).toMatch(/must be from 0 to 5/);
    expect(over.body).toContain('value="9"');
    expect(
      (
        await analyst.submit(`/admin/resources/grants/applications/${applicationId}/score`, {
          'score-c1': '4',
          'score-c2': '3',
          'score-c3': '5',
          comment: 'Good',
        })
      ).statusCode,
    ).toBe(303);
    expect((await resources.service.getApplication(applicationId))!.scores.map((s) => s.total)).toEqual([12]);
    // A panel member cannot be made an assessor.
    const panel = await t.signInAs('panel-member', { email: 'resources-panel@test.openpcc.test' });
    void panel;
    const p = (await t.platform.users.findByEmail('resources-panel@test.openpcc.test'))!;
    await expect(resources.service.assignAssessor(SYSTEM_ACTOR, openRoundId, p.id)).rejects.toThrow(/Only editors, analysts and the commissioner/);
  });

  it('an award appears on the public page with the right totals', async () => {
    const analyst = await t.signInAs('analyst');
    expect((await analyst.submit(`/admin/resources/grants/applications/${applicationId}/decision`, { decision: 'award' })).statusCode).toBe(403);
    const res = await editor.submit(`/admin/resources/grants/applications/${applicationId}/decision`, { decision: 'award', amount: '2,000' });
    expect(res.statusCode).toBe(303);
    const page = await anon.get('/resources/grants/awards');
    const text = textOf(page.body);
    expect(text).toContain('£41,000 to 47 projects');
    expect(text).toMatch(/Hartlepool <b>Youth<\/b> Trust Safer streets after dark Hartlepool .* £2,000/);
    expect(page.body).not.toContain('<b>Youth</b>');
    const csv = (await anon.get('/resources/grants.csv')).body;
    expect(csv).toContain('Hartlepool <b>Youth</b> Trust,Safer streets after dark,Hartlepool,2000.00');
    // Payments cannot exceed the award.
    const award = (await resources.service.getApplication(applicationId))!.award!;
    const over = await editor.submit(`/admin/resources/grants/awards/${award.id}/payments`, { applicationId, amount: '2,500', paidOn: '2026-01-10' });
    expect(over.statusCode).toBe(400);
    expect(textOf(over.body)).toContain('Payments cannot exceed the award');
    expect(
      (await editor.submit(`/admin/resources/grants/awards/${award.id}/payments`, { applicationId, amount: '1,000', paidOn: '2026-01-10' })).statusCode,
    ).toBe(303);
  });

  it('the grantee sends a monitoring return with the reference and email', async () => {
    const app = (await resources.service.getApplication(applicationId))!.application;
    const wrong = await anon.submit('/resources/grants/monitoring', { reference: app.reference, contactEmail: 'someone@else.org', summary: 'x' });
    expect(wrong.statusCode).toBe(400);
    expect(textOf(wrong.body)).toContain('We could not find an award with that reference and email address');
    const ok = await anon.submit('/resources/grants/monitoring', {
      reference: app.reference.toLowerCase(),
      contactEmail: 'SAM@example.org',
      summary: '40 young people attended.',
      peopleReached: '40',
    });
    expect(ok.statusCode).toBe(200);
    expect((await resources.service.getApplication(applicationId))!.monitoring).toHaveLength(1);
  });
});

describe('commissioned services', () => {
  it('links the demo victims services to the 2024–29 priorities', async () => {
    const text = textOf((await anon.get('/resources/contracts')).body);
    expect(text).toContain('Ministry of Justice victims grant');
    expect(text).toContain('Ensure the right support for victims and vulnerable people');
  });
  it('a contract ending within 90 days produces a reminder, once', async () => {
    const today = t.clock.today();
    const base = {
      provider: 'Reminder Test Provider',
      service: 'Test service',
      valuePence: 2_000_000,
      startDate: '2024-04-01',
      fundingSource: 'Ministry of Justice victims grant',
      livingWage: 'pays' as const,
      priorityReferences: [],
    };
    const soon = await resources.service.saveContract(SYSTEM_ACTOR, {
      ...base,
      reference: 'REM-SOON',
      endDate: addDays(today, 30),
      contactEmail: 'commissioning@example.org',
    });
    await resources.service.saveContract(SYSTEM_ACTOR, { ...base, reference: 'REM-LATER', endDate: addDays(today, 120), contactEmail: 'later@example.org' });
    const outboxFor = async (to: string) => (await t.platform.mailer.list(500)).filter((m) => m.toAddress === to);
    // Through the scheduled task the module starts.
    await resources.start!();
    await t.platform.jobs.runSchedules();
    const sent = await outboxFor('commissioning@example.org');
    expect(sent).toHaveLength(1);
    expect(sent[0].subject).toBe('Contract ending in 30 days: Test service (Reminder Test Provider)');
    expect(await outboxFor('later@example.org')).toHaveLength(0);
    // Again: nothing more.
    expect(await resources.service.sendContractEndingReminders()).toBe(0);
    expect(await outboxFor('commissioning@example.org')).toHaveLength(1);
    const page = textOf((await editor.get(`/admin/resources/contracts/${soon.id}`)).body);
    expect(page).toContain('Reminder sent Yes');
    expect(page).toContain('Ends in 30 days');
  });
  it('adds a contract through the form with errors kept, and records a quarterly return', async () => {
    const bad = await editor.submit('/admin/resources/contracts', {
      reference: 'C-1',
      provider: 'P',
      service: 'S',
      value: '£12,000',
      startDate: '2025-04-01',
      endDate: '2025-03-01',
      fundingSource: 'MoJ',
      livingWage: 'pays',
      planReference: 'cleveland-2024-29',
      priorities: ['P4'],
    });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('The end date must be on or after the start date');
    const ok = await editor.submit('/admin/resources/contracts', {
      reference: 'C-1',
      provider: 'P',
      service: 'S',
      value: '£12,000',
      startDate: '2025-04-01',
      endDate: '2027-03-31',
      fundingSource: 'MoJ',
      livingWage: 'pays',
      planReference: 'cleveland-2024-29',
      priorities: ['P4'],
    });
    expect(ok.statusCode).toBe(303);
    const url = ok.headers.location as string;
    expect(
      (await editor.submit(`${url}/returns`, { quarter: '2025/26 Q1', outputs: '10 referrals', outcomes: '8 improved', peopleSupported: '10' })).statusCode,
    ).toBe(303);
    const dup = await editor.submit(`${url}/returns`, { quarter: '2025/26 Q1', outputs: 'again', outcomes: 'again' });
    expect(dup.statusCode).toBe(400);
    expect(textOf(dup.body)).toContain('The return for 2025/26 Q1 has already been recorded');
    const api = JSON.parse((await anon.get('/api/v1/resources/contracts')).body);
    expect(api.data.find((c: { reference: string }) => c.reference === 'C-1')).toMatchObject({ valuePence: 1_200_000, priorities: [{ reference: 'P4' }] });
  });
});

describe('changing a commissioned service', () => {
  it('is linked from the list and the contract page, starts from what is stored, keeps what was typed on errors, and is audited', async () => {
    const base = {
      provider: 'Edit Test Provider',
      service: 'Advocacy',
      valuePence: 1_250_050,
      startDate: '2025-04-01',
      endDate: '2027-03-31',
      fundingSource: 'MoJ',
      livingWage: 'pays' as const,
      planReference: 'cleveland-2024-29',
      priorityReferences: ['P4'],
      contactEmail: 'edit@example.org',
    };
    const c = await resources.service.saveContract(SYSTEM_ACTOR, { ...base, reference: 'EDIT-1' });
    await resources.service.saveContract(SYSTEM_ACTOR, { ...base, reference: 'EDIT-OTHER' });
    const edit = `/admin/resources/contracts/${c.id}/edit`;
    expect((await editor.get('/admin/resources/contracts')).body).toContain(`href="${edit}"`);
    expect((await editor.get(`/admin/resources/contracts/${c.id}`)).body).toContain(`href="${edit}"`);

    const form = await editor.get(edit);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="12,500.50"');
    expect(form.body).toContain('value="edit@example.org"');
    expect(form.body).toMatch(/<input[^>]*name="priorities"[^>]*value="P4"[^>]*checked/);
    expect(form.body).toMatch(/<input[^>]*name="livingWage"[^>]*value="pays"[^>]*checked/);

    const typed = {
      reference: 'EDIT-1',
      provider: 'Edit Test Provider',
      service: 'Typed service kept',
      value: '£15,000',
      startDate: '2025-04-01',
      endDate: '2024-01-01',
      fundingSource: 'MoJ',
      livingWage: 'pays',
      planReference: 'cleveland-2024-29',
      priorities: ['P4', 'P3'],
    };
    const bad = await editor.submit(edit, typed);
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('There is a problem The end date must be on or after the start date');
    expect(bad.body).toContain('value="Typed service kept"');
    expect(bad.body).toMatch(/<input[^>]*name="priorities"[^>]*value="P3"[^>]*checked/);
    const clash = await editor.submit(edit, { ...typed, reference: 'EDIT-OTHER', endDate: '2027-03-31' });
    expect(clash.statusCode).toBe(400);
    expect(textOf(clash.body)).toContain('A contract with the reference EDIT-OTHER already exists');

    const analyst = await t.signInAs('analyst');
    expect((await analyst.get(edit)).statusCode).toBe(403);
    expect((await analyst.submit(edit, { ...typed, endDate: '2028-03-31' })).statusCode).toBe(403);
    expect((await anon.get(edit)).statusCode).toBe(302);

    const ok = await editor.submit(edit, { ...typed, endDate: '2028-03-31' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/admin/resources/contracts/${c.id}`);
    const after = (await resources.service.getContract(c.id))!;
    expect(after).toMatchObject({
      reference: 'EDIT-1',
      service: 'Typed service kept',
      valuePence: 1_500_000,
      endDate: '2028-03-31',
      priorityReferences: ['P4', 'P3'],
      contactEmail: null,
    });
    expect((await resources.service.listContracts()).filter((x) => x.provider === 'Edit Test Provider')).toHaveLength(2);
    const audit = await listAudit(t.db.db, { entityType: 'contract' });
    expect(audit.rows.find((r) => r.entityId === c.id && r.action === 'contract.update')).toBeTruthy();
    expect(textOf((await anon.get('/resources/contracts')).body)).toContain('Typed service kept');
  });
});

describe('staff pages', () => {
  it('every staff page renders for an editor and refuses the public', async () => {
    const o = await resources.service.roundOverview(openRoundId);
    for (const url of [
      '/admin/resources',
      '/admin/resources/finance',
      '/admin/resources/spending',
      '/admin/resources/contracts',
      '/admin/resources/contracts/new',
      '/admin/resources/grants',
      `/admin/resources/grants/rounds/${openRoundId}`,
      `/admin/resources/grants/funds/${o!.round.fundId}/rounds/new`,
    ]) {
      expect((await editor.get(url)).statusCode, url).toBe(200);
      expect((await anon.get(url)).statusCode, url).toBe(302);
    }
    for (const url of ['/resources', '/resources/grants', '/resources/contracts', '/resources/spending', '/resources/grants/monitoring'])
      expect((await anon.get(url)).statusCode, url).toBe(200);
  });
});

describe('rate limit on the public form', () => {
  it('refuses a flood of applications from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await anon.submit(`/resources/grants/rounds/${openRoundId}/apply`, { organisation: '' })).statusCode);
    expect(statuses).toContain(429);
  });
});
