import { describe, expect, it } from 'vitest';
import { actionState, publicationState, recommendationState, riskBand, riskScore } from './status.js';

const base = { responseDue: '2025-03-01', response: null, responseText: null, respondedAt: null, responsePublishedAt: null };

describe('recommendation state', () => {
  it('awaits a response until the due date, then is overdue', () => {
    expect(recommendationState(base, '2025-02-20')).toBe('awaiting');
    expect(recommendationState(base, '2025-03-01')).toBe('awaiting');
    expect(recommendationState(base, '2025-03-02')).toBe('overdue');
  });
  it('a draft response does not stop it being overdue', () => {
    const draft = { ...base, response: 'accept' as const, responseText: 'x', respondedAt: new Date('2025-02-01T10:00:00Z') };
    expect(recommendationState(draft, '2025-02-20')).toBe('draft-response');
    expect(recommendationState(draft, '2025-03-05')).toBe('overdue');
  });
  it('a published response is on time or late', () => {
    const pub = { ...base, response: 'reject' as const, responseText: 'x', respondedAt: new Date(), responsePublishedAt: new Date('2025-02-28T10:00:00Z') };
    expect(recommendationState(pub, '2026-01-01')).toBe('responded');
    expect(recommendationState({ ...pub, responsePublishedAt: new Date('2025-03-04T10:00:00Z') }, '2026-01-01')).toBe('responded-late');
  });
});

describe('actions, risks and publications', () => {
  it('an open action past its due date is overdue; a closed one never', () => {
    expect(actionState({ status: 'open', dueDate: '2025-01-31' }, '2025-01-31')).toBe('open');
    expect(actionState({ status: 'open', dueDate: '2025-01-31' }, '2025-02-01')).toBe('overdue');
    expect(actionState({ status: 'closed', dueDate: '2025-01-31' }, '2025-06-01')).toBe('closed');
  });
  it('scores risks likelihood × impact and bands them', () => {
    expect(riskScore(4, 5)).toBe(20);
    expect(riskBand(20)).toBe('very high');
    expect(riskBand(12)).toBe('high');
    expect(riskBand(6)).toBe('medium');
    expect(riskBand(4)).toBe('low');
    expect(() => riskScore(0, 3)).toThrow();
    expect(() => riskScore(6, 3)).toThrow();
  });
  it('flags a class of information older than it may be', () => {
    expect(publicationState({ lastUpdated: null, maxAgeDays: 365 }, '2025-01-01')).toBe('never');
    expect(publicationState({ lastUpdated: '2024-01-01', maxAgeDays: 366 }, '2025-01-01')).toBe('up-to-date');
    expect(publicationState({ lastUpdated: '2024-01-01', maxAgeDays: 365 }, '2025-01-02')).toBe('overdue');
  });
  it('holds the plan in force up to date until its term ends, however long ago it was published', () => {
    const plan = { lastUpdated: '2024-12', maxAgeDays: 366, currentUntil: '2029-03-31' };
    expect(publicationState(plan, '2029-03-31')).toBe('up-to-date');
    expect(publicationState(plan, '2029-04-01')).toBe('overdue');
  });
});
