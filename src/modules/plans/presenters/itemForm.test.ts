import { describe, expect, it } from 'vitest';
import { importErrorRows } from './importErrors.js';
import { itemFormPresenter, itemFormValues } from './itemForm.js';
import { treeOf } from './fixtures.js';

const tree = treeOf({
  title: 'Plan',
  priorityLabel: 'Point',
  shape: [
    ['P1', 'First', []],
    ['P2', 'Second', []],
  ],
});
tree.outcomes = [
  { id: 'o1', planId: tree.id, reference: 'O1', position: 1, title: 'Safe', description: null },
  { id: 'o2', planId: tree.id, reference: 'O2', position: 2, title: 'Confident', description: null },
];

describe('item forms', () => {
  it('turns stored lists into one line each and keeps outcome links', () => {
    expect(itemFormValues('priority', { title: 'T', narrative: null, achievements: ['a', 'b'], plannedActions: [] }, { outcomeIds: ['o2'] })).toEqual({
      title: 'T',
      narrative: '',
      outcomeIds: ['o2'],
      achievements: 'a\nb',
      plannedActions: '',
    });
    expect(itemFormValues('force-priority', { title: 'F', lead: null, areasOfFocus: ['x', 'y'] })).toEqual({ title: 'F', lead: '', areasOfFocus: 'x\ny' });
  });

  it('checks the outcomes and statutory contents chosen, whether one or many were typed', () => {
    const v = itemFormPresenter('priority', tree, { outcomeIds: 'o2' }, { mode: 'new' });
    expect(v.outcomeItems.map((o) => o.checked)).toEqual([false, true]);
    expect(v.heading).toBe('Add a priority');
    const s = itemFormPresenter('section', tree, { covers: ['grants', 'resources'] }, { mode: 'edit' });
    expect(s.coverItems.filter((c) => c.checked).map((c) => c.value)).toEqual(['resources', 'grants']);
    expect(itemFormPresenter('outcome', tree, {}, { mode: 'new' }).heading).toBe('Add an outcome');
  });

  it('offers to move a commitment to another priority of the plan, with the current one selected', () => {
    const p2 = tree.priorities[1].id;
    const v = itemFormPresenter('commitment', tree, { priorityId: p2 }, { mode: 'edit', priorityId: tree.priorities[0].id });
    expect(v.canMove).toBe(true);
    expect(v.caption).toBe('Plan: Point 1, First');
    expect(v.priorityItems).toEqual([
      { value: tree.priorities[0].id, text: 'Point 1: First', selected: false },
      { value: p2, text: 'Point 2: Second', selected: true },
    ]);
    expect(itemFormPresenter('commitment', tree, {}, { mode: 'new', priorityId: p2 }).canMove).toBe(false);
  });

  it('locates import problems by line and column, or the whole file', () => {
    expect(
      importErrorRows([
        { path: 'priorities[0].title', message: 'required', line: 5, column: 7 },
        { path: '(file)', message: 'must be a mapping' },
      ]),
    ).toEqual([
      { place: 'priorities[0].title', location: 'line 5, column 7', message: 'required' },
      { place: '(file)', location: 'whole file', message: 'must be a mapping' },
    ]);
  });
});
