import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { answerPanelReport } from '../../../test/helpers/panel.js';
import type { Actor } from '../../platform/roles.js';
import type { PlansModule } from './index.js';
import { nextReference } from './plansService.js';

let t: TestApp;
let plans: PlansModule['service'];
const editor: Actor = { id: null, label: 'editor@test', role: 'editor' };
const commissioner: Actor = { id: null, label: 'pcc@test', role: 'commissioner' };

beforeAll(async () => {
  t = await buildTestApp();
  plans = (t.modules.find((m) => m.name === 'plans') as PlansModule).service;
});
afterAll(async () => {
  await t?.close();
});

async function publishedPlan(reference: string) {
  const p = await plans.create(editor, { reference, title: `Plan ${reference}`, termStart: '2025-04-01', termEnd: '2029-03-31', priorityLabel: 'Priority' });
  await plans.addItem(editor, 'priority', p.id, { title: 'Only priority' });
  await plans.transition(editor, p.id, 'panel-review', 'to the Panel');
  await answerPanelReport(t.modules, p.id);
  await plans.transition(commissioner, p.id, 'published', 'agreed', { confirmGaps: true });
  return p;
}

describe('plans service fixes', () => {
  it('numbers new commitments within their own priority', async () => {
    expect(nextReference('P2-C', ['P1-C1', 'P1-C2'])).toBe('P2-C1');
    expect(nextReference('P', ['P1', 'P2', 'P1-C1'])).toBe('P3');
    expect(nextReference('P', ['P1', 'P3'])).toBe('P4');
    const p = await plans.create(editor, {
      reference: 'numbering',
      title: 'Numbering',
      termStart: '2025-04-01',
      termEnd: '2029-03-31',
      priorityLabel: 'Priority',
    });
    const p1 = await plans.addItem(editor, 'priority', p.id, { title: 'One' });
    const p2 = await plans.addItem(editor, 'priority', p.id, { title: 'Two' });
    await plans.addItem(editor, 'commitment', p1, { title: 'a' });
    await plans.addItem(editor, 'commitment', p1, { title: 'b' });
    await plans.addItem(editor, 'commitment', p2, { title: 'c' });
    const tree = (await plans.getTree(p.id))!;
    expect(tree.priorities.map((x) => x.commitments.map((c) => c.reference))).toEqual([['P1-C1', 'P1-C2'], ['P2-C1']]);
  });

  it('keeps deleted and moved items in the plan’s history', async () => {
    const p = await plans.create(editor, { reference: 'history', title: 'History', termStart: '2025-04-01', termEnd: '2029-03-31', priorityLabel: 'Priority' });
    const pr = await plans.addItem(editor, 'priority', p.id, { title: 'P' });
    const m1 = await plans.addItem(editor, 'measure', pr, { measure: 'Burglary' });
    await plans.addItem(editor, 'measure', pr, { measure: 'Robbery' });
    await plans.moveItem(editor, 'measure', m1, 'down');
    await plans.deleteItem(editor, 'measure', m1);
    await plans.deleteItem(editor, 'priority', pr);
    const summaries = (await plans.history(p.id)).map((h) => h.summary);
    expect(summaries).toEqual(
      expect.arrayContaining(['Deleted priority “P”', 'Deleted measure “Burglary”', 'Moved measure down', 'Added measure “Robbery” to “History”']),
    );
    const other = await plans.create(editor, {
      reference: 'history-other',
      title: 'Other',
      termStart: '2025-04-01',
      termEnd: '2029-03-31',
      priorityLabel: 'Priority',
    });
    expect((await plans.history(other.id)).map((h) => h.summary)).toEqual(['Created draft plan “Other”']);
  });

  it('refreshes only the version in force, and publishing a version supersedes every other in force', async () => {
    const v1 = await publishedPlan('lineage');
    const v2 = await plans.refresh(editor, v1.id);
    await plans.transition(editor, v2.id, 'panel-review', 'review');
    await answerPanelReport(t.modules, v2.id);
    await plans.transition(commissioner, v2.id, 'published', 'agreed', { confirmGaps: true });
    expect((await plans.get(v1.id))!.status).toBe('superseded');
    await expect(plans.refresh(editor, v1.id)).rejects.toThrow('A superseded version cannot be refreshed');
    const v3 = await plans.refresh(editor, v2.id);
    expect(v3).toMatchObject({ version: 3, reference: 'lineage-v3', previousVersionId: v2.id });
    await plans.transition(editor, v3.id, 'panel-review', 'review');
    await answerPanelReport(t.modules, v3.id);
    await plans.transition(commissioner, v3.id, 'published', 'agreed', { confirmGaps: true });
    const statuses = (await plans.versions(v1.id)).map((v) => [v.version, v.status]);
    expect(statuses).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'published'],
    ]);
  });

  it('supersedes the published version a plan file refreshes when the file imports as published, as publishing does; --check changes nothing', async () => {
    const file = (reference: string, more = '') =>
      `reference: ${reference}\ntitle: Imported plan\nterm:\n  start: 2021-05-13\n  end: 2024-05-08\nstatus: published\n${more}priorities:\n  - reference: P1\n    title: One\n`;
    const system: Actor = { id: null, label: 'cli', role: null };
    const v1 = (await plans.importPlan(system, file('imported-v1'))).plan;
    await plans.importPlan(system, file('imported-v2', 'refreshes: imported-v1\n'), { check: true });
    expect((await plans.get(v1.id))!.status).toBe('published');
    await plans.importPlan(system, file('imported-v2', 'refreshes: imported-v1\n'));
    expect((await plans.versions(v1.id)).map((v) => [v.reference, v.status])).toEqual([
      ['imported-v1', 'superseded'],
      ['imported-v2', 'published'],
    ]);
    expect((await plans.transitionsOf(v1.id)).map((x) => x.reason)).toContain('Superseded by version 2 (imported-v2), imported as published');
  });
});
