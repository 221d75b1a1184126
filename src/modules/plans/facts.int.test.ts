import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type TestApp } from '../../../test/helpers/app.js';
import { ROOT_DIR } from '../../db/migrate.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { documentText, unzipText } from './export/readDocx.js';
import { importPlanFile } from './importCli.js';
import type { PlansModule } from './index.js';

let t: TestApp;
let plans: PlansModule['service'];

const v1 = `reference: shire-2015
title: Police and Crime Plan 2015 refresh
documentTitle: Police and Crime Plan 2013–2017 (2015 refresh)
term: { start: 2013-04-01, end: 2017-03-31 }
status: published
published: 2015-03-19
consultation: { opens: 2014-11-03, closes: 2015-01-09, extension: Extended by one week at the Panel's request }
panelReview: 2015-02-05
commissioner: { name: Pat Example, title: Police and Crime Commissioner }
priorityLabel: Priority
vision: Safe and strong communities
priorities:
  - reference: P1
    title: Cut crime
    commitments:
      - reference: P1-C1
        title: More patrols in every ward
  - reference: P2
    title: Support victims
`;

const v2 = `reference: shire-2015-v2
title: Police and Crime Plan 2015 refresh
documentTitle: "Police, Crime and Victims' Plan 2016–2017"
term: { start: 2013-04-01, end: 2017-03-31 }
status: published
refreshes: shire-2015
published: 2016-04
commissioner: { name: Pat Example, title: "Police, Crime and Victims' Commissioner" }
priorityLabel: Priority
vision: Safe, strong and confident communities
priorities:
  - reference: P2
    title: Support victims
  - reference: P1
    title: Cut crime
    commitments:
      - reference: P1-C1
        title: More visible patrols in every ward
`;

beforeAll(async () => {
  t = await buildTestApp();
  plans = (t.modules.find((m) => m.name === 'plans') as PlansModule).service;
  await plans.importPlan(SYSTEM_ACTOR, v1);
});
afterAll(async () => {
  await t?.close();
});

describe('a strict plan file through the command line', () => {
  it.each([
    ['top level', v1.replace('vision:', 'visoin:'), '`visoin`: unknown key; did you mean `vision`?', ':11:1 visoin'],
    [
      'inside a priority',
      v1.replace('    title: Support victims', '    title: Support victims\n    narative: x'),
      'did you mean `narrative`?',
      ':20:5 priorities[1].narative',
    ],
    [
      'inside a commitment',
      v1.replace('        title: More patrols in every ward', '        titel: More patrols in every ward'),
      'did you mean `title`?',
      ':17:9 priorities[0].commitments[0].titel',
    ],
  ])('refuses a misspelt key at the %s with its line and column, and changes nothing', async (_where, source, message, place) => {
    const before = await plans.getTreeByReference('shire-2015');
    const out = await importPlanFile(plans, 'plan.yaml', source, {});
    expect(out.ok).toBe(false);
    expect(out.lines.join('\n')).toContain(message);
    expect(out.lines.join('\n')).toContain(`plan.yaml${place}`);
    const after = await plans.getTreeByReference('shire-2015');
    expect(after?.updatedAt).toEqual(before?.updatedAt);
    expect(after?.priorities.map((p) => p.reference)).toEqual(['P1', 'P2']);
  });

  it('refuses to remove items of a published plan unless allowed; --check saves nothing', async () => {
    const without = v1.replace(/ {2}- reference: P2\n {4}title: Support victims\n/, '');
    const refused = await importPlanFile(plans, 'plan.yaml', without, {});
    expect(refused.ok).toBe(false);
    expect(refused.lines.join('\n')).toContain('priority P2: Support victims');
    const checked = await importPlanFile(plans, 'plan.yaml', without, { check: true });
    expect(checked).toEqual({
      ok: true,
      lines: [
        'plan.yaml: valid; nothing was saved. It would update shire-2015: Police and Crime Plan 2015 refresh (published)',
        '  would remove priority P2: Support victims',
      ],
    });
    expect((await plans.getTreeByReference('shire-2015'))?.priorities).toHaveLength(2);
  });
});

