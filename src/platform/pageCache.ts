import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: this route's pages are never kept (pageCache.ts). */
    pageCache?: boolean;
    /** `false`: this route carries its own proof and is not checked for a CSRF token (security.ts). */
    csrf?: boolean;
  }
}
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/index.js';
import { lastAuditedChange } from './audit.js';
import { PageStore, etagOf, notModified, pageKey, type CachedPage } from './pageStore.js';

/**
 * Every anonymous GET of a public page is served from memory while the data it shows is
 * unchanged (docs/adr/0019-public-pages-from-a-cache.md). One place decides, for every route:
 *
 * - The revision is the newest audit row's id: every change to what public pages show is audited
 *   in the transaction that makes it. It is asked for at most once a second (one query shared by
 *   every request waiting on it), so another process's change shows within a second; after this
 *   process changes something (an audited change, or any POST it answered) it is asked again on
 *   every request for two seconds, by a query issued after the request arrived, so a change made
 *   here shows at once.
 * - A page drawn within `settleMs` of a new revision is kept only until then: it may have been
 *   drawn from another cache's copy (settings, consultations; each is at most two seconds old),
 *   so it is drawn again once those copies are certainly newer than the change.
 * - Only pages that are the same for every visitor are kept: 200, HTML, for a visitor who is not
 *   signed in and has no message waiting, with no cookie set and no CSRF token in it (a form's
 *   token belongs to one visitor). Errors, redirects and anything else are drawn every time.
 * - Kept pages carry a strong ETag (a hash of the bytes) and, once settled, a Last-Modified;
 *   conditional requests are answered 304. Kept pages say `public, max-age=0, must-revalidate`
 *   (a proxy or CDN may keep them and must ask again each time); every other HTML page says
 *   `private, no-store`.
 */
export interface PageCache {
  /**
   * Answers the request from the cache if it can (onRequest, once the signed-in person is known):
   * true when it has answered. Otherwise the page is drawn and, if it may be, kept on its way out.
   */
  serve(request: FastifyRequest, reply: FastifyReply): Promise<boolean>;
  /** Adds the hooks that keep pages, set their headers and see this process's changes. */
  register(app: FastifyInstance): void;
  /**
   * Whether this request's page is being drawn to be kept: it is then drawn from data read now,
   * not from a copy another cache holds (the settings, say), since it will be shown for long.
   */
  drawingToKeep(request: FastifyRequest): boolean;
  /**
   * What a page shows as its CSRF token: a stand-in, swapped for this visitor's own token (from
   * `generate`) on the way out only if the page contains it. Views are handed every local (also
   * a token no form uses), so a page without a form neither makes a token nor sets a cookie, and
   * can be kept; a page with one is this visitor's and is never kept.
   */
  csrfToken(request: FastifyRequest, generate: () => string): string;
  /** This response belongs to one visitor (a CSRF token, a message): never kept or shared. */
  personal(request: FastifyRequest): void;
  /** Draws a page (kept by the hooks like any other page; kept for the routes that call it). */
  view(request: FastifyRequest, reply: FastifyReply, template: string, load: () => Promise<Record<string, unknown>>): Promise<FastifyReply>;
  stats(): { pages: number; bytes: number; hits: number; misses: number };
  /**
   * Drops every kept page. Pages are kept by address, day and revision; a module whose "today"
   * is moved without a change of data (a test's clock) must say so.
   */
  clear(): void;
}

export interface PageCacheOptions {
  /** Memory for kept pages (default 64 MiB). */
  maxBytes?: number;
  /** How often another process's change is looked for (default 1 s). */
  recheckMs?: number;
  /** How long after a new revision pages are kept only provisionally (default 3 s). */
  settleMs?: number;
  /** The revision (default: the newest audit row's id). */
  revision?: () => Promise<string>;
  now?: () => number;
  /** Today's date, part of every page's key (default: the UTC date of the request's arrival). */
  today?: () => string;
}

/** For two seconds after this process changes something, the revision is asked on every request. */
const CHANGE_WINDOW_MS = 2000;
/** How long a request waits for another drawing the same page before drawing it itself. */
const WAIT_MS = 10_000;
// Staff pages, the API and files, and addresses carrying one person's secret (an invitation, a
// password reset, a subscription link): never looked up, whatever they answer.
const NEVER_KEPT = ['/admin', '/account', '/api/', '/assets/', '/health', '/invitations/', '/sign-in/', '/subscriptions/'];
/** Headers of one response, never kept with a page. */
const PER_RESPONSE = new Set([
  'x-request-id',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'set-cookie',
  'etag',
  'last-modified',
  'cache-control',
  'vary',
  'transfer-encoding',
]);
export const SHARED_CACHE_CONTROL = 'public, max-age=0, must-revalidate';
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

