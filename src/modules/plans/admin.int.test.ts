import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import type { PlansModule } from './index.js';

let t: TestApp;
let plans: PlansModule['service'];
let editor: Agent;
let commissioner: Agent;
let panel: Agent;

const location = (res: { headers: Record<string, unknown> }) => String(res.headers.location ?? '');
const idFrom = (loc: string) => /\/admin\/plans\/([0-9a-f-]{36})/.exec(loc)?.[1] ?? '';
const itemFrom = (loc: string) => /#item-([0-9a-f-]{36})/.exec(loc)?.[1] ?? '';

beforeAll(async () => {
  t = await buildTestApp();
  plans = (t.modules.find((m) => m.name === 'plans') as PlansModule).service;
  [editor, commissioner, panel] = await Promise.all([t.signInAs('editor'), t.signInAs('commissioner'), t.signInAs('panel-member')]);
});
afterAll(async () => {
  await t?.close();
});

describe('staff plan pages: authoring a plan through to publication', () => {
  let planId = '';
  let p1 = '';
  let p2 = '';
  let c1 = '';
  let c2 = '';
  let outcomeId = '';

  it('refuses an incomplete new plan with an error summary and keeps what was typed', async () => {
    const res = await editor.submit('/admin/plans/new', {
      reference: 'test-2025-29',
      title: '',
      termStart: '2025-05-08',
      termEnd: '2024-01-01',
      priorityLabel: 'Priority',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('href="#title"');
    expect(textOf(res.body)).toContain('The end of the term must be after its start');
    expect(res.body).toContain('value="test-2025-29"');
  });

  it('creates a draft plan with its details', async () => {
    const res = await editor.submit('/admin/plans/new', {
      reference: 'test-2025-29',
      title: 'Test Police and Crime Plan 2025–2029',
      termStart: '2025-05-08',
      termEnd: '2029-05-31',
      priorityLabel: 'Objective',
      vision: 'Safer streets for everyone',
      values: 'Fairness\n\nOpenness  \n',
    });
    expect(res.statusCode).toBe(302);
    planId = idFrom(location(res));
    const plan = await plans.get(planId);
    expect(plan).toMatchObject({ status: 'draft', title: 'Test Police and Crime Plan 2025–2029', values: ['Fairness', 'Openness'] });
    const dup = await editor.submit('/admin/plans/new', {
      reference: 'test-2025-29',
      title: 'Again',
      termStart: '2025-05-08',
      termEnd: '2029-05-31',
      priorityLabel: 'Priority',
    });
    expect(dup.statusCode).toBe(400);
    expect(textOf(dup.body)).toContain('A plan with this reference already exists');
  });

  it('adds an outcome, priorities linked to it, commitments, a force priority, a measure and a section', async () => {
    let res = await editor.submit(`/admin/plans/${planId}/outcomes/new`, { title: 'People feel safe' });
    expect(res.statusCode).toBe(302);
    outcomeId = itemFrom(location(res));

    res = await editor.submit(`/admin/plans/${planId}/priorities/new`, { title: '', narrative: 'Typed narrative' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Typed narrative');

    res = await editor.submit(`/admin/plans/${planId}/priorities/new`, {
      title: 'Cut crime',
      narrative: 'Para one.\n\nPara two.',
      outcomeIds: [outcomeId],
      plannedActions: 'Open two hubs\nRecruit specials',
    });
    expect(res.statusCode).toBe(302);
    p1 = itemFrom(location(res));
    res = await editor.submit(`/admin/plans/${planId}/priorities/new`, { title: 'Support victims' });
    p2 = itemFrom(location(res));

    res = await editor.submit(`/admin/plans/${planId}/priorities/${p1}/commitments/new`, { title: 'More officers on the beat' });
    c1 = itemFrom(location(res));
    res = await editor.submit(`/admin/plans/${planId}/priorities/${p1}/commitments/new`, { title: 'Tackle burglary' });
    c2 = itemFrom(location(res));
    res = await editor.submit(`/admin/plans/${planId}/priorities/${p1}/force-priorities/new`, {
      title: 'Neighbourhood policing',
      lead: 'ACC Operations',
      areasOfFocus: 'Visibility\nResponse times',
    });
    expect(res.statusCode).toBe(302);
    res = await editor.submit(`/admin/plans/${planId}/priorities/${p1}/measures/new`, { measure: 'Recorded burglary', outcome: 'Fewer burglaries' });
    expect(res.statusCode).toBe(302);
    res = await editor.submit(`/admin/plans/${planId}/sections/new`, { title: 'Finance', body: 'The budget.', covers: ['resources', 'grants'] });
    expect(res.statusCode).toBe(302);

    const tree = (await plans.getTree(planId))!;
    expect(tree.priorities.map((p) => p.title)).toEqual(['Cut crime', 'Support victims']);
    expect(tree.priorities[0]).toMatchObject({ outcomeIds: [outcomeId], plannedActions: ['Open two hubs', 'Recruit specials'] });
    expect(tree.priorities[0].commitments.map((c) => c.title)).toEqual(['More officers on the beat', 'Tackle burglary']);
    expect(tree.priorities[0].forcePriorities[0]).toMatchObject({ lead: 'ACC Operations', areasOfFocus: ['Visibility', 'Response times'] });
    expect(tree.sections[0].covers).toEqual(['resources', 'grants']);

    const page = textOf((await editor.get(`/admin/plans/${planId}`)).body);
    expect(page).toContain('Objective 1: Cut crime');
    expect(page).toContain('Serves: People feel safe');
    expect(page).toContain('Neighbourhood policing – lead: ACC Operations');
    expect(page).toContain('Recorded burglary');
    expect(page).toContain('The financial and other resources provided to the chief officer');
    // The Word export linked from the page answers for staff.
    expect((await editor.get(`/admin/plans/${planId}`)).body).toContain(`href="/admin/plans/${planId}/export.docx"`);
    expect((await editor.get(`/admin/plans/${planId}/export.docx`)).statusCode).toBe(200);
  });

  it('edits an item, keeping the typed values on error, and clears optional text', async () => {
    const form = await editor.get(`/admin/plans/${planId}/priorities/${p1}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(new RegExp(`value="${outcomeId}" checked`));
    let res = await editor.submit(`/admin/plans/${planId}/priorities/${p1}/edit`, { title: '', narrative: 'Changed narrative' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Changed narrative');
    res = await editor.submit(`/admin/plans/${planId}/priorities/${p1}/edit`, { title: 'Cut crime and harm', narrative: '' });
    expect(res.statusCode).toBe(302);
    const tree = (await plans.getTree(planId))!;
    expect(tree.priorities[0]).toMatchObject({ title: 'Cut crime and harm', narrative: null, outcomeIds: [] });
    const itemHistory = textOf((await editor.get(`/admin/plans/${planId}/priorities/${p1}/edit`)).body);
    expect(itemHistory).toMatch(/History of changes .* Edited priority “Cut crime and harm” .* Added priority “Cut crime”/);
  });

  it('moves items up and down with POST buttons', async () => {
    const page = (await editor.get(`/admin/plans/${planId}`)).body;
    expect(page).toContain(`action="/admin/plans/${planId}/commitments/${c2}/move"`);
    const res = await editor.submit(`/admin/plans/${planId}/commitments/${c2}/move`, { direction: 'up' });
    expect(res.statusCode).toBe(302);
    let tree = (await plans.getTree(planId))!;
    expect(tree.priorities[0].commitments.map((c) => c.id)).toEqual([c2, c1]);
    await editor.submit(`/admin/plans/${planId}/priorities/${p2}/move`, { direction: 'up' });
    tree = (await plans.getTree(planId))!;
    expect(tree.priorities.map((p) => p.id)).toEqual([p2, p1]);
    await editor.submit(`/admin/plans/${planId}/priorities/${p2}/move`, { direction: 'down' });
  });

  it('deletes an item only after a confirmation page', async () => {
    const confirm = await editor.get(`/admin/plans/${planId}/commitments/${c1}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body)).toContain('Are you sure you want to delete the commitment “More officers on the beat”?');
    expect((await plans.getTree(planId))!.priorities[0].commitments).toHaveLength(2);
    const res = await editor.submit(`/admin/plans/${planId}/commitments/${c1}/delete`, {});
    expect(res.statusCode).toBe(302);
    expect((await plans.getTree(planId))!.priorities[0].commitments.map((c) => c.id)).toEqual([c2]);
    const history = textOf((await editor.get(`/admin/plans/${planId}/history`)).body);
    expect(history).toContain('Deleted commitment “More officers on the beat”');
    expect(history).toContain('Added priority “Cut crime”');
  });

  it('lets a panel member read the plan but not change it', async () => {
    expect((await panel.get(`/admin/plans/${planId}`)).statusCode).toBe(200);
    expect((await panel.get(`/admin/plans/${planId}`)).body).not.toContain('/edit"');
    expect((await panel.get(`/admin/plans/${planId}/edit`)).statusCode).toBe(403);
    expect((await panel.submit(`/admin/plans/${planId}/edit`, { title: 'Hijacked' })).statusCode).toBe(403);
    expect((await panel.submit(`/admin/plans/${planId}/priorities/new`, { title: 'Hijacked' })).statusCode).toBe(403);
    expect((await panel.submit(`/admin/plans/${planId}/commitments/${c2}/delete`, {})).statusCode).toBe(403);
    expect((await panel.submit(`/admin/plans/${planId}/transition/panel-review`, { reason: 'x' })).statusCode).toBe(403);
    expect((await plans.get(planId))!.title).toBe('Test Police and Crime Plan 2025–2029');
  });

  it('refuses a POST without a CSRF token', async () => {
    const res = await editor.submit(`/admin/plans/${planId}/priorities/new`, { title: 'No token' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect((await plans.getTree(planId))!.priorities.map((p) => p.title)).not.toContain('No token');
  });

  it('sends the draft to the Panel with a required reason; an editor cannot publish', async () => {
    const page = textOf((await editor.get(`/admin/plans/${planId}`)).body);
    expect(page).toContain('Send to the Panel for review');
    expect(page).not.toContain('/transition/published');
    let res = await editor.submit(`/admin/plans/${planId}/transition/panel-review`, { reason: '  ' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Enter a reason for the change');
    res = await editor.submit(`/admin/plans/${planId}/transition/panel-review`, { reason: 'Ready for the Panel meeting' });
    expect(res.statusCode).toBe(302);
    expect((await plans.get(planId))!.status).toBe('panel-review');
    expect((await editor.get(`/admin/plans/${planId}/transition/published`)).statusCode).toBe(403);
    expect((await editor.submit(`/admin/plans/${planId}/transition/published`, { reason: 'x', confirmGaps: 'yes' })).statusCode).toBe(403);
    expect((await plans.get(planId))!.status).toBe('panel-review');
  });

  it('has the commissioner publish, showing the checklist and requiring confirmation of gaps', async () => {
    const form = await commissioner.get(`/admin/plans/${planId}/transition/published`);
    expect(form.statusCode).toBe(200);
    const text = textOf(form.body);
    expect(text).toContain('Statutory checklist');
    expect(text).toContain('How the chief officer will report to the body on the policing provided Gap');
    expect(text).toContain('I confirm publishing with these gaps');

    let res = await commissioner.submit(`/admin/plans/${planId}/transition/published`, { reason: 'Panel report considered' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Confirm that you want to publish the plan with these gaps');
    expect(res.body).toContain('Panel report considered');
    expect((await plans.get(planId))!.status).toBe('panel-review');

    res = await commissioner.submit(`/admin/plans/${planId}/transition/published`, { reason: 'Panel report considered', confirmGaps: 'yes' });
    expect(res.statusCode).toBe(302);
    expect((await plans.get(planId))!.status).toBe('published');
    const page = textOf((await commissioner.get(`/admin/plans/${planId}`)).body);
    expect(page).toContain('Panel review → Published Published with gaps confirmed Panel report considered');
    expect(page).toContain('Draft → Panel review');
    const history = await plans.history(planId);
    expect(history.find((h) => h.action === 'plan.published')?.summary).toContain('published with gaps confirmed: reporting, performance'.split(',')[0]);

    const publicList = textOf((await t.anonymous().get('/plans')).body);
    expect(publicList).toContain('Test Police and Crime Plan 2025–2029');
  });

  it('refuses to edit a published plan with a clear message', async () => {
    const res = await editor.get(`/admin/plans/${planId}/priorities/${p1}/edit`);
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('This plan is published, so it cannot be changed. Refresh it to make a new draft version.');
    expect(res.body).toContain(`href="/admin/plans/${planId}"`);
    const post = await editor.submit(`/admin/plans/${planId}/priorities/new`, { title: 'Too late' });
    expect(post.statusCode).toBe(422);
    expect(textOf((await editor.get(`/admin/plans/${planId}`)).body)).toContain('This plan is published, so it cannot be changed');
  });

  it('refreshes into a new draft version and shows what changed on the diff page', async () => {
    const res = await editor.submit(`/admin/plans/${planId}/refresh`, { reference: '', title: '' });
    expect(res.statusCode).toBe(302);
    const draftId = idFrom(location(res));
    const draft = (await plans.getTree(draftId))!;
    expect(draft).toMatchObject({ status: 'draft', version: 2, reference: 'test-2025-29-v2', previousVersionId: planId });
    const [dp1, dp2] = draft.priorities;
    const commitment = dp1.commitments[0];
    // change a commitment's title, move it to the other priority, add a priority, remove one
    await editor.submit(`/admin/plans/${draftId}/commitments/${commitment.id}/edit`, { title: 'Tackle burglary and robbery', priorityId: dp2.id });
    await editor.submit(`/admin/plans/${draftId}/priorities/new`, { title: 'Prevent reoffending' });
    await editor.submit(`/admin/plans/${draftId}/priorities/${dp1.id}/delete`, {});

    const page = textOf((await editor.get(`/admin/plans/${draftId}`)).body);
    expect(page).toContain('Version 1: Test Police and Crime Plan 2025–2029 (test-2025-29)');
    expect((await editor.get(`/admin/plans/${planId}`)).body).toContain(`href="/admin/plans/${draftId}"`);

    const diff = await editor.get(`/admin/plans/diff?from=${planId}&to=${draftId}`);
    expect(diff.statusCode).toBe(200);
    const text = textOf(diff.body);
    expect(text).toMatch(/Priorities added \(1\) Reference Title Details P3 Prevent reoffending/);
    expect(text).toMatch(/Priorities removed \(1\) Reference Title Details P1 Cut crime and harm/);
    expect(text).toContain('Tackle burglary → Tackle burglary and robbery');
    expect(text).toContain('Moved from Objective 1: Cut crime and harm to Objective 1: Support victims');
    // defaulting "from" to the previous version
    expect(textOf((await editor.get(`/admin/plans/diff?to=${draftId}`)).body)).toContain('Tackle burglary → Tackle burglary and robbery');
    expect((await editor.get('/admin/plans/diff?from=nope&to=nope')).statusCode).toBe(400);
  });
});

describe('importing a plan file from the upload page', () => {
  const valid = [
    'reference: upload-test',
    'title: Uploaded plan',
    'term: { start: 2025-04-01, end: 2028-03-31 }',
    'priorities:',
    '  - reference: P1',
    '    title: First priority',
    '    commitments:',
    '      - reference: P1-C1',
    '        title: A commitment',
  ].join('\n');

  it('refuses a malformed file with located errors and saves nothing', async () => {
    const before = (await plans.list({ includeDrafts: true })).length;
    const broken = valid.replace('    title: First priority\n', '').replace('title: Uploaded plan', 'title: ""');
    const res = await editor.upload('/admin/plans/import', {}, [{ field: 'planFile', filename: 'plan.yaml', content: broken, type: 'text/yaml' }]);
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('The plan file has 2 problems; nothing was saved');
    expect(text).toMatch(/priorities\[0\]\.title line 5, column \d+ required/);
    expect(text).toMatch(/title line 2, column \d+ required/);
    expect((await plans.list({ includeDrafts: true })).length).toBe(before);
  });

  it('reports YAML syntax errors pasted in the box, keeping the text', async () => {
    const res = await editor.upload('/admin/plans/import', { content: 'reference: x\n  bad: [indent' }, []);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toMatch(/\(file\) line \d+, column \d+/);
    expect(res.body).toContain('bad: [indent');
  });

  it('imports a valid file once and updates it in place the second time', async () => {
    let res = await editor.upload('/admin/plans/import', {}, [{ field: 'planFile', filename: 'plan.yaml', content: valid }]);
    expect(res.statusCode).toBe(302);
    const id = idFrom(location(res));
    expect(textOf((await editor.get(location(res))).body)).toContain('Created the plan “Uploaded plan” (upload-test)');
    res = await editor.upload('/admin/plans/import', { content: valid.replace('A commitment', 'A better commitment') }, []);
    expect(res.statusCode).toBe(302);
    expect(idFrom(location(res))).toBe(id);
    expect(textOf((await editor.get(location(res))).body)).toContain('Updated the plan “Uploaded plan”');
    const all = await plans.list({ includeDrafts: true });
    expect(all.filter((p) => p.reference === 'upload-test')).toHaveLength(1);
    expect((await plans.getTree(id))!.priorities[0].commitments.map((c) => c.title)).toEqual(['A better commitment']);
  });

  it('asks for a file when nothing was given, and refuses panel members', async () => {
    const res = await editor.upload('/admin/plans/import', { content: '' }, []);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Choose a plan file, or paste the plan file’s contents');
    expect((await panel.get('/admin/plans/import')).statusCode).toBe(403);
  });
});

describe('deleting a draft plan and guarding items across plans', () => {
  it('deletes a whole draft plan only after confirmation', async () => {
    const a = await plans.create(
      { id: null, label: 'x', role: 'editor' },
      { reference: 'to-delete', title: 'To delete', termStart: '2025-04-01', termEnd: '2026-03-31', priorityLabel: 'Priority' },
    );
    const confirm = await editor.get(`/admin/plans/${a.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body)).toContain('Are you sure you want to delete the plan “To delete”?');
    expect(await plans.get(a.id)).toBeDefined();
    expect((await panel.submit(`/admin/plans/${a.id}/delete`, {})).statusCode).toBe(403);
    const res = await editor.submit(`/admin/plans/${a.id}/delete`, {});
    expect(res.statusCode).toBe(302);
    expect(location(res)).toBe('/admin/plans');
    expect(await plans.get(a.id)).toBeUndefined();
  });

  it('answers 404 for an item addressed through another plan, and keeps commitments within their plan', async () => {
    const actor = { id: null, label: 'x', role: 'editor' } as const;
    const a = await plans.create(actor, { reference: 'plan-a', title: 'A', termStart: '2025-04-01', termEnd: '2026-03-31', priorityLabel: 'Priority' });
    const b = await plans.create(actor, { reference: 'plan-b', title: 'B', termStart: '2025-04-01', termEnd: '2026-03-31', priorityLabel: 'Priority' });
    const pa = await plans.addItem(actor, 'priority', a.id, { title: 'A1' });
    const pb = await plans.addItem(actor, 'priority', b.id, { title: 'B1' });
    const ca = await plans.addItem(actor, 'commitment', pa, { title: 'in A' });
    expect((await editor.get(`/admin/plans/${b.id}/commitments/${ca}/edit`)).statusCode).toBe(404);
    expect((await editor.submit(`/admin/plans/${b.id}/commitments/${ca}/delete`, {})).statusCode).toBe(404);
    expect((await editor.get(`/admin/plans/${a.id}/priorities/${pb}/commitments/new`)).statusCode).toBe(404);
    expect((await editor.get(`/admin/plans/${a.id}/commitments/new`)).statusCode).toBe(404);
    const moved = await editor.submit(`/admin/plans/${a.id}/commitments/${ca}/edit`, { title: 'in A', priorityId: pb });
    expect(moved.statusCode).toBe(400);
    expect(textOf(moved.body)).toContain('Select a priority of this plan');
    expect((await plans.getTree(a.id))!.priorities[0].commitments.map((c) => c.id)).toEqual([ca]);
  });
});