describe('a plan’s own facts, whatever the area settings say', () => {
  beforeAll(async () => {
    const area = await t.platform.settings.getArea();
    await t.platform.settings.setArea(SYSTEM_ACTOR, { ...area, electedHeadTitle: 'Mayor', planKind: 'Police, Fire and Crime Plan' });
  });

  it('shows its publication date, commissioner and document title on its page, JSON, Word and PDF', async () => {
    const anon = t.anonymous();
    const page = textOf((await anon.get('/plans/shire-2015')).body);
    expect(page).toContain('Police and Crime Plan 2013–2017 (2015 refresh)');
    expect(page).toContain('Published: 19 March 2015');
    expect(page).toContain('Made by: Pat Example, Police and Crime Commissioner');
    expect(page).toContain('Public consultation: 3 November 2014 to 9 January 2015. Extended by one week at the Panel');
    expect(page).not.toContain('Mayor');
    const json = JSON.parse((await anon.get('/plans/shire-2015/plan.json')).body).data;
    expect(json).toMatchObject({
      documentTitle: 'Police and Crime Plan 2013–2017 (2015 refresh)',
      published: '2015-03-19',
      panelReview: '2015-02-05',
      commissioner: { name: 'Pat Example', title: 'Police and Crime Commissioner' },
    });
    const docx = documentText((await unzipText((await anon.get('/plans/shire-2015/plan.docx')).rawPayload)).get('word/document.xml')!);
    expect(docx).toContain('Made by: Pat Example, Police and Crime Commissioner.');
    expect(docx).toContain('Published: 19 March 2015.');
    const pdf = await anon.get('/plans/shire-2015/plan.pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const list = textOf((await anon.get('/plans')).body);
    expect(list).toContain('Police, Fire and Crime Plans');
  });

  it('keeps the commissioner of a plan made in the app from the settings at the time', async () => {
    const plan = await plans.create(
      { id: null, label: 'editor', role: 'editor' },
      { reference: 'shire-new', title: 'New plan', termStart: '2030-04-01', termEnd: '2034-03-31', priorityLabel: 'Priority' },
    );
    const area = await t.platform.settings.getArea();
    await t.platform.settings.setArea(SYSTEM_ACTOR, { ...area, electedHeadTitle: 'Policing and Crime Board' });
    expect((await plans.get(plan.id))?.commissionerTitle).toBe('Mayor');
  });
});

describe('what changed from the previous version, in public', () => {
  beforeAll(async () => {
    await plans.importPlan(SYSTEM_ACTOR, v2);
  });

  it('lists every change with the old and the new text, the vision among them', async () => {
    const html = (await t.anonymous().get('/plans/shire-2015-v2')).body;
    // Read as a sighted reader does: without the words only screen readers hear.
    const text = textOf(html.replace(/<span class="govuk-visually-hidden">[^<]*<\/span>/g, ''));
    expect(text).toContain('What changed from the previous version');
    expect(text).toContain('Safe and strong communities');
    expect(text).toContain('Safe, strong and confident communities');
    expect(html).toMatch(/<ins class="app-diff__ins"><span class="govuk-visually-hidden">put in: <\/span>[^<]*confident/);
    expect(text).toContain('More visible patrols in every ward');
    expect(text).toMatch(/Moved from Priority \d to Priority \d/);
    // Imported as published, version 2 superseded the version it refreshes.
    expect(text).toContain('version 1, superseded, published 19 March 2015');
  });

  it('serves the plan file format’s JSON Schema, the same as the copy in the repository', async () => {
    const res = await t.anonymous().get('/schemas/plan.schema.json');
    expect(res.headers['content-type']).toContain('application/schema+json');
    expect(JSON.parse(res.body)).toEqual(JSON.parse(readFileSync(join(ROOT_DIR, 'docs', 'plan.schema.json'), 'utf8')));
  });
});

describe('the upload page asks before removing items of a published plan', () => {
  it('lists what would be removed, keeps the file, and imports once confirmed', async () => {
    const commissioner = await t.signInAs('commissioner');
    const without = v2.replace(/ {2}- reference: P2\n {4}title: Support victims\n/, '');
    const refused = await commissioner.submit('/admin/plans/import', { content: without });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('What this file would remove from the published plan');
    expect(textOf(refused.body)).toContain('Support victims');
    expect((await plans.getTreeByReference('shire-2015-v2'))?.priorities).toHaveLength(2);
    const done = await commissioner.submit('/admin/plans/import', { content: without, allowRemovals: 'yes' });
    expect(done.statusCode).toBe(302);
    expect((await plans.getTreeByReference('shire-2015-v2'))?.priorities.map((p) => p.reference)).toEqual(['P1']);
  });
});
