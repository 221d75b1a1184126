import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, ne } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { agendaItems, documents, meetings, panelReports } from './schema.js';

/** SQL only, for the plan's Panel review (planReview.ts): every function takes a Db (the database or a transaction). */
export const planReviewRepository = {
  /** The next scheduled Panel meeting on or after the day. */
  nextPanelMeeting: async (db: Db, today: string) =>
    (
      await db
        .select()
        .from(meetings)
        .where(and(eq(meetings.kind, 'panel'), eq(meetings.status, 'scheduled'), gte(meetings.meetingDate, today)))
        .orderBy(asc(meetings.meetingDate))
        .limit(1)
    )[0],
  planItem: async (db: Db, meetingId: string, planId: string) =>
    (
      await db
        .select()
        .from(agendaItems)
        .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.planId, planId)))
    )[0],
  agendaLength: async (db: Db, meetingId: string) =>
    (await db.select({ id: agendaItems.id }).from(agendaItems).where(eq(agendaItems.meetingId, meetingId))).length,
  insertPlanItem: async (db: Db, values: typeof agendaItems.$inferInsert, paper: Omit<typeof documents.$inferInsert, 'ownerId' | 'ownerType'>) => {
    const [item] = await db.insert(agendaItems).values(values).returning();
    await db.insert(documents).values({ ownerType: 'agenda-item', ownerId: item.id, ...paper });
    return item;
  },
  /** Whether the plan is on the agenda of a scheduled meeting. */
  onScheduledAgenda: async (db: Db, planId: string) =>
    (
      await db
        .select({ id: agendaItems.id })
        .from(agendaItems)
        .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
        .where(and(eq(agendaItems.planId, planId), eq(meetings.status, 'scheduled')))
    )[0],
  /** The plan's items on agendas, with their meetings, by meeting date. */
  planItems: (db: Db, planId: string) =>
    db
      .select({ item: agendaItems, meeting: meetings })
      .from(agendaItems)
      .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .where(eq(agendaItems.planId, planId))
      .orderBy(asc(meetings.meetingDate)),
  report: async (db: Db, id: string) => (await db.select().from(panelReports).where(eq(panelReports.id, id)))[0],
  reportsOfPlan: (db: Db, planId: string) => db.select().from(panelReports).where(eq(panelReports.planId, planId)),
  answeredReports: (db: Db, planId: string) =>
    db
      .select({ id: panelReports.id })
      .from(panelReports)
      .where(and(eq(panelReports.planId, planId), isNotNull(panelReports.responseText))),
  /** Reports on the plan with a response recorded but not yet published. */
  responsesToPublish: (db: Db, planId: string) =>
    db
      .select()
      .from(panelReports)
      .where(and(eq(panelReports.planId, planId), isNotNull(panelReports.responseText), isNull(panelReports.responsePublishedAt))),
  publishResponses: async (db: Db, reportIds: string[], at: Date) => {
    await db.update(panelReports).set({ responsePublishedAt: at, published: true }).where(inArray(panelReports.id, reportIds));
  },
  publishedResponses: (db: Db, planId: string) =>
    db
      .select()
      .from(panelReports)
      .where(and(eq(panelReports.planId, planId), isNotNull(panelReports.responsePublishedAt))),
  recordResponse: async (db: Db, id: string, values: { responseText: string; respondedAt: Date; respondedBy: string }) =>
    (await db.update(panelReports).set(values).where(eq(panelReports.id, id)).returning())[0],
  /** Accountability meetings held (not cancelled) between the dates. */
  accountabilityMeetingsBetween: (db: Db, from: string, to: string) =>
    db
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.kind, 'accountability'), gte(meetings.meetingDate, from), lte(meetings.meetingDate, to), ne(meetings.status, 'cancelled'))),
  /** Plans in review on a scheduled meeting's agenda with no Panel report recorded yet. */
  awaitingReports: (db: Db, planIds: string[]) =>
    db
      .select({ planId: agendaItems.planId, title: agendaItems.title, meetingDate: meetings.meetingDate, meetingTitle: meetings.title })
      .from(agendaItems)
      .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .leftJoin(panelReports, eq(panelReports.planId, agendaItems.planId))
      .where(and(inArray(agendaItems.planId, planIds), eq(meetings.status, 'scheduled'), isNull(panelReports.id))),
  unansweredReports: (db: Db, planIds: string[]) =>
    db
      .select()
      .from(panelReports)
      .where(and(inArray(panelReports.planId, planIds), isNull(panelReports.responseText))),
};
