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
});
