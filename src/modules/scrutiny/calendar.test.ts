import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR_SETTINGS, deriveCalendar, remindersDue, type CalendarInputs } from './calendar.js';

const names = { scrutinyBodyName: 'Northshire Police and Crime Panel', electedHeadTitle: 'Mayor', chiefOfficerTitle: 'Chief Constable' };
const empty: CalendarInputs = { names, settings: DEFAULT_CALENDAR_SETTINGS, inspections: [], recommendations: [], meetings: [], actions: [], risks: [] };

describe('statutory calendar', () => {
  it('derives the HMICFRS comments deadline from the publication date', () => {
    const events = deriveCalendar(
      { ...empty, inspections: [{ id: 'i1', reference: 'peel-2025', title: 'PEEL 2025', publishedOn: '2025-04-10', commentsPublishedOn: null }] },
      '2025-01-01',
      '2025-12-31',
    );
    const h = events.find((e) => e.kind === 'hmicfrs-comments')!;
    expect(h.date).toBe('2025-06-04');
    expect(h.done).toBe(false);
    expect(h.detail).toContain('Mayor');
  });
  it('has precept dates each year and the plan issue after an election, with the body names from settings', () => {
    const events = deriveCalendar({ ...empty, settings: { ...DEFAULT_CALENDAR_SETTINGS, lastElectionDate: '2024-05-02' } }, '2025-01-01', '2025-12-31');
    const dates = events.map((e) => `${e.date} ${e.kind}`);
    expect(dates).toContain('2025-02-01 precept-proposal');
    expect(dates).toContain('2025-02-08 precept-panel-report');
    expect(dates).toContain('2025-03-31 plan-issue');
    expect(dates).toContain('2025-07-31 annual-report');
    expect(events.find((e) => e.kind === 'precept-proposal')!.title).toContain('Northshire Police and Crime Panel');
    expect(events.map((e) => e.date)).toEqual([...events.map((e) => e.date)].sort());
    expect(events.every((e) => e.date >= '2025-01-01' && e.date <= '2025-12-31')).toBe(true);
  });
  it('includes recommendation responses, marking the answered ones done', () => {
    const events = deriveCalendar(
      {
        ...empty,
        recommendations: [
          { id: 'r1', reportId: 'x', reportTitle: 'Draft plan', position: 1, responseDue: '2025-03-01', responded: true },
          { id: 'r2', reportId: 'x', reportTitle: 'Draft plan', position: 2, responseDue: '2025-03-01', responded: false },
        ],
      },
      '2025-01-01',
      '2025-12-31',
    ).filter((e) => e.kind === 'recommendation-response');
    expect(events.map((e) => e.done)).toEqual([true, false]);
  });
  it('reminds of what is coming up and of what is overdue, once each', () => {
    const events = deriveCalendar(
      { ...empty, inspections: [{ id: 'i1', reference: 'p', title: 'P', publishedOn: '2025-01-01', commentsPublishedOn: null }] },
      '2025-01-01',
      '2025-12-31',
    );
    const before = remindersDue(events, '2025-02-15', 14).filter((r) => r.deadline.kind === 'hmicfrs-comments');
    expect(before).toHaveLength(1);
    expect(before[0].overdue).toBe(false);
    const after = remindersDue(events, '2025-03-01', 14).filter((r) => r.deadline.kind === 'hmicfrs-comments');
    expect(after[0].overdue).toBe(true);
    expect(after[0].dedupeKey).not.toBe(before[0].dedupeKey);
    expect(remindersDue(events, '2025-01-02', 14).filter((r) => r.deadline.kind === 'hmicfrs-comments')).toHaveLength(0);
  });
});
