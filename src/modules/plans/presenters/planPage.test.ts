import { describe, expect, it } from 'vitest';
import { statutoryChecklist } from '../checklist.js';
import type { Transition } from '../plansRepository.js';
import { treeOf } from './fixtures.js';
import { SLUG_KINDS, editRefusal, planPagePresenter, planPaths, pluralLabel } from './planPage.js';

const tree = treeOf({
  priorityLabel: 'Objective',
  shape: [
    [
      'P1',
      'Cut crime',
      [
        ['C1', 'More patrols'],
        ['C2', 'Tackle burglary'],
      ],
    ],
    ['P2', 'Support victims', []],
  ],
});
tree.outcomes = [{ id: '10000000-0000-4000-8000-000000000001', planId: tree.id, reference: 'O1', position: 1, title: 'People feel safe', description: null }];
tree.priorities[0].outcomeIds = [tree.outcomes[0].id];
tree.priorities[0].measures = [
  { id: '10000000-0000-4000-8000-000000000002', priorityId: tree.priorities[0].id, position: 1, measure: 'Burglary', outcome: 'Fewer' },
];

const present = (role: Parameters<typeof planPagePresenter>[0]['role'], t = tree, transitions: Transition[] = []) =>
  planPagePresenter({ tree: t, role, versions: [t], transitions, checklist: statutoryChecklist(t).items });

describe('planPagePresenter', () => {
  it('numbers priorities with the plan’s own label and names their outcomes', () => {
    const v = present('editor');
    expect(v.priorities.map((p) => p.heading)).toEqual(['Objective 1: Cut crime', 'Objective 2: Support victims']);
    expect(v.priorities[0].outcomes).toEqual(['People feel safe']);
    expect(v.performance).toEqual([{ priority: 'Objective 1: Cut crime', measure: 'Burglary', outcome: 'Fewer' }]);
    expect(v.addPriorityText).toBe('Add an objective');
    expect(v.prioritiesLabel).toBe('Objectives');
    expect(['Priority', 'Point', 'Priority objective', 'Focus'].map(pluralLabel)).toEqual(['Priorities', 'Points', 'Priority objectives', 'Focuses']);
  });

  it('offers move up only below the first item and move down only above the last', () => {
    const cs = present('editor').priorities[0].commitments;
    expect(cs.map((c) => [c.canMoveUp, c.canMoveDown])).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(cs[1].moveHref).toBe(`/admin/plans/${tree.id}/commitments/${tree.priorities[0].commitments[1].id}/move`);
  });

  it('lets editors edit a draft, not panel members; offers only the transitions of the role', () => {
    const editor = present('editor');
    expect(editor.canEdit).toBe(true);
    expect(editor.canDelete).toBe(true);
    expect(editor.availableTransitions.map((t) => t.to)).toEqual(['consultation', 'panel-review']);
    const panel = present('panel-member');
    expect(panel.canEdit).toBe(false);
    expect(panel.availableTransitions).toEqual([]);
    const review = treeOf({ ...tree, status: 'panel-review' });
    expect(present('editor', review).availableTransitions.map((t) => t.to)).toEqual(['draft']);
    expect(present('commissioner', review).availableTransitions.map((t) => t.to)).toEqual(['draft', 'published']);
  });

  it('explains that a published plan cannot be edited and offers a refresh', () => {
    const published = treeOf({ ...tree, status: 'published' });
    const v = present('editor', published);
    expect(v.canEdit).toBe(false);
    expect(v.canDelete).toBe(false);
    expect(v.canRefresh).toBe(true);
    expect(v.editRefusal).toBe('This plan is published, so it cannot be changed. Refresh it to make a new draft version.');
    expect(present('panel-member', published).editRefusal).toBeNull();
    expect(editRefusal({ status: 'consultation' })).toBeNull();
    // A status reads as words in a sentence, not as its label ("This plan is panel review").
    expect(present('editor', treeOf({ ...tree, status: 'panel-review' })).plan.statusInWords).toBe('with the Panel for review');
    const superseded = present('editor', treeOf({ ...tree, status: 'superseded' }));
    expect(superseded.canRefresh).toBe(false);
    expect(superseded.editRefusal).toBe('This plan is superseded, so it cannot be changed. A newer version is in force; refresh that one to make a new draft.');
  });

  it('counts the checklist gaps and labels the transition history', () => {
    const at = new Date('2025-06-01T10:00:00Z');
    const v = present('editor', tree, [
      {
        id: 'x',
        planId: tree.id,
        fromStatus: 'panel-review',
        toStatus: 'published',
        reason: 'Agreed',
        gapsConfirmed: true,
        actorId: null,
        actorLabel: 'pcc@example.test',
        at,
      },
    ]);
    expect(v.gaps).toBe(4); // policing, resources, reporting, grants
    expect(v.transitionHistory).toEqual([{ at, from: 'Panel review', to: 'Published', reason: 'Agreed', by: 'pcc@example.test', gapsConfirmed: true }]);
  });

  it('maps URL segments to item kinds both ways', () => {
    expect(SLUG_KINDS['force-priorities']).toBe('force-priority');
    expect(planPaths.newItem('a', 'measure', 'b')).toBe('/admin/plans/a/priorities/b/measures/new');
    expect(planPaths.newItem('a', 'section')).toBe('/admin/plans/a/sections/new');
  });
});
