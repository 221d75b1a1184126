import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/index.js';
import { lastAuditedChange } from './audit.js';
import { revisionCache } from './revisionCache.js';
import type { SettingsService } from './settings.js';

/**
 * Public pages drawn from data that changes only when something is saved (dashboards, maps):
 * their HTML is kept per address and day until the next change. Every change to such data is
 * audited in its own transaction (imports included), so the newest audit row id is the revision;
 * it is checked at most once a second, and on every request for two seconds after this process
 * audits a change (so a change made here shows at once). Only anonymous GET requests are served from it: a signed-in
 * person's pages carry their name and a sign-out form, and are always drawn afresh.
 */
export interface PageCache {
  view(request: FastifyRequest, reply: FastifyReply, template: string, load: () => Promise<Record<string, unknown>>): Promise<FastifyReply>;
}

export function createPageCache(database: Database, settings: Pick<SettingsService, 'getArea'>): PageCache {
  const cached = revisionCache(
    async () => {
      const [r] = await database.query<{ rev: string }>(sql`select coalesce(max(id), 0)::text as rev from audit_log`);
      return r?.rev ?? '0';
    },
    { recheckMs: 1000, maxEntries: 300, changedAt: lastAuditedChange },
  );
  return {
    async view(request, reply, template, load) {
      if (request.method !== 'GET' || request.user) return reply.view(template, await load());
      const key = `${new Date().toISOString().slice(0, 10)} ${request.url}`;
      const html = await cached(key, async () => {
        // Kept until the next change: drawn with the settings as they are now, not as this
        // process last read them (another process may have just changed them).
        reply.locals = { ...(reply.locals ?? {}), area: await settings.getArea({ fresh: true }) };
        return String(await reply.viewAsync(template, await load()));
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  };
}
