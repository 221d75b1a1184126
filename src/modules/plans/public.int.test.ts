import { run } from '../../../test/helpers/run.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { ROOT_DIR } from '../../db/migrate.js';
import { formatDate } from '../../platform/views.js';
import { SYSTEM_ACTOR, type Actor } from '../../platform/roles.js';
import { DOCX_CONTENT_TYPE } from './export/planDocx.js';
import { documentText, unzipText } from './export/readDocx.js';
import { DEMO_PLAN_FILES, type PlansModule } from './index.js';
import type { Plan } from './plansRepository.js';

let t: TestApp;
let plans: PlansModule['service'];
let anon: Agent;
const editorActor: Actor = { id: null, label: 'test editor', role: 'editor' };

/** Plans the public must never see, one per status that is not public. */
const hidden: Record<'draft' | 'consultation' | 'panel-review' | 'refresh', Plan> = {} as never;

beforeAll(async () => {
  t = await buildTestApp();
  plans = (t.modules.find((m) => m.name === 'plans') as PlansModule).service;
  for (const f of DEMO_PLAN_FILES) await plans.importPlan(SYSTEM_ACTOR, readFileSync(join(ROOT_DIR, 'seeds', 'plans', f), 'utf8'));
  for (const status of ['draft', 'consultation', 'panel-review'] as const) {
    const p = await plans.create(editorActor, {
      reference: `secret-${status}`,
      title: `Secret ${status} plan`,
      termStart: '2030-04-01',
      termEnd: '2034-03-31',
      priorityLabel: 'Priority',
    });
    await plans.addItem(editorActor, 'priority', p.id, { title: `Secret ${status} priority`, reference: 'P1' });
    if (status !== 'draft') await plans.transition(editorActor, p.id, status, 'testing');
    hidden[status] = p;
  }
  const current = (await plans.current())!;
  hidden.refresh = await plans.refresh(editorActor, current.id, { title: 'Secret refreshed draft' });
  anon = t.anonymous();
});
afterAll(async () => {
  await t?.close();
});

describe('public plans list', () => {
  it('shows the current plan and past plans, superseded ones marked, with their lineage', async () => {
    const res = await anon.get('/plans');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    const current = text.indexOf('Current plan');
    const past = text.indexOf('Past plans');
    expect(current).toBeGreaterThan(-1);
    expect(text.indexOf('Police and Crime Plan 2024–2029')).toBeGreaterThan(current);
    expect(text.indexOf('Police and Crime Plan 2024–2029')).toBeLessThan(past);
    for (const title of ['Police and Crime Plan 2021–2024', 'Police and Crime Plan 2014/17', 'Police and Crime Plan 2013–2016'])
      expect(text.indexOf(title)).toBeGreaterThan(past);
    expect(text.match(/Superseded/g)?.length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/Superseded by Police and Crime Plan 2014\/17/);
    expect(text).toMatch(/Refreshes Police and Crime Plan 2013–2016/);
    expect(res.body).toContain('href="/plans/cleveland-2024-29"');
  });

  it('never lists a plan that is not public', async () => {
    const text = textOf((await anon.get('/plans')).body);
    expect(text).not.toContain('Secret');
  });
});

