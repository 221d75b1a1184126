import type { PlanTree, PriorityTree } from '../plansRepository.js';

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

/** A plan tree for presenter tests: priorities given as [reference, title, commitments as [reference, title]]. */
export function treeOf(over: Partial<PlanTree> & { shape?: [string, string, [string, string][]][] } = {}): PlanTree {
  const id = over.id ?? uuid();
  const { shape = [], ...rest } = over;
  const priorities: PriorityTree[] = shape.map(([reference, title, cs], i) => {
    const pid = uuid();
    return {
      id: pid,
      planId: id,
      reference,
      position: i + 1,
      title,
      narrative: null,
      achievements: [],
      plannedActions: [],
      outcomeIds: [],
      forcePriorities: [],
      measures: [],
      commitments: cs.map(([r, t], j) => ({ id: uuid(), planId: id, priorityId: pid, reference: r, position: j + 1, title: t, description: null })),
    };
  });
  return {
    id,
    reference: 'test-plan',
    title: 'Test plan',
    termStart: '2025-05-08',
    termEnd: '2029-05-31',
    status: 'draft',
    version: 1,
    previousVersionId: null,
    priorityLabel: 'Priority',
    summary: null,
    vision: null,
    mission: null,
    values: [],
    publishedAt: null,
    createdAt: new Date('2025-01-01T00:00:00Z'),
    updatedAt: new Date('2025-01-01T00:00:00Z'),
    outcomes: [],
    sections: [],
    priorities,
    ...rest,
  };
}
