import { isIPv6 } from 'node:net';
import type { Database } from '../../db/index.js';
import { addThrottleFailure, clearThrottle, recentAccountFailures, setThrottleBlock, throttleRow } from './identityRepository.js';

/** Failures from one source at one account before it has to wait. */
export const FREE_FAILURES = 3;
/** The longest wait between tries (growing delays double up to this). */
export const MAX_DELAY_SECONDS = 15 * 60;
/** Failures are forgotten after this long without another. */
export const FORGET_AFTER_MS = 60 * 60 * 1000;
/** Failures at one account from all sources within FORGET_AFTER_MS that make us tell its owner. */
export const NOTIFY_AFTER_FAILURES = 10;

/** Seconds to wait after the n-th failure in a row from one source: 0, 0, 0, 2, 4, 8 … 900. */
export function delayAfter(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS);
}

/**
 * Where an attempt comes from: the client address, IPv6 by its /64 network (one home or device
 * holds a whole /64, so counting single addresses would let it try billions of times).
 */
export function sourceOf(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = ip.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export interface FailureOutcome {
  /** Seconds this source must now wait before trying this account again. */
  waitSeconds: number;
  /** True when the failures at this account from all sources have reached NOTIFY_AFTER_FAILURES (the e-mail is deduplicated per day). */
  notifyOwner: boolean;
}

/**
 * Sign-in throttling per account and source together, as OWASP recommends instead of locking
 * accounts: a stranger's failures slow only that stranger's tries at that account, never the
 * owner's from elsewhere, and many failures are reported to the owner instead. State is in the
 * database, so it holds across processes.
 */
export function createSignInThrottle(database: Database, opts: { now?: () => Date } = {}) {
  const now = opts.now ?? (() => new Date());

  /** Seconds this source must still wait before it may try this account (0: it may try now). */
  async function waitSeconds(accountKey: string, source: string): Promise<number> {
    const row = await throttleRow(database.db, accountKey, source);
    if (!row?.blockedUntil) return 0;
    return Math.max(0, Math.ceil((row.blockedUntil.getTime() - now().getTime()) / 1000));
  }

  async function fail(accountKey: string, source: string): Promise<FailureOutcome> {
    const at = now();
    const since = new Date(at.getTime() - FORGET_AFTER_MS);
    return database.transaction(async (tx) => {
      const failures = await addThrottleFailure(tx, accountKey, source, at, since);
      const wait = delayAfter(failures);
      await setThrottleBlock(tx, accountKey, source, wait ? new Date(at.getTime() + wait * 1000) : null);
      const after = await recentAccountFailures(tx, accountKey, since);
      return {
        waitSeconds: wait,
        notifyOwner: after.failures >= NOTIFY_AFTER_FAILURES,
      };
    });
  }

  async function succeed(accountKey: string, source: string): Promise<void> {
    await clearThrottle(database.db, accountKey, source);
  }

  return { waitSeconds, fail, succeed, now };
}
export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
