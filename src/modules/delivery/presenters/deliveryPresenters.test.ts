import { describe, expect, it } from 'vitest';
import type { PlanTree } from '../planTypes.js';
import { rollup } from '../rollup.js';
import { parseServes, progressFilters, rollupDisplay, servesOptions, servesValue } from './deliveryPresenters.js';

const tree = {
  priorities: [
    { id: 'p1', reference: 'P1', title: 'One', commitments: [{ id: 'c1', reference: 'P1-C1', title: 'C one' }] },
    { id: 'p2', reference: 'P2', title: 'Two', commitments: [] },
  ],
} as unknown as PlanTree;

describe('delivery presenters', () => {
  it('offers priorities and their commitments, and reads the choice back', () => {
    expect(servesOptions(tree, 'c:c1').map((o) => [o.value, o.selected])).toEqual([
      ['', false], ['p:p1', false], ['c:c1', true], ['p:p2', false],
    ]);
    expect(parseServes(tree, 'c:c1')).toEqual({ priorityId: 'p1', commitmentId: 'c1' });
    expect(parseServes(tree, 'p:p2')).toEqual({ priorityId: 'p2', commitmentId: null });
    expect(parseServes(tree, 'p:nope')).toBeUndefined();
    expect(servesValue({ priorityId: 'p1', commitmentId: null })).toBe('p:p1');
  });

  it('shows "No actions" rather than 0% when there is nothing to roll up', () => {
    expect(rollupDisplay(rollup([]))).toMatchObject({ text: 'No actions', width: 0, value: null });
    const d = rollupDisplay(rollup([{ reference: 'A', progress: 40, weight: 2 }, { reference: 'B', progress: 10, weight: null }]));
    expect(d.text).toBe('30%');
    expect(d.weightsNote).toMatch(/weights add up to 3/);
    expect(d.formula).toMatch(/Σ \(weight × progress\) ÷ Σ weight/);
  });

  it('keeps only known filter values', () => {
    const f = progressFilters({ status: 'on-track', organisation: 'Nobody' }, ['Cleveland Police']);
    expect(f.status).toBe('on-track');
    expect(f.organisation).toBeUndefined();
    expect(f.active).toBe(true);
  });
});
