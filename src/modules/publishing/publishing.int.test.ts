import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { ROOT_DIR } from '../../db/migrate.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { DEMO_PLAN_FILES, type PlansModule } from '../plans/index.js';

let t: TestApp;
let anon: Agent;
let plans: PlansModule['service'];
let emptyHome: { statusCode: number; body: string };

beforeAll(async () => {
  t = await buildTestApp();
  anon = t.anonymous();
  plans = (t.modules.find((m) => m.name === 'plans') as PlansModule).service;
  emptyHome = await anon.get('/'); // before any plan exists
  // The plans in order: each file names the plan it follows, which must be there first.
  for (const f of DEMO_PLAN_FILES) await plans.importPlan(SYSTEM_ACTOR, readFileSync(join(ROOT_DIR, 'seeds', 'plans', f), 'utf8'));
  await plans.create(
    { id: null, label: 'test', role: 'editor' },
    { reference: 'draft-2030', title: 'Unpublished draft plan', termStart: '2030-01-01', termEnd: '2034-01-01', priorityLabel: 'Priority' },
  );
});
afterAll(async () => {
  await t?.close();
});

describe('home page', () => {
  it('works when there is no plan yet', () => {
    expect(emptyHome.statusCode).toBe(200);
    const text = textOf(emptyHome.body);
    expect(text).toContain('has not been published yet');
    expect(emptyHome.body).toContain('href="/plans"');
    expect(emptyHome.body).toContain('href="/open-data"');
  });

  it('shows the current plan’s vision and its priorities linking to their pages, and no draft', async () => {
    const res = await anon.get('/');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Safe, strong and confident communities');
    for (let n = 1; n <= 6; n++) expect(res.body).toContain(`href="/plans/cleveland-2024-29/priorities/P${n}"`);
    expect(text).toContain('Reduce crime, antisocial behaviour and harm');
    expect(text).not.toContain('Unpublished draft plan');
  });

  it('takes the public navigation from the modules’ manifests', async () => {
    const res = await anon.get('/');
    for (const item of t.modules.flatMap((m) => m.publicNav ?? [])) expect(res.body).toContain(`href="${item.href}"`);
    expect(res.body).toMatch(/<nav[^>]*aria-label="Main navigation"[\s\S]*Open data/);
  });
});

describe('open data', () => {
  it('lists every module’s datasets with the OGL v3.0 licence and attribution', async () => {
    const res = await anon.get('/open-data');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    const datasets = t.modules.flatMap((m) => m.openData ?? []);
    expect(datasets.length).toBeGreaterThan(0);
    for (const d of datasets) {
      expect(text).toContain(d.title);
      for (const f of d.formats) expect(res.body).toContain(`href="${f.href}"`);
    }
    expect(res.body).toContain('href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"');
    const area = await t.platform.settings.getArea();
    expect(text).toContain(`Contains public sector information from ${area.bodyName} licensed under the Open Government Licence v3.0`);
  });

  it('offers each public plan in Word, PDF and JSON, never a draft', async () => {
    const res = await anon.get('/open-data');
    expect(res.body).toContain('href="/plans/cleveland-2024-29/plan.docx"');
    expect(res.body).toContain('href="/plans/cleveland-2024-29/plan.pdf"');
    expect(res.body).toContain('href="/plans/cleveland-2024-29/plan.json"');
    expect(res.body).not.toContain('draft-2030');
  });
});

describe('open data catalogue as JSON', () => {
  it('lists every module’s datasets and each public plan, never a draft', async () => {
    const res = await anon.get('/open-data/catalogue.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const json = JSON.parse(res.body) as { licence: { name: string }; datasets: { title: string; distributions: { url: string }[] }[] };
    expect(json.licence.name).toBe('Open Government Licence v3.0');
    for (const d of t.modules.flatMap((m) => m.openData ?? [])) expect(json.datasets.map((x) => x.title)).toContain(d.title);
    expect(json.datasets.flatMap((d) => d.distributions.map((x) => x.url))).toContain(`${t.platform.config.baseUrl}/plans/cleveland-2024-29/plan.docx`);
    expect(res.body).not.toContain('draft-2030');
  });
});

describe('accessibility statement', () => {
  it('is published in the body’s name with the enforcement procedure', async () => {
    const res = await anon.get('/accessibility');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    const area = await t.platform.settings.getArea();
    expect(text).toContain(`This website is run by ${area.bodyName}`);
    expect(text).toContain('Enforcement procedure');
    expect(text).toContain('WCAG');
  });
});