describe('public plan page', () => {
  it('shows the vision and the six priorities in order, labelled and linked', async () => {
    const res = await anon.get('/plans/cleveland-2024-29');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Safe, strong and confident communities');
    const titles = [
      'Reduce crime, antisocial behaviour and harm',
      'Deliver more visible and effective policing',
      'Improve safety for women and girls',
      'Ensure the right support for victims and vulnerable people',
      'Build trust and confidence in policing and the criminal justice system',
      'Prevent offending and re-offending',
    ];
    let last = -1;
    titles.forEach((title, i) => {
      const at = text.indexOf(`Priority objective ${i + 1} ${title}`);
      expect(at, title).toBeGreaterThan(last);
      last = at;
      expect(res.body).toContain(`href="/plans/cleveland-2024-29/priorities/P${i + 1}"`);
    });
    expect(text).toContain('How the plan was developed'); // a section
    expect(res.body).toContain('href="/plans/cleveland-2024-29/plan.docx"');
    expect(text).not.toContain('superseded by');
  });

  it('shows a refresh’s lineage and the force priorities and performance tables', async () => {
    const text = textOf((await anon.get('/plans/cleveland-2013-16')).body);
    expect(text).toContain('This version has been superseded by Police and Crime Plan 2014/17 (version 2, superseded, published March 2014)');
    expect(text).toMatch(
      /Force priorities under each objective Objective Force priority Areas of focus Lead Objective 1: Retain and develop neighbourhood policing Reduce neighbourhood crime Antisocial behaviour and criminal damage; House burglary; Personal robbery/,
    );
    expect(text).toContain('How performance against each objective will be measured');
    const refresh = textOf((await anon.get('/plans/cleveland-2014-17')).body);
    expect(refresh).toContain('This version refreshes Police and Crime Plan 2013–2016 (version 1, superseded)');
  });

  it('shows values, mission and outcomes of a plan that has them', async () => {
    const text = textOf((await anon.get('/plans/cleveland-2021-24')).body);
    expect(text).toContain('Mission Holding the Police to account');
    expect(text).toContain('Openness and Transparency');
    expect(text).toContain('To build public confidence and put the pride back into Cleveland Police');
    expect(text).toContain('Point 10');
  });

  it('sends an address by id to the address by reference', async () => {
    const current = (await plans.current())!;
    const res = await anon.get(`/plans/${current.id}`);
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/plans/cleveland-2024-29');
  });

  it('does not offer the draft refresh of the current plan as its successor', async () => {
    const text = textOf((await anon.get('/plans/cleveland-2024-29')).body);
    expect(text).not.toContain('Secret refreshed draft');
    expect(text).not.toContain('superseded');
  });
});

describe('when a plan was published and last updated', () => {
  it('shows the plan’s own publication date (not the day it was imported) and when its record was last updated', async () => {
    const plan = (await plans.getTreeByReference('cleveland-2024-29'))!;
    const text = textOf((await anon.get('/plans/cleveland-2024-29')).body);
    expect(text).toContain('Published: December 2024');
    expect(text).toMatch(/Reviewed by the [^:]*Panel: 12 November 2024/);
    expect(text).toContain('Public consultation: Closed 1 September 2024');
    expect(text).toContain(`Record last updated: ${formatDate(plan.updatedAt)}`);
  });

  it('shows no publication date for a plan whose file gives none', async () => {
    const text = textOf((await anon.get('/plans/cleveland-2021-24')).body);
    expect(text).not.toMatch(/Published: /);
    expect(text).toContain('Made by: Steve Turner, Police and Crime Commissioner for Cleveland');
  });
});

describe('links other modules add to a plan page', () => {
  it('shows each group of links to the public and to staff, escaped, and leaves out empty groups', async () => {
    const seen: string[] = [];
    plans.addPageLinks(async (plan, reader) => {
      seen.push(`${reader.audience}:${plan.reference}`);
      if (plan.reference !== 'cleveland-2024-29') return null;
      return { heading: 'Test links <b>about</b> it', links: [{ text: `For the ${reader.audience} <script>`, href: '/somewhere', hint: 'A hint & more' }] };
    });
    plans.addPageLinks(async () => ({ heading: 'An empty group', links: [] }));
    t.platform.pageCache.clear(); // modules add their links at start-up; this test adds them later
    const res = await anon.get('/plans/cleveland-2024-29');
    expect(textOf(res.body)).toContain('Test links <b>about</b> it For the public <script> A hint & more');
    expect(res.body).not.toContain('<b>about</b>');
    expect(res.body).not.toContain('An empty group');
    expect(textOf((await anon.get('/plans/cleveland-2021-24')).body)).not.toContain('Test links');
    const editor = await t.signInAs('editor');
    const current = (await plans.getTreeByReference('cleveland-2024-29'))!;
    expect(textOf((await editor.get(`/admin/plans/${current.id}`)).body)).toContain('Test links <b>about</b> it For the staff <script>');
    expect(seen).toEqual(expect.arrayContaining(['public:cleveland-2024-29', 'public:cleveland-2021-24', 'staff:cleveland-2024-29']));
  });
});

