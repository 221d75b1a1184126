import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Database } from '../db/index.js';

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;
/** What the plugin hands a store: its options, and for a route's store the route. */
interface StoreOptions {
  continueExceeding?: boolean;
  routeInfo?: { method: string | string[]; url: string };
}

/** One expired count in this many increments is swept away with the others then expired. */
const PRUNE_EVERY = 1000;

/**
 * A store for @fastify/rate-limit that counts in PostgreSQL (the `rate_limits` table), so every app
 * process on one database shares one count per client and route: two processes behind a load
 * balancer allow the limit, not twice it. Each request is one upsert that starts a new window
 * once the last has ended. (On PGlite, one process, the plugin's own memory store is used.)
 */
export function postgresRateLimitStore(database: Database): FastifyRateLimitStoreCtor {
  const { pool } = database;
  if (!pool) throw new Error('postgresRateLimitStore needs PostgreSQL');
  let calls = 0;

  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    readonly prefix: string;
    readonly continueExceeding: boolean;

    constructor(options: StoreOptions = {}, prefix = '') {
      this.continueExceeding = options.continueExceeding === true;
      this.prefix = prefix;
    }

    incr(key: string, cb: Callback, timeWindow: number, max: number) {
      if (++calls % PRUNE_EVERY === 0) void pool!.query('delete from rate_limits where reset_at < now()').catch(() => undefined);
      pool!
        .query<{ count: number; ttl: number }>(
          `insert into rate_limits as r (key, count, reset_at) values ($1, 1, now() + make_interval(secs => $2::float8 / 1000))
           on conflict (key) do update set
             count = case when r.reset_at <= now() then 1 else r.count + 1 end,
             reset_at = case when r.reset_at <= now() or ($3 and r.count + 1 > $4) then excluded.reset_at else r.reset_at end
           returning count, greatest(0, ceil(extract(epoch from reset_at - now()) * 1000))::int as ttl`,
          [this.prefix + key, timeWindow, this.continueExceeding, max],
        )
        .then(
          (r) => cb(null, { current: r.rows[0].count, ttl: r.rows[0].ttl }),
          (err: Error) => cb(err),
        );
    }

    read(key: string, cb: Callback) {
      pool!
        .query<{ count: number; ttl: number }>(
          `select count, greatest(0, ceil(extract(epoch from reset_at - now()) * 1000))::int as ttl from rate_limits where key = $1 and reset_at > now()`,
          [this.prefix + key],
        )
        .then(
          (r) => cb(null, r.rows[0] ? { current: r.rows[0].count, ttl: r.rows[0].ttl } : { current: 0, ttl: 0 }),
          (err: Error) => cb(err),
        );
    }

    /** The store of one route: its own counts (the plugin asks for one per limited route). */
    child(routeOptions: object) {
      // Cast: the plugin passes its merged options with `routeInfo` (index.js), not the RouteOptions its types declare.
      const options = routeOptions as StoreOptions;
      const r = options.routeInfo;
      return new PostgresRateLimitStore(options, `${this.prefix}${r ? `${r.method} ${r.url} ` : ''}`);
    }
  };
}