interface Seen {
  rev: string;
  /** When this process first saw it (the answer's arrival). */
  seenAt: number;
}

/** Random per process: no text anyone types can be taken for it. */
const TOKEN_STAND_IN = `csrf${randomBytes(16).toString('hex')}`;

interface RequestState {
  tried?: boolean;
  token?: () => string;
  key?: string;
  seen?: Seen;
  arrival: number;
  personal: boolean;
  hit: boolean;
  leader?: () => void;
}

/** Each request's state, for as long as the request lives. */
const states = new WeakMap<FastifyRequest, RequestState>();

/**
 * The current revision, asked for at most once per `recheckMs`, or, within the change window, by
 * a query issued after the call (so it sees whatever was committed before the request came).
 * Answers that arrive out of order never replace a newer one. Order is by a counter, not the clock:
 * two moments in one millisecond are still told apart.
 */
export function revisionWatch(revision: () => Promise<string>, opts: { recheckMs: number; changedAt: () => number; now: () => number; onChange?: () => void }) {
  let state: Seen | undefined;
  let ticket = 0;
  let lastIssued = { ticket: -1, at: -Infinity };
  let asking: Promise<Seen> | undefined;
  let following: Promise<Seen> | undefined;

  function ask(): Promise<Seen> {
    const issued = { ticket: ++ticket, at: opts.now() };
    const answer = revision().then((rev) => {
      if (issued.ticket > lastIssued.ticket) {
        lastIssued = issued;
        if (!state || state.rev !== rev) {
          state = { rev, seenAt: opts.now() };
          opts.onChange?.();
        }
      }
      return state!;
    });
    asking = answer;
    const forget = () => {
      if (asking === answer) asking = undefined;
    };
    answer.then(forget, forget);
    return answer;
  }

  return {
    get state() {
      return state;
    },
    current(): Promise<Seen> {
      const now = opts.now();
      const changing = now - opts.changedAt() < CHANGE_WINDOW_MS;
      if (!changing) {
        if (state && now - lastIssued.at < opts.recheckMs) return Promise.resolve(state);
        return asking ?? ask();
      }
      // Just after a change here: a query issued before this call may have missed it, so the
      // next one, shared by everyone who came while the current one was out.
      if (!asking) return ask();
      following ??= asking
        .catch(() => undefined)
        .then(() => {
          following = undefined;
          return ask();
        });
      return following;
    },
  };
}

