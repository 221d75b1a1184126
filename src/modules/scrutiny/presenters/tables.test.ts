import { describe, expect, it } from 'vitest';
import type { Deadline } from '../calendar.js';
import { actionsTable, calendarTables, inspectionsTable, publicationTable, risksTable } from './tables.js';

const inspection = (over: Partial<{ publishedOn: string; commentsPublishedOn: string | null }>) => ({
  inspection: {
    id: 'i',
    reference: 'peel',
    title: 'PEEL',
    kind: 'peel' as const,
    publishedOn: '2025-01-01',
    summary: null,
    url: null,
    commentsText: null,
    commentsPublishedOn: null,
    isDemo: false,
    createdAt: new Date(),
    ...over,
  },
  findings: [],
});

describe('register tables', () => {
  it('flags HMICFRS comments as due, overdue, on time or late', () => {
    const tag = (today: string, over = {}) => inspectionsTable([inspection(over)], today, '/x', false).rows[0][5].tag;
    expect(tag('2025-02-25')).toEqual({ text: 'Due', colour: 'blue' });
    expect(tag('2025-02-26')).toEqual({ text: 'Overdue', colour: 'red' });
    expect(tag('2025-06-01', { commentsPublishedOn: '2025-02-20' })!.colour).toBe('green');
    expect(tag('2025-06-01', { commentsPublishedOn: '2025-03-01' })!.colour).toBe('yellow');
    expect(inspectionsTable([inspection({})], '2025-01-02', '/scrutiny/inspections', false).rows[0][1].href).toBe('/scrutiny/inspections/peel');
  });
  it('groups the calendar by month and marks overdue and done', () => {
    const ev = (date: string, done = false): Deadline => ({ uid: date, date, kind: 'annual-report', title: `t${date}`, detail: '', done, isPublic: true });
    const tables = calendarTables([ev('2025-01-05', true), ev('2025-01-20'), ev('2025-03-01')], '2025-01-10');
    expect(tables.map((t) => t.caption)).toEqual(['January 2025', 'March 2025']);
    expect(tables[0].rows.map((r) => r[2].tag!.text)).toEqual(['Done', 'Due']);
    expect(calendarTables([ev('2025-01-05')], '2025-01-10')[0].rows[0][2].tag!.text).toBe('Overdue');
  });
  it('shows risk scores with bands, overdue reviews, overdue actions and overdue publications', () => {
    const risk = {
      id: 'r',
      reference: 'R1',
      kind: 'risk' as const,
      title: 'T',
      description: 'D',
      likelihood: 5,
      impact: 4,
      owner: 'O',
      mitigations: null,
      reviewDate: '2025-01-01',
      closed: false,
      isPublic: false,
      isDemo: false,
    };
    const row = risksTable([risk], '2025-02-01', 'Risks').rows[0];
    expect(row[2].tag).toEqual({ text: '5 × 4 = 20 (very high)', colour: 'red' });
    expect(row[5].tag!.text).toContain('Review overdue');
    const action = {
      id: 'a',
      meetingId: 'm',
      description: 'Do',
      owner: 'ACC',
      dueDate: '2025-01-01',
      status: 'open' as const,
      closedOn: null,
      closureNote: null,
    };
    expect(actionsTable([action], '2025-01-02', 'A').rows[0][3].tag!.text).toBe('Overdue');
    const cls = { id: 'c', key: 'k', position: 1, title: 'Budget', requirement: 'r', maxAgeDays: 30, whereUrl: null, lastUpdated: '2025-01-01' };
    expect(publicationTable([cls], '2025-03-01').rows[0][3].tag!.text).toBe('Overdue');
    expect(publicationTable([{ ...cls, lastUpdated: null }], '2025-03-01').rows[0][3].tag!.text).toBe('Not yet published');
  });
});
