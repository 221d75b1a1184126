import { eq, lt } from 'drizzle-orm';
import type { Database } from '../db/index.js';
import { sessions } from './schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Callback = (err?: any, value?: any) => void;
const DEFAULT_TTL_MS = 8 * 60 * 60 * 1000;

/**
 * Sessions kept in Postgres (the `sessions` table), so that any number of app processes can
 * serve any request. Implements the store interface of @fastify/session.
 */
export class PostgresSessionStore {
  constructor(private readonly database: Database) {}

  set(sid: string, session: object, cb: Callback) {
    const cookie = (session as { cookie?: { expires?: Date | string | null } }).cookie;
    const exp = cookie?.expires ? new Date(cookie.expires) : new Date(Date.now() + DEFAULT_TTL_MS);
    const data = JSON.parse(JSON.stringify(session));
    this.database.db
      .insert(sessions)
      .values({ sid, data, expiresAt: exp })
      .onConflictDoUpdate({ target: sessions.sid, set: { data, expiresAt: exp } })
      .then(() => cb(), cb);
  }

  get(sid: string, cb: Callback) {
    this.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.sid, sid))
      .then(([row]) => {
        if (!row || row.expiresAt < new Date()) return cb(undefined, null);
        cb(undefined, row.data);
      }, cb);
  }

  destroy(sid: string, cb: Callback) {
    this.database.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(() => cb(), cb);
  }

  async prune(): Promise<void> {
    await this.database.db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  }
}