export function createPageCache(database: Database, opts: PageCacheOptions = {}): PageCache {
  const now = opts.now ?? Date.now;
  const settleMs = opts.settleMs ?? 3000;
  const store = new PageStore(opts.maxBytes ?? 64 * 2 ** 20);
  let localChange = 0;
  let hits = 0;
  let misses = 0;
  const watch = revisionWatch(
    opts.revision ??
      (async () => {
        const [r] = await database.query<{ rev: string }>(sql`select coalesce(max(id), 0)::text as rev from audit_log`);
        return r?.rev ?? '0';
      }),
    {
      recheckMs: opts.recheckMs ?? 1000,
      changedAt: () => Math.max(lastAuditedChange(), localChange),
      now,
      onChange: () => {
        store.clear();
        notKept.clear();
      },
    },
  );
  // Pages being drawn now (one drawing serves everyone asking for it meanwhile), and pages found
  // not to be kept at this revision (nobody waits for them).
  const drawing = new Map<string, { rev: string; done: Promise<void> }>();
  const notKept = new Map<string, string>();

  function eligible(request: FastifyRequest): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (request.user || request.session?.flash) return false;
    const url = request.url;
    if (NEVER_KEPT.some((p) => url.startsWith(p))) return false;
    return request.routeOptions?.config?.pageCache !== false;
  }

  function headers(reply: FastifyReply, page: Pick<CachedPage, 'etag' | 'lastModified'>) {
    reply.header('etag', page.etag).header('cache-control', SHARED_CACHE_CONTROL).header('vary', 'Cookie');
    if (page.lastModified !== null) reply.header('last-modified', new Date(page.lastModified).toUTCString());
  }

  function stateOf(request: FastifyRequest): RequestState {
    let state = states.get(request);
    if (!state) {
      state = { arrival: now(), personal: false, hit: false };
      states.set(request, state);
    }
    return state;
  }

  function remember(key: string, rev: string) {
    const oldest = notKept.keys().next();
    if (notKept.size >= 10_000 && !oldest.done) notKept.delete(oldest.value);
    notKept.set(key, rev);
  }

  async function serve(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const state = stateOf(request);
    // Asked at most once per request (early for a visitor without a session, else once known).
    if (state.tried) return false;
    state.tried = true;
    if (!eligible(request)) return false;
    const key = pageKey(request.url, opts.today ? opts.today() : new Date(state.arrival).toISOString().slice(0, 10));
    if (!key) return false;
    try {
      state.seen = await watch.current();
    } catch (err) {
      // The page is drawn as if there were no cache, and not kept.
      request.log.warn({ err }, 'page cache: the revision could not be read');
      return false;
    }
    const rev = state.seen.rev;
    let page = store.get(key, rev, now());
    const other = drawing.get(key);
    if (!page && other && other.rev === rev && notKept.get(key) !== rev) {
      await other.done;
      page = store.get(key, rev, now());
    }
    if (page) {
      hits++;
      state.hit = true;
      reply.headers(page.headers);
      headers(reply, page);
      // Not awaited: a reply resolves when it has been sent, after this hook.
      if (notModified(request.headers, page)) void reply.code(304).send();
      else void reply.send(page.body);
      return true;
    }
    misses++;
    state.key = key;
    if (request.method === 'GET' && !drawing.has(key) && notKept.get(key) !== rev) {
      let release!: () => void;
      const done = new Promise<void>((resolve) => (release = resolve));
      const timer = setTimeout(() => state.leader?.(), WAIT_MS);
      timer.unref?.();
      drawing.set(key, { rev, done });
      state.leader = () => {
        clearTimeout(timer);
        state.leader = undefined;
        if (drawing.get(key)?.done === done) drawing.delete(key);
        release();
      };
    }
    return false;
  }

  /** Keeps the page on its way out if it may be, and sets its caching headers. */
  function onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
    const state = states.get(request);
    if (!state || state.hit) return payload;
    let body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : undefined;
    if (state.token && body?.includes(TOKEN_STAND_IN)) {
      // The page has a form: it gets this visitor's token and is theirs alone.
      state.personal = true;
      const text = body.toString('utf8').replaceAll(TOKEN_STAND_IN, state.token());
      payload = typeof payload === 'string' ? text : Buffer.from(text);
      body = Buffer.from(text);
    }
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    if (reply.hasHeader('cache-control')) return payload; // the route said how
    const seen = state.seen;
    const shareable =
      state.key &&
      seen &&
      request.method === 'GET' &&
      reply.statusCode === 200 &&
      !state.personal &&
      !reply.hasHeader('set-cookie') &&
      body &&
      !body.includes('name="_csrf"');
    if (!shareable) {
      if (state.key && seen && request.method === 'GET') remember(state.key, seen.rev);
      reply.header('cache-control', PRIVATE_CACHE_CONTROL);
      return payload;
    }
    const settled = state.arrival >= seen.seenAt + settleMs;
    const dayStart = Date.parse(`${new Date(state.arrival).toISOString().slice(0, 10)}T00:00:00Z`);
    const kept: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && !PER_RESPONSE.has(name)) kept[name] = typeof value === 'number' ? String(value) : value;
    }
    const page: CachedPage = {
      key: state.key!,
      rev: seen.rev,
      body: body!,
      etag: etagOf(body!),
      headers: kept,
      // Only a settled page has one: a second can then never hold two versions of it.
      lastModified: settled ? Math.max(Math.floor(seen.seenAt / 1000) * 1000, dayStart) : null,
      expiresAt: settled ? Infinity : seen.seenAt + settleMs,
    };
    // Kept only if the revision it was drawn at is still the newest seen.
    if (watch.state?.rev === seen.rev) store.set(page);
    headers(reply, page);
    if (notModified(request.headers, page)) {
      reply.code(304);
      return null;
    }
    return payload;
  }

  return {
    serve,
    drawingToKeep: (request) => !!states.get(request)?.key,
    csrfToken(request, generate) {
      stateOf(request).token = generate;
      return TOKEN_STAND_IN;
    },
    personal(request) {
      stateOf(request).personal = true;
    },
    register(app) {
      app.addHook('onSend', async (request, reply, payload) => {
        try {
          return onSend(request, reply, payload);
        } catch (err) {
          // That request fails (the error handler answers it); no other is touched.
          request.log.error({ err }, 'page cache: the page could not be sent');
          throw err;
        }
      });
      const finished = async (request: FastifyRequest) => {
        states.get(request)?.leader?.();
        // This process may have just changed something: look again at once, for a while.
        if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') localChange = now();
      };
      app.addHook('onResponse', finished);
      app.addHook('onRequestAbort', finished);
    },
    async view(_request, reply, template, load) {
      return reply.view(template, await load());
    },
    stats: () => ({ pages: store.size, bytes: store.bytes, hits, misses }),
    clear: () => {
      store.clear();
      notKept.clear();
    },
  };
}