describe('public priority page', () => {
  it('shows narrative, commitments in order, force priorities with leads and areas of focus, measures', async () => {
    const res = await anon.get('/plans/cleveland-2013-16/priorities/P2');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Objective 2');
    expect(text).toContain('Ensure a better deal for victims and witnesses');
    expect(text).toContain('Crime can and does wreck lives');
    const tree = (await plans.getPublicTree('cleveland-2013-16'))!;
    const p2 = tree.priorities[1];
    let last = -1;
    for (const c of p2.commitments) {
      const at = text.indexOf(c.title);
      expect(at, c.title).toBeGreaterThan(last);
      last = at;
    }
    for (const f of p2.forcePriorities) {
      expect(text).toContain(f.title);
      for (const a of f.areasOfFocus) expect(text).toContain(a);
    }
    expect(text).toContain('Measures');
    expect(text).toContain(p2.measures[0].measure);
    expect(res.body).toContain('href="/plans/cleveland-2013-16/priorities/P1"'); // previous
    expect(res.body).toContain('href="/plans/cleveland-2013-16/priorities/P3"'); // next
  });

  it('shows achievements and planned actions of an annual refresh', async () => {
    const text = textOf((await anon.get('/plans/cleveland-2014-17/priorities/P1')).body);
    expect(text).toContain('In the past year I have…');
    expect(text).toContain('In the coming year I will…');
    expect(text).toContain('increase the number of Special Constables to 200');
  });

  it('says only what is recorded of a priority with no more than a title, and names its pages with a proper plural', async () => {
    const empty = textOf((await anon.get('/plans/cleveland-2024-29/priorities/P1')).body);
    expect(empty).toContain('Only the title of this priority objective is recorded here.');
    expect(empty).not.toContain('without further detail');
    const file = `reference: plural-test\ntitle: Plural test\nterm:\n  start: 2020-04-01\n  end: 2023-03-31\nstatus: superseded\npriorityLabel: Priority\npriorities:\n  - reference: P1\n    title: First\n  - reference: P2\n    title: Second\n`;
    await plans.importPlan(SYSTEM_ACTOR, file);
    const page = (await anon.get('/plans/plural-test/priorities/P1')).body;
    expect(page).toContain('aria-label="Priorities"');
    expect(page).not.toContain('Prioritys');
    const draft = await plans.create(editorActor, {
      reference: 'plural-draft',
      title: 'Plural draft',
      termStart: '2030-04-01',
      termEnd: '2034-03-31',
      priorityLabel: 'Priority',
    });
    await plans.transition(editorActor, draft.id, 'consultation', 'testing');
    expect(textOf((await anon.get('/plans/plural-draft/draft')).body)).toContain('The draft has no priorities yet.');
  });

  it('is a 404 for a priority the plan does not have', async () => {
    expect((await anon.get('/plans/cleveland-2024-29/priorities/P99')).statusCode).toBe(404);
  });
});

describe('drafts never leak to an anonymous caller', () => {
  const kinds = ['draft', 'consultation', 'panel-review', 'refresh'] as const;
  const byRefAndId = (k: (typeof kinds)[number]) => [hidden[k].reference, hidden[k].id];

  for (const k of kinds) {
    it(`plan page of a ${k} plan is a 404 by reference and by id`, async () => {
      for (const key of byRefAndId(k)) {
        const res = await anon.get(`/plans/${key}`);
        expect(res.statusCode, key).toBe(404);
        expect(res.body).not.toContain('Secret');
      }
    });
    it(`priority page of a ${k} plan is a 404 by reference and by id`, async () => {
      for (const key of byRefAndId(k)) expect((await anon.get(`/plans/${key}/priorities/P1`)).statusCode, key).toBe(404);
    });
    it(`Word document of a ${k} plan is a 404 by reference and by id`, async () => {
      for (const key of byRefAndId(k)) {
        const res = await anon.get(`/plans/${key}/plan.docx`);
        expect(res.statusCode, key).toBe(404);
        expect(res.headers['content-type']).not.toContain('wordprocessingml');
      }
    });
    it(`JSON of a ${k} plan is a 404 by reference and by id`, async () => {
      for (const key of byRefAndId(k)) {
        const res = await anon.get(`/plans/${key}/plan.json`);
        expect(res.statusCode, key).toBe(404);
        expect(res.body).not.toContain('Secret');
      }
    });
  }

  it('a signed-in member of staff does not see drafts on the public pages either', async () => {
    const panel = await t.signInAs('panel-member');
    expect((await panel.get(`/plans/${hidden.draft.reference}`)).statusCode).toBe(404);
    expect(textOf((await panel.get('/plans')).body)).not.toContain('Secret');
  });
});

