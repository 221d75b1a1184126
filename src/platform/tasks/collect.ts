import type { AppModule, Task, TaskUser } from '../context.js';
import type { FastifyBaseLogger } from 'fastify';

export interface CollectedTasks {
  tasks: (Task & { module: string })[];
  /** Tasks per module name (for the navigation). */
  counts: Record<string, number>;
  total: number;
}

/** Soonest first; undated tasks last, then by title. */
export function byDue(a: Task, b: Task): number {
  if (a.due && b.due && a.due !== b.due) return a.due < b.due ? -1 : 1;
  if (Boolean(a.due) !== Boolean(b.due)) return a.due ? -1 : 1;
  return a.title.localeCompare(b.title);
}

/**
 * Asks every module what waits for this person. A module whose provider fails is left out (and
 * logged): one module's error never hides the others' tasks or fails the page.
 */
export async function collectTasks(modules: AppModule[], user: TaskUser, now: Date, logger?: FastifyBaseLogger): Promise<CollectedTasks> {
  const lists = await Promise.all(
    modules.map(async (m) => {
      if (!m.tasks) return [];
      try {
        return (await m.tasks(user, now)).map((t) => ({ ...t, module: m.name }));
      } catch (err) {
        logger?.error({ err, module: m.name }, 'tasks provider failed');
        return [];
      }
    }),
  );
  const tasks = lists.flat().sort(byDue);
  const counts: Record<string, number> = {};
  for (const t of tasks) counts[t.module] = (counts[t.module] ?? 0) + 1;
  return { tasks, counts, total: tasks.length };
}

/**
 * The navigation's counts, kept a short while per person so that a page does not ask every
 * module on every request. A change the person makes shows on the home page at once (it is
 * never cached there) and in the navigation within `ttlMs`.
 */
export function taskCountCache(collect: (user: TaskUser) => Promise<CollectedTasks>, ttlMs = 30_000, clock = () => Date.now()) {
  const cache = new Map<string, { at: number; value: Promise<CollectedTasks> }>();
  return {
    get(user: TaskUser): Promise<CollectedTasks> {
      const key = `${user.id}:${user.role}`;
      const hit = cache.get(key);
      if (hit && clock() - hit.at < ttlMs) return hit.value;
      if (cache.size > 1000) cache.clear();
      const value = collect(user);
      value.catch(() => cache.delete(key));
      cache.set(key, { at: clock(), value });
      return value;
    },
    forget(userId: string) {
      for (const k of cache.keys()) if (k.startsWith(`${userId}:`)) cache.delete(k);
    },
  };
}
