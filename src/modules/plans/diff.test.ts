import { describe, expect, it } from 'vitest';
import { diffPlans, inOrder, type DiffInput } from './diff.js';

const base: DiffInput = {
  priorities: [
    {
      reference: 'P1',
      title: 'Victims',
      commitments: [
        { reference: 'C1', title: 'Fund services' },
        { reference: 'C2', title: 'Listen' },
      ],
    },
    { reference: 'P2', title: 'Crime', commitments: [{ reference: 'C3', title: 'Reduce burglary' }] },
    { reference: 'P3', title: 'Partnership', commitments: [] },
  ],
};

describe('inOrder', () => {
  it('keeps the longest run that stayed in order', () => {
    expect([...inOrder(['a', 'c', 'b'], ['a', 'b', 'c'])].sort()).toHaveLength(2);
    expect(inOrder(['x', 'a', 'b'], ['a', 'b'])).toEqual(new Set(['a', 'b']));
  });
});

describe('diffPlans', () => {
  it('finds nothing between identical versions', () => {
    const d = diffPlans(base, structuredClone(base));
    expect(d.counts).toEqual({ added: 0, removed: 0, changed: 0, moved: 0 });
  });

  it('reports added, removed, changed and moved items', () => {
    const next: DiffInput = {
      priorities: [
        { reference: 'P0', title: 'New first', commitments: [] },
        {
          reference: 'P2',
          title: 'Crime and ASB',
          commitments: [
            { reference: 'C3', title: 'Reduce burglary' },
            { reference: 'C2', title: 'Listen' },
          ],
        },
        { reference: 'P1', title: 'Victims', commitments: [{ reference: 'C1', title: 'Fund more services' }] },
      ],
    };
    const d = diffPlans(base, next);
    const p = Object.fromEntries(d.priorities.map((x) => [x.reference, x]));
    expect(p.P0.status).toBe('added');
    expect(p.P3.status).toBe('removed');
    expect(p.P2.changedFields).toEqual(['title']);
    expect(p.P2.previousTitle).toBe('Crime');
    // P1 and P2 swapped: exactly one of them counts as moved.
    expect([p.P1.moved, p.P2.moved].filter(Boolean)).toHaveLength(1);
    const c = Object.fromEntries(d.commitments.map((x) => [x.reference, x]));
    expect(c.C1.changedFields).toEqual(['title']);
    expect(c.C1.moved).toBe(false);
    expect(c.C2.moved).toBe(true);
    expect(c.C2.previousPriorityReference).toBe('P1');
    expect(c.C3.moved).toBe(false);
    expect(d.counts.added).toBe(1);
    expect(d.counts.removed).toBe(1);
  });

  it('does not mark later items moved when one is inserted', () => {
    const next = structuredClone(base);
    next.priorities.unshift({ reference: 'P9', title: 'Inserted', commitments: [] });
    const d = diffPlans(base, next);
    expect(d.counts).toEqual({ added: 1, removed: 0, changed: 0, moved: 0 });
  });
});
