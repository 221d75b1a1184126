import { eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/index.js';
import { sessions } from './schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Callback = (err?: any, value?: any) => void;
const DEFAULT_TTL_MS = 8 * 60 * 60 * 1000;
/**
 * A session whose data did not change is written again only when its expiry has moved on by this
 * much (a rolling session would otherwise be rewritten on every request): it then ends at most
 * this long before its cookie would have.
 */
export const EXPIRY_REFRESH_MS = 5 * 60 * 1000;
/** Sessions read and not yet written back, remembered with the expiry read (a bound, not a cache). */
const MAX_REMEMBERED = 10_000;

/** What @fastify/session hands to set(): the session, with whether it changed since it was read. */
interface SessionLike {
  cookie?: { expires?: Date | string | null };
  isModified?: () => boolean;
}

/**
 * Sessions kept in Postgres (the `sessions` table), so that any number of app processes can
 * serve any request and sessions outlive a restart. Implements the store interface of
 * @fastify/session. Each call is one prepared statement (a read, one upsert, a delete), and an
 * unchanged session is not rewritten just to push its expiry on by a few seconds.
 */
export class PostgresSessionStore {
  private readonly getQuery;
  private readonly setQuery;
  private readonly destroyQuery;
  /** sid → the expiry stored when this process read it, until it writes it back. */
  private readonly read = new Map<string, number>();

  /**
   * `onError` hears of an exception thrown by @fastify/session's callback (the rest of the
   * request runs inside it): it is reported there and never escapes as an unhandled rejection.
   */
  constructor(
    private readonly database: Database,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    const { db } = database;
    this.getQuery = db
      .select({ data: sessions.data, expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(eq(sessions.sid, sql.placeholder('sid')))
      .prepare('openpcc_session_get');
    this.setQuery = db
      .insert(sessions)
      .values({ sid: sql.placeholder('sid'), data: sql.placeholder('data'), expiresAt: sql.placeholder('expiresAt') })
      .onConflictDoUpdate({ target: sessions.sid, set: { data: sql`excluded.data`, expiresAt: sql`excluded.expires_at` } })
      .prepare('openpcc_session_set');
    this.destroyQuery = db
      .delete(sessions)
      .where(eq(sessions.sid, sql.placeholder('sid')))
      .prepare('openpcc_session_destroy');
  }

  set(sid: string, session: SessionLike, cb: Callback) {
    const s = session;
    const exp = s.cookie?.expires ? new Date(s.cookie.expires) : new Date(Date.now() + DEFAULT_TTL_MS);
    const stored = this.read.get(sid);
    this.read.delete(sid);
    if (stored !== undefined && typeof s.isModified === 'function' && !s.isModified() && exp.getTime() - stored < EXPIRY_REFRESH_MS) {
      return cb();
    }
    // The jsonb column serialises the session as JSON (the cookie through its toJSON).
    this.settle(this.setQuery.execute({ sid, data: session, expiresAt: exp }), cb, () => undefined);
  }

  get(sid: string, cb: Callback) {
    this.settle(this.getQuery.execute({ sid }), cb, ([row]) => {
      if (!row || row.expiresAt < new Date()) return null;
      const oldest = this.read.keys().next();
      if (this.read.size >= MAX_REMEMBERED && !oldest.done) this.read.delete(oldest.value);
      this.read.set(sid, row.expiresAt.getTime());
      return row.data;
    });
  }

  destroy(sid: string, cb: Callback) {
    this.read.delete(sid);
    this.settle(this.destroyQuery.execute({ sid }), cb, () => undefined);
  }

  /** Calls back once with the result or the error, outside the promise, catching what the callback throws. */
  private settle<T>(query: Promise<T>, cb: Callback, value: (result: T) => unknown) {
    query.then(
      (result) => {
        let v: unknown;
        try {
          v = value(result);
        } catch (e) {
          return this.call(cb, e);
        }
        this.call(cb, undefined, v);
      },
      (e: unknown) => this.call(cb, e),
    );
  }

  private call(cb: Callback, err?: unknown, value?: unknown) {
    try {
      if (err) cb(err);
      else cb(undefined, value);
    } catch (e) {
      this.onError(e);
    }
  }

  async prune(): Promise<void> {
    await this.database.db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  }
}
