import { describe, expect, it } from 'vitest';
import { measureEvidence } from './planEvidence.js';

const plan = {
  id: 'p',
  reference: 'area-2030',
  title: 'Plan',
  version: 1,
  termStart: '2026-04-01',
  termEnd: '2030-03-31',
  priorities: [
    { id: 'a', reference: 'P1', title: 'Safer streets' },
    { id: 'b', reference: 'P2', title: 'Victims' },
  ],
};

describe('measureEvidence', () => {
  it('covers performance with the measures linked to the plan’s priorities, listed under each', () => {
    const e = measureEvidence(plan, [
      { reference: 'asb', name: 'Antisocial behaviour', planReference: 'area-2030', priorityRefs: ['P1'] },
      { reference: 'burglary', name: 'Burglary', planReference: 'area-2030', priorityRefs: ['P1'] },
      { reference: 'other', name: 'Of another plan', planReference: 'older-plan', priorityRefs: ['P2'] },
    ]);
    expect(e.covers).toEqual([{ element: 'performance', coveredBy: ['2 measures of the performance pages under “Safer streets”'] }]);
    expect(e.byPriority?.P1?.map((m) => m.text)).toEqual(['Antisocial behaviour', 'Burglary']);
    expect(e.byPriority?.P2).toBeUndefined();
  });

  it('leaves performance uncovered when no measure is linked', () => {
    expect(measureEvidence(plan, []).covers).toEqual([]);
  });
});