describe('plan documents', () => {
  it('serves the public plan as a Word document with its priorities and commitments', async () => {
    const res = await anon.get('/plans/cleveland-2013-16/plan.docx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX_CONTENT_TYPE);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?cleveland-2013-16\.docx"?$/);
    const files = await unzipText(res.rawPayload);
    const text = documentText(files.get('word/document.xml')!);
    const tree = (await plans.getPublicTree('cleveland-2013-16'))!;
    expect(tree.priorities).toHaveLength(5);
    for (const [i, p] of tree.priorities.entries()) {
      expect(text).toContain(`Objective ${i + 1}: ${p.title}`);
      for (const c of p.commitments) expect(text).toContain(c.title);
    }
    expect(text).toContain('Office of the Police and Crime Commissioner'); // the body's name from settings
    expect(text).toContain('Reduce neighbourhood crime');
    expect(text).not.toContain('DRAFT');
  });

  it('names the policing body from the settings on the title page', async () => {
    const area = await t.platform.settings.getArea();
    await t.platform.settings.setArea(SYSTEM_ACTOR, { ...area, bodyName: 'Office of the Police, Fire and Crime Commissioner for Testshire' });
    const res = await anon.get('/plans/cleveland-2024-29/plan.docx');
    const text = documentText((await unzipText(res.rawPayload)).get('word/document.xml')!);
    expect(text).toContain('Office of the Police, Fire and Crime Commissioner for Testshire');
    await t.platform.settings.setArea(SYSTEM_ACTOR, area);
  });

  it('serves the public plan as JSON, the same tree as the API', async () => {
    const res = await anon.get('/plans/cleveland-2024-29/plan.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const json = JSON.parse(res.body) as { data: { reference: string; priorities: { title: string }[] } };
    const api = JSON.parse((await anon.get('/api/v1/plans/cleveland-2024-29')).body) as { data: unknown };
    expect(json.data).toEqual(api.data);
    expect(json.data.priorities).toHaveLength(6);
  });

  it('lets staff export any version, drafts marked as such, and refuses anonymous callers', async () => {
    const url = `/admin/plans/${hidden['panel-review'].id}/export.docx`;
    const refused = await anon.get(url);
    expect(refused.statusCode).toBe(302);
    expect(String(refused.headers.location)).toContain('/sign-in');
    const panel = await t.signInAs('panel-member');
    const res = await panel.get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX_CONTENT_TYPE);
    const text = documentText((await unzipText(res.rawPayload)).get('word/document.xml')!);
    expect(text).toContain('Secret panel-review priority');
    expect(text).toContain('DRAFT — not published');
    expect((await panel.get('/admin/plans/00000000-0000-4000-8000-000000000000/export.docx')).statusCode).toBe(404);
  });

  const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice', '/opt/libreoffice/program/soffice'].find((p) => existsSync(p));
  it.skipIf(!soffice)('opens in LibreOffice: converts to a PDF that shows the commitments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openpcc-docx-'));
    try {
      const res = await anon.get('/plans/cleveland-2021-24/plan.docx');
      const file = join(dir, 'plan.docx');
      writeFileSync(file, res.rawPayload);
      await run(soffice!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file]);
      const pdf = readFileSync(join(dir, 'plan.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      if (existsSync('/usr/bin/pdftotext')) {
        const text = (await run('/usr/bin/pdftotext', [join(dir, 'plan.pdf'), '-'])).stdout.replace(/\s+/g, ' ');
        expect(text).toContain('Point 1: More Police on our Streets');
        expect(text).toContain('Bring Hartlepool Custody back into use');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
