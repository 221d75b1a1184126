import type { Plan, PlanTree } from '../plansRepository.js';

/** Small plans for presenter and export tests (no database). */
let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

export function fixturePlan(over: Partial<Plan> = {}): Plan {
  return {
    id: id(),
    reference: 'area-2020-23',
    title: 'Police and Crime Plan 2020–2023',
    termStart: '2020-04-01',
    termEnd: '2023-03-31',
    status: 'published',
    version: 1,
    previousVersionId: null,
    priorityLabel: 'Objective',
    summary: 'A summary.',
    vision: null,
    mission: null,
    values: [],
    publishedAt: new Date('2020-04-01T09:00:00Z'),
    createdAt: new Date('2020-03-01T09:00:00Z'),
    updatedAt: new Date('2020-03-01T09:00:00Z'),
    ...over,
  };
}

export function fixtureTree(over: Partial<Plan> = {}): PlanTree {
  const plan = fixturePlan(over);
  const o1 = { id: id(), planId: plan.id, reference: 'O1', position: 1, title: 'Fewer victims', description: null };
  const p1 = id();
  const p2 = id();
  return {
    ...plan,
    vision: plan.vision ?? 'Safe & <strong> communities',
    mission: 'Listen\n\nAct',
    values: ['Openness'],
    outcomes: [o1],
    priorities: [
      {
        id: p1,
        planId: plan.id,
        reference: 'P1',
        position: 1,
        title: 'Cut burglary',
        narrative: 'First paragraph.\n\n- one\n- two\n\nLast paragraph.',
        achievements: ['did a thing'],
        plannedActions: ['will do a thing'],
        commitments: [
          { id: id(), planId: plan.id, priorityId: p1, reference: 'P1-C1', position: 1, title: 'Visit every ward', description: null },
          { id: id(), planId: plan.id, priorityId: p1, reference: 'P1-C2', position: 2, title: 'Answer every call', description: 'Within a day.' },
        ],
        forcePriorities: [
          {
            id: id(),
            planId: plan.id,
            priorityId: p1,
            reference: 'P1-F1',
            position: 1,
            title: 'Reduce neighbourhood crime',
            lead: 'ACC Operations',
            areasOfFocus: ['House burglary', 'Robbery'],
          },
        ],
        measures: [{ id: id(), priorityId: p1, position: 1, measure: 'Burglaries recorded', outcome: 'Fewer burglaries' }],
        outcomeIds: [o1.id],
      },
      {
        id: p2,
        planId: plan.id,
        reference: 'P2',
        position: 3, // a gap: numbers come from the order, not the position
        title: 'Support victims',
        narrative: null,
        achievements: [],
        plannedActions: [],
        commitments: [],
        forcePriorities: [],
        measures: [],
        outcomeIds: [],
      },
    ],
    sections: [{ id: id(), planId: plan.id, reference: 'S1', position: 1, title: 'Finance', body: 'Money.\n1. first\n2. second', covers: ['resources'] }],
  };
}
