import { describe, expect, it } from 'vitest';
import { statutoryChecklist } from './checklist.js';

describe('statutoryChecklist', () => {
  it('shows every element as a gap for an empty plan', () => {
    const r = statutoryChecklist({ priorities: [], sections: [] });
    expect(r.gaps).toEqual(['objectives', 'policing', 'resources', 'reporting', 'performance', 'grants']);
  });

  it('counts priorities, force priorities, measures and tagged sections', () => {
    const r = statutoryChecklist({
      priorities: [{ title: 'A', forcePriorities: [{}], measures: [{}] }],
      sections: [
        { title: 'Money', covers: ['resources', 'grants'] },
        { title: 'Governance', covers: ['reporting'] },
      ],
    });
    expect(r.gaps).toEqual([]);
    expect(r.items.find((i) => i.element === 'grants')?.coveredBy).toEqual(['Section “Money”']);
  });

  it('leaves what is not tagged as a gap', () => {
    const r = statutoryChecklist({ priorities: [{ title: 'A', forcePriorities: [], measures: [] }], sections: [{ title: 'x', covers: ['resources'] }] });
    expect(r.gaps).toEqual(['policing', 'reporting', 'performance', 'grants']);
  });

  it('counts what the plan links in other modules: measures, budgets, grants, reporting', () => {
    const r = statutoryChecklist({ priorities: [{ title: 'A', forcePriorities: [{}], measures: [] }], sections: [] }, [
      { element: 'performance', coveredBy: ['Measure “Neighbourhood crime” (A)'] },
      { element: 'resources', coveredBy: ['Budget 2025/26'] },
    ]);
    expect(r.gaps).toEqual(['reporting', 'grants']);
    expect(r.items.find((i) => i.element === 'performance')?.coveredBy).toEqual(['Measure “Neighbourhood crime” (A)']);
  });
});
