import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { logEntries, responses, surveys } from './schema.js';

/** SQL for the open data registers: counts only, never a response's answers or a log entry's text. */
export const openDataRepository = {
  /** How many responses each consultation has, by channel, real and synthetic apart. */
  responseCounts(db: Db) {
    return db
      .select({
        consultationId: surveys.consultationId,
        channel: responses.channel,
        synthetic: responses.synthetic,
        n: sql<number>`count(*)::int`,
      })
      .from(responses)
      .innerJoin(surveys, eq(surveys.id, responses.surveyId))
      .groupBy(surveys.consultationId, responses.channel, responses.synthetic);
  },

  /** Entries of the engagement log between two dates counted by place and type (no titles, notes or names). */
  logCounts(db: Db, from: string, to: string) {
    return db
      .select({
        localAuthorityCode: logEntries.localAuthorityCode,
        wardCode: logEntries.wardCode,
        wardName: logEntries.wardName,
        type: logEntries.type,
        entries: sql<number>`count(*)::int`,
        synthetic: sql<number>`(count(*) filter (where ${logEntries.synthetic}))::int`,
        attendees: sql<number>`coalesce(sum(${logEntries.attendees}), 0)::int`,
        lastHeldOn: sql<string>`max(${logEntries.heldOn})::text`,
      })
      .from(logEntries)
      .where(and(gte(logEntries.heldOn, from), lte(logEntries.heldOn, to)))
      .groupBy(logEntries.localAuthorityCode, logEntries.wardCode, logEntries.wardName, logEntries.type);
  },
};

export type LogCount = Awaited<ReturnType<typeof openDataRepository.logCounts>>[number];
export type ResponseCount = Awaited<ReturnType<typeof openDataRepository.responseCounts>>[number];
