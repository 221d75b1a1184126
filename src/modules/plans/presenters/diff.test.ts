import { describe, expect, it } from 'vitest';
import { diffPlans } from '../diff.js';
import { diffPresenter, planOptions } from './diff.js';
import { treeOf } from './fixtures.js';

describe('diffPresenter', () => {
  const from = treeOf({
    reference: 'p-v1',
    title: 'Plan',
    status: 'published',
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
      ['P2', 'Support victims', [['C3', 'Victim hub']]],
      ['P3', 'Old priority', []],
    ],
  });
  const to = treeOf({
    reference: 'p-v2',
    title: 'Plan',
    version: 2,
    priorityLabel: 'Objective',
    shape: [
      [
        'P2',
        'Support victims and witnesses',
        [
          ['C3', 'Victim hub'],
          ['C2', 'Tackle burglary and robbery'],
        ],
      ],
      ['P1', 'Cut crime', [['C1', 'More patrols']]],
      ['P4', 'New priority', [['C9', 'Brand new']]],
    ],
  });
  const view = diffPresenter(from, to, diffPlans(from, to));
  const group = (groups: typeof view.priorityGroups, id: string) => groups.find((g) => g.id === id)!.rows;

  it('groups priorities as added, removed, changed (old → new title) and moved', () => {
    expect(group(view.priorityGroups, 'priorities-added')).toEqual([{ reference: 'P4', title: 'New priority' }]);
    expect(group(view.priorityGroups, 'priorities-removed')).toEqual([{ reference: 'P3', title: 'Old priority' }]);
    expect(group(view.priorityGroups, 'priorities-changed')).toEqual([
      { reference: 'P2', title: 'Support victims and witnesses', previousTitle: 'Support victims', fields: 'title' },
    ]);
    expect(group(view.priorityGroups, 'priorities-moved').map((r) => r.reference)).toHaveLength(1);
  });

  it('names where a commitment sits and where it moved from, using each version’s numbering', () => {
    expect(group(view.commitmentGroups, 'commitments-added')).toEqual([{ reference: 'C9', title: 'Brand new', place: 'Objective 3: New priority' }]);
    const moved = group(view.commitmentGroups, 'commitments-moved');
    expect(moved).toEqual([
      {
        reference: 'C2',
        title: 'Tackle burglary and robbery',
        previousTitle: 'Tackle burglary',
        place: 'Objective 1: Support victims and witnesses',
        previousPlace: 'Objective 1: Cut crime',
        fields: 'title',
      },
    ]);
    expect(group(view.commitmentGroups, 'commitments-removed')).toEqual([]);
    expect(view.hasPriorityChanges && view.hasCommitmentChanges).toBe(true);
    expect(view.noChanges).toBe(false);
    expect(view.from.label).toBe('Plan (p-v1, version 1, published)');
  });

  it('says when nothing changed, and when the same plan was chosen twice', () => {
    const same = diffPresenter(from, from, diffPlans(from, from));
    expect(same.same).toBe(true);
    expect(same.noChanges).toBe(true);
    expect(same.hasPriorityChanges).toBe(false);
  });

  it('lists every plan as a choice with the selected one marked', () => {
    const options = planOptions([from, to], to.id);
    expect(options.map((o) => o.selected)).toEqual([false, true]);
    expect(options[1].text).toBe('Plan (p-v2, version 2, draft)');
  });
});
