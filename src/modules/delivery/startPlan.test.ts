import { describe, expect, it } from 'vitest';
import { actionsFromPriorities, carriedDueDate, firstYearOf } from './startPlan.js';

const fy = { start: '2026-04-01', end: '2027-03-31' };

describe('starting a delivery plan from the record', () => {
  it('makes one action per commitment of each priority, or one for a priority without commitments', () => {
    const rows = actionsFromPriorities(
      {
        priorities: [
          {
            id: 'p1',
            reference: 'P1',
            title: 'Safer streets',
            commitments: [
              { id: 'c1', reference: 'P1-C1', title: 'More patrols' },
              { id: 'c2', reference: 'P1-C2', title: 'x'.repeat(250) },
            ],
          },
          { id: 'p2', reference: 'P2', title: 'Victims first', commitments: [] },
        ],
      } as never,
      fy,
    );
    expect(rows.map((r) => [r.reference, r.commitmentId, r.priorityId, r.dueDate])).toEqual([
      ['P1-A1', 'c1', 'p1', '2027-03-31'],
      ['P1-A2', 'c2', 'p1', '2027-03-31'],
      ['P2-A1', null, 'p2', '2027-03-31'],
    ]);
    expect(rows[1].title).toHaveLength(200);
    expect(rows[1].description).toBe('x'.repeat(250));
  });

  it('starts in the financial year containing today, kept within the plan’s term', () => {
    const term = { termStart: '2024-05-13', termEnd: '2029-03-31' };
    expect(firstYearOf(term, '2026-12-05')).toBe(2026);
    expect(firstYearOf(term, '2027-01-10')).toBe(2026);
    expect(firstYearOf(term, '2023-01-01')).toBe(2024);
    expect(firstYearOf(term, '2031-06-01')).toBe(2028);
  });

  it('keeps a carried action’s due date if it is still ahead, else gives it the end of the new year', () => {
    expect(carriedDueDate('2026-03-31', fy)).toBe('2027-03-31');
    expect(carriedDueDate(null, fy)).toBe('2027-03-31');
    expect(carriedDueDate('2026-09-30', fy)).toBe('2026-09-30');
  });
});

describe('what happens next to an action', () => {
  it('names who acts', async () => {
    const { actionNextStep } = await import('./presenters/planLinks.js');
    expect(actionNextStep({ ownerName: 'Frankie Lead', closed: false, pendingUpdates: 0 })).toBe(
      'Next, Frankie Lead posts an update for this quarter; an editor then approves it before it is public.',
    );
    expect(actionNextStep({ ownerName: 'Frankie Lead', closed: false, pendingUpdates: 1 })).toContain('an editor approves the update waiting below');
    expect(actionNextStep({ ownerName: null, closed: false, pendingUpdates: 0 })).toContain('gives the action an owner');
    expect(actionNextStep({ ownerName: 'Frankie Lead', closed: true, pendingUpdates: 0 })).toContain('Nothing more is due');
  });
});
