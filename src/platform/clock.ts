import { ukDate } from './format.js';

/**
 * The app's one clock. Services ask it for the time and for today's UK date, never `new Date()`,
 * so a test can set the day every module sees (and the page cache, whose keys include the day).
 */
export interface Clock {
  now(): Date;
  /** Today's date in the UK, as an ISO date. */
  today(): string;
}

export const systemClock: Clock = { now: () => new Date(), today: () => ukDate(new Date()) };

/** A clock a test moves: `set('2025-06-01')` or `set(new Date(...))`; `reset()` goes back to real time. */
export interface SettableClock extends Clock {
  set(at: string | Date): void;
  reset(): void;
}

export function settableClock(start?: string | Date): SettableClock {
  let fixed: Date | null = null;
  const clock: SettableClock = {
    now: () => (fixed ? new Date(fixed) : new Date()),
    today: () => ukDate(clock.now()),
    set: (at) => {
      fixed = typeof at === 'string' ? new Date(at.length === 10 ? `${at}T12:00:00Z` : at) : new Date(at);
    },
    reset: () => {
      fixed = null;
    },
  };
  if (start) clock.set(start);
  return clock;
}
