/**
 * Results of reads over data that changes only when a revision changes (an import, say), kept in
 * memory per key until the revision moves on. The revision is asked for at most once per
 * `recheckMs` (and one query serves every call waiting on it), so a change made by another process
 * is seen within that time; a change made by this process calls invalidate() and is seen at once.
 * Results are frozen: a caller that tried to change a shared result would fail loudly instead of
 * corrupting it for the next.
 */
export interface RevisionCache {
  <T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Forget everything (this process has just changed the data). */
  invalidate(): void;
  /** `fn` with its results kept per arguments (`name` keeps different functions apart). */
  wrap<A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R>;
}

export function revisionCache(
  revision: () => Promise<string>,
  opts: {
    maxEntries?: number;
    recheckMs?: number;
    /**
     * When this process last changed the data (its transaction may still be committing): for two
     * seconds after it, the revision is asked on every call, so a change made here shows at once.
     */
    changedAt?: () => number;
  } = {},
): RevisionCache {
  const maxEntries = opts.maxEntries ?? 500;
  const recheckMs = opts.recheckMs ?? 0;
  let current: string | undefined;
  let checkedAt = 0;
  let asking: Promise<string> | undefined;
  const entries = new Map<string, Promise<unknown>>();

  async function currentRevision(): Promise<string> {
    const now = Date.now();
    const settled = !opts.changedAt || now - opts.changedAt() > 2000;
    if (current !== undefined && recheckMs > 0 && now - checkedAt < recheckMs && settled) return current;
    if (!asking) {
      asking = revision().finally(() => {
        asking = undefined;
      });
    }
    const rev = await asking;
    checkedAt = Date.now();
    if (rev !== current) {
      entries.clear();
      current = rev;
    }
    return rev;
  }

  async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    await currentRevision();
    // Cast: a key is always loaded by the same call site, so its entry holds that site's T (the Map holds many Ts).
    let hit = entries.get(key) as Promise<T> | undefined;
    if (hit) {
      // least recently used goes first: move this key to the end
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    hit = load().then(deepFreeze);
    entries.set(key, hit);
    hit.catch(() => entries.delete(key));
    const oldest = entries.keys().next();
    if (entries.size > maxEntries && !oldest.done) entries.delete(oldest.value);
    return hit;
  }
  const wrap: RevisionCache['wrap'] =
    (name, fn) =>
    (...args) =>
      cached(`${name}:${JSON.stringify(args)}`, () => fn(...args));
  const invalidate = () => {
    entries.clear();
    current = undefined;
    checkedAt = 0;
  };
  return Object.assign(cached, { wrap, invalidate });
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
