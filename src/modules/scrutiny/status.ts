import { daysBetween } from '../../platform/dates.js';
import type { ResponseKind } from './schema.js';

export const RESPONSE_LABELS: Record<ResponseKind, string> = {
  accept: 'Accepted',
  'partly-accept': 'Partly accepted',
  reject: 'Rejected',
};

export type RecommendationState = 'awaiting' | 'draft-response' | 'overdue' | 'responded' | 'responded-late';

export interface RecommendationLike {
  responseDue: string;
  response: ResponseKind | null;
  responseText: string | null;
  respondedAt: Date | null;
  responsePublishedAt: Date | null;
}

/**
 * Where a recommendation stands on `today` (an ISO date): a response counts once it is published;
 * until then the recommendation is overdue after its due date (a draft response does not stop it).
 */
export function recommendationState(r: RecommendationLike, today: string): RecommendationState {
  if (r.response && r.responsePublishedAt) {
    const publishedDay = r.responsePublishedAt.toISOString().slice(0, 10);
    return publishedDay > r.responseDue ? 'responded-late' : 'responded';
  }
  if (today > r.responseDue) return 'overdue';
  return r.response ? 'draft-response' : 'awaiting';
}

export const RECOMMENDATION_STATE_LABELS: Record<RecommendationState, { text: string; colour: string }> = {
  awaiting: { text: 'Awaiting response', colour: 'blue' },
  'draft-response': { text: 'Response being drafted', colour: 'light-blue' },
  overdue: { text: 'Response overdue', colour: 'red' },
  responded: { text: 'Responded', colour: 'green' },
  'responded-late': { text: 'Responded late', colour: 'yellow' },
};

export type ActionState = 'open' | 'overdue' | 'closed';
export function actionState(a: { status: 'open' | 'closed'; dueDate: string }, today: string): ActionState {
  if (a.status === 'closed') return 'closed';
  return today > a.dueDate ? 'overdue' : 'open';
}

/** Likelihood × impact on 1–5 scales, and its band. */
export function riskScore(likelihood: number, impact: number): number {
  if (![likelihood, impact].every((n) => Number.isInteger(n) && n >= 1 && n <= 5)) throw new Error('Likelihood and impact run from 1 to 5');
  return likelihood * impact;
}
export function riskBand(score: number): 'low' | 'medium' | 'high' | 'very high' {
  if (score >= 20) return 'very high';
  if (score >= 12) return 'high';
  if (score >= 5) return 'medium';
  return 'low';
}

export type PublicationState = 'up-to-date' | 'overdue' | 'never';
/**
 * A class of information is overdue when its last update is older than its allowed age; a class
 * current until a day (the plan in force, until its term ends) is overdue only after that day.
 */
export function publicationState(c: { lastUpdated: string | null; maxAgeDays: number; currentUntil?: string }, today: string): PublicationState {
  if (!c.lastUpdated) return 'never';
  if (c.currentUntil) return today > c.currentUntil ? 'overdue' : 'up-to-date';
  return daysBetween(c.lastUpdated, today) > c.maxAgeDays ? 'overdue' : 'up-to-date';
}
