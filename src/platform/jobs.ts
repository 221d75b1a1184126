import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { rowsOf, type Database, type Db } from '../db/index.js';
import { jobs, schedulerRuns } from './schema.js';

export type Job = typeof jobs.$inferSelect;
export interface JobContext {
  job: Job;
  /** Reports progress (shown on the job's page); cheap enough to call every few thousand rows. */
  progress(done: number, total?: number, message?: string): Promise<void>;
}
type Handler = (ctx: JobContext) => Promise<unknown>;

/**
 * A small job queue in the database (no second server): `enqueue` from a request, `register` a
 * handler per kind, and every app process polls and claims jobs with FOR UPDATE SKIP LOCKED.
 * Scheduled tasks (`every`) record their last run so a restart neither skips nor repeats one.
 * See docs/adr/0004-jobs-in-postgres.md.
 */
export function createJobs(database: Database, logger: FastifyBaseLogger) {
  const handlers = new Map<string, Handler>();
  const schedules: { name: string; everyMs: number; fn: (since: Date | null) => Promise<string | void> }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let stopped = false;

  /**
   * Queues a job. `within` runs in the same transaction as the job's row (its audit row, say), so
   * the job is queued with it or not at all.
   */
  async function enqueue(
    kind: string,
    payload: Record<string, unknown>,
    createdBy?: string | null,
    within?: (tx: Db, jobId: string) => Promise<unknown>,
  ): Promise<string> {
    const id = await database.transaction(async (tx) => {
      const [j] = await tx
        .insert(jobs)
        .values({ kind, payload, createdBy: createdBy ?? null })
        .returning({ id: jobs.id });
      await within?.(tx, j.id);
      return j.id;
    });
    setImmediate(() => void tick());
    return id;
  }

  async function get(id: string): Promise<Job | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [j] = await database.db.select().from(jobs).where(eq(jobs.id, id));
    return j;
  }

  function register(kind: string, handler: Handler) {
    handlers.set(kind, handler);
  }

  /** Runs `fn` at most every `everyMs`; `since` is when it last ran (null the first time). */
  function every(name: string, everyMs: number, fn: (since: Date | null) => Promise<string | void>) {
    schedules.push({ name, everyMs, fn });
  }

  async function claim(): Promise<Job | undefined> {
    const kinds = [...handlers.keys()];
    if (!kinds.length) return undefined;
    return database.transaction(async (tx) => {
      const rows = await tx.execute(sql`
        select id from jobs where status = 'queued' and kind in (${sql.join(
          kinds.map((k) => sql`${k}`),
          sql`, `,
        )})
        order by created_at limit 1 for update skip locked`);
      const id = rowsOf<{ id: string }>(rows)[0]?.id;
      if (!id) return undefined;
      const [j] = await tx.update(jobs).set({ status: 'running', startedAt: new Date() }).where(eq(jobs.id, id)).returning();
      return j;
    });
  }

  async function runJob(job: Job) {
    const handler = handlers.get(job.kind)!;
    try {
      const result = await handler({
        job,
        progress: async (done, total, message) => {
          await database.db
            .update(jobs)
            .set({ progress: done, total: total ?? null, message: message ?? null })
            .where(eq(jobs.id, job.id));
        },
      });
      await database.db
        .update(jobs)
        .set({ status: 'done', result: result ?? null, finishedAt: new Date() })
        .where(eq(jobs.id, job.id));
    } catch (err) {
      logger.warn({ err, job: job.id, kind: job.kind }, 'job failed');
      await database.db
        .update(jobs)
        .set({
          status: 'failed',
          message: errorMessage(err),
          result: { error: errorMessage(err), details: (err && typeof err === 'object' && 'details' in err ? err.details : null) ?? null },
          finishedAt: new Date(),
        })
        .where(eq(jobs.id, job.id));
    }
  }

  async function runSchedules(now = new Date()) {
    for (const s of schedules) {
      // Claim the run atomically: only one process runs a task per interval.
      const claimed = await database.transaction(async (tx) => {
        // The task's lock, held to the end of this transaction: FOR UPDATE alone locks nothing
        // before the task's first run, when two processes would both see no row and both run it.
        await tx.execute(sql`select pg_advisory_xact_lock(7301730, hashtext(${s.name}))`);
        const rows = await tx.execute(sql`select last_run_at from scheduler_runs where name = ${s.name} for update`);
        const last = rowsOf<{ last_run_at: string | Date }>(rows)[0]?.last_run_at;
        const lastAt = last ? new Date(last) : null;
        if (lastAt && now.getTime() - lastAt.getTime() < s.everyMs) return undefined;
        await tx
          .insert(schedulerRuns)
          .values({ name: s.name, lastRunAt: now })
          .onConflictDoUpdate({ target: schedulerRuns.name, set: { lastRunAt: now } });
        return { since: lastAt };
      });
      if (!claimed) continue;
      try {
        const result = await s.fn(claimed.since);
        await database.db
          .update(schedulerRuns)
          .set({ lastResult: result ?? 'ok' })
          .where(eq(schedulerRuns.name, s.name));
      } catch (err) {
        logger.error({ err, task: s.name }, 'scheduled task failed');
        await database.db
          .update(schedulerRuns)
          .set({ lastResult: `failed: ${errorMessage(err)}` })
          .where(eq(schedulerRuns.name, s.name));
      }
    }
  }

  /** One pass: run queued jobs until none is left, then the scheduled tasks that are due. */
  async function tick() {
    if (running || stopped) return;
    running = true;
    try {
      for (let job = await claim(); job && !stopped; job = await claim()) await runJob(job);
      if (!stopped) await runSchedules();
    } catch (err) {
      logger.error({ err }, 'job loop failed');
    } finally {
      running = false;
    }
  }

  /** Jobs left "running" by a process that died are queued again. */
  async function recover() {
    await database.db
      .update(jobs)
      .set({ status: 'queued' })
      .where(and(eq(jobs.status, 'running')));
  }

  function start(pollMs = 2000) {
    stopped = false;
    timer = setInterval(() => void tick(), pollMs);
    void recover().then(() => tick());
  }

  async function stop() {
    stopped = true;
    if (timer) clearInterval(timer);
    while (running) await new Promise((r) => setTimeout(r, 50));
  }

  /** Runs everything due now and waits (for tests and the CLI). */
  async function drain() {
    while (running) await new Promise((r) => setTimeout(r, 20));
    await tick();
  }

  return { enqueue, get, register, every, start, stop, drain, runSchedules };
}
export type Jobs = ReturnType<typeof createJobs>;

/** What went wrong, from a thrown value: its message, or the value itself as text. */
export function errorMessage(err: unknown): string {
  return err && typeof err === 'object' && 'message' in err && typeof err.message === 'string' ? err.message : String(err);
}
