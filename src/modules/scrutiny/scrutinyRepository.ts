import { and, asc, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import {
  actions,
  agendaItems,
  decisions,
  documents,
  findingUpdates,
  findings,
  inspections,
  meetings,
  panelReports,
  publicationClasses,
  recommendations,
  risks,
  scrutinySettings,
  topics,
  type DocumentOwner,
  type MeetingKind,
} from './schema.js';

export type Meeting = typeof meetings.$inferSelect;
export type AgendaItem = typeof agendaItems.$inferSelect;
export type ScrutinyDocument = typeof documents.$inferSelect;
export type PanelReport = typeof panelReports.$inferSelect;
export type Recommendation = typeof recommendations.$inferSelect;
export type Topic = typeof topics.$inferSelect;
export type ScrutinyAction = typeof actions.$inferSelect;
export type Decision = typeof decisions.$inferSelect;
export type Inspection = typeof inspections.$inferSelect;
export type Finding = typeof findings.$inferSelect;
export type FindingUpdate = typeof findingUpdates.$inferSelect;
export type Risk = typeof risks.$inferSelect;
export type PublicationClass = typeof publicationClasses.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** SQL only: every function takes a Db (the database or a transaction). */
export const scrutinyRepository = {
  // meetings and papers
  listMeetings: (db: Db, kind?: MeetingKind) =>
    db
      .select()
      .from(meetings)
      .where(kind ? eq(meetings.kind, kind) : undefined)
      .orderBy(desc(meetings.meetingDate)),
  meeting: async (db: Db, id: string) => (isUuid(id) ? (await db.select().from(meetings).where(eq(meetings.id, id)))[0] : undefined),
  agenda: (db: Db, meetingId: string) => db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position)),
  agendaItem: async (db: Db, id: string) => (isUuid(id) ? (await db.select().from(agendaItems).where(eq(agendaItems.id, id)))[0] : undefined),
  documentsOf: (db: Db, ownerType: DocumentOwner, ownerIds: string[]) =>
    ownerIds.length
      ? db
          .select()
          .from(documents)
          .where(and(eq(documents.ownerType, ownerType), inArray(documents.ownerId, ownerIds)))
          .orderBy(asc(documents.createdAt))
      : Promise.resolve<ScrutinyDocument[]>([]),
  document: async (db: Db, id: string) => (isUuid(id) ? (await db.select().from(documents).where(eq(documents.id, id)))[0] : undefined),
  topicsOf: (db: Db, meetingId: string) => db.select().from(topics).where(eq(topics.meetingId, meetingId)).orderBy(asc(topics.position)),
  topic: async (db: Db, id: string) => (isUuid(id) ? (await db.select().from(topics).where(eq(topics.id, id)))[0] : undefined),
  actionsOf: (db: Db, meetingId: string) => db.select().from(actions).where(eq(actions.meetingId, meetingId)).orderBy(asc(actions.dueDate)),
  allActions: (db: Db) => db.select().from(actions).orderBy(asc(actions.dueDate)),
  action: async (db: Db, id: string) => (isUuid(id) ? (await db.select().from(actions).where(eq(actions.id, id)))[0] : undefined),

  // panel reports
  listReports: (db: Db) => db.select().from(panelReports).orderBy(desc(panelReports.reportDate)),
  report: async (db: Db, id: string) => (isUuid(id) ? (await db.select().from(panelReports).where(eq(panelReports.id, id)))[0] : undefined),
  reportByReference: async (db: Db, reference: string) => (await db.select().from(panelReports).where(eq(panelReports.reference, reference)))[0],
  reportsOfMeeting: (db: Db, meetingId: string) => db.select().from(panelReports).where(eq(panelReports.meetingId, meetingId)),
  reportsOfPlan: (db: Db, planId: string) => db.select().from(panelReports).where(eq(panelReports.planId, planId)),
  /** Reports on this plan, or answered by this version of it, newest first. */
  reportsAboutPlan: (db: Db, planId: string) =>
    isUuid(planId)
      ? db
          .select()
          .from(panelReports)
          .where(or(eq(panelReports.planId, planId), eq(panelReports.answeredByPlanId, planId)))
          .orderBy(desc(panelReports.reportDate))
      : Promise.resolve<PanelReport[]>([]),
  recommendationsOf: (db: Db, reportIds: string[]) =>
    reportIds.length
      ? db.select().from(recommendations).where(inArray(recommendations.reportId, reportIds)).orderBy(asc(recommendations.position))
      : Promise.resolve<Recommendation[]>([]),
  allRecommendations: (db: Db) => db.select().from(recommendations).orderBy(asc(recommendations.responseDue), asc(recommendations.position)),
  recommendation: async (db: Db, id: string) => (isUuid(id) ? (await db.select().from(recommendations).where(eq(recommendations.id, id)))[0] : undefined),
  nextRecommendationPosition: async (db: Db, reportId: string) => {
    const [r] = await db
      .select({ n: sql<number>`coalesce(max(${recommendations.position}), 0)::int` })
      .from(recommendations)
      .where(eq(recommendations.reportId, reportId));
    return (r?.n ?? 0) + 1;
  },

  // decisions
  listDecisions: (db: Db, publishedOnly: boolean) =>
    db
      .select()
      .from(decisions)
      .where(publishedOnly ? eq(decisions.published, true) : undefined)
      .orderBy(desc(decisions.decisionDate), desc(decisions.reference)),
  decision: async (db: Db, id: string) => (isUuid(id) ? (await db.select().from(decisions).where(eq(decisions.id, id)))[0] : undefined),
  decisionByReference: async (db: Db, reference: string) => (await db.select().from(decisions).where(eq(decisions.reference, reference)))[0],

  // inspections
  listInspections: (db: Db) => db.select().from(inspections).orderBy(desc(inspections.publishedOn)),
  inspection: async (db: Db, id: string) => (isUuid(id) ? (await db.select().from(inspections).where(eq(inspections.id, id)))[0] : undefined),
  inspectionByReference: async (db: Db, reference: string) => (await db.select().from(inspections).where(eq(inspections.reference, reference)))[0],
  findingsOf: (db: Db, inspectionIds: string[]) =>
    inspectionIds.length
      ? db.select().from(findings).where(inArray(findings.inspectionId, inspectionIds)).orderBy(asc(findings.position))
      : Promise.resolve<Finding[]>([]),
  finding: async (db: Db, id: string) => (isUuid(id) ? (await db.select().from(findings).where(eq(findings.id, id)))[0] : undefined),
  updatesOf: (db: Db, findingIds: string[]) =>
    findingIds.length
      ? db.select().from(findingUpdates).where(inArray(findingUpdates.findingId, findingIds)).orderBy(asc(findingUpdates.updateDate))
      : Promise.resolve<FindingUpdate[]>([]),
  nextFindingPosition: async (db: Db, inspectionId: string) => {
    const [r] = await db
      .select({ n: sql<number>`coalesce(max(${findings.position}), 0)::int` })
      .from(findings)
      .where(eq(findings.inspectionId, inspectionId));
    return (r?.n ?? 0) + 1;
  },

  // risks
  listRisks: (db: Db) => db.select().from(risks).orderBy(asc(risks.reference)),
  risk: async (db: Db, id: string) => (isUuid(id) ? (await db.select().from(risks).where(eq(risks.id, id)))[0] : undefined),
  riskByReference: async (db: Db, reference: string) => (await db.select().from(risks).where(eq(risks.reference, reference)))[0],

  // publication scheme
  listClasses: (db: Db) => db.select().from(publicationClasses).orderBy(asc(publicationClasses.position)),
  publicationClass: async (db: Db, id: string) =>
    isUuid(id) ? (await db.select().from(publicationClasses).where(eq(publicationClasses.id, id)))[0] : undefined,

  // settings
  setting: async (db: Db, key: string) => (await db.select().from(scrutinySettings).where(eq(scrutinySettings.key, key)))[0]?.value,

  inspectionsWithComments: (db: Db) => db.select().from(inspections).where(isNotNull(inspections.commentsPublishedOn)),

  // ---- writes (each returns the row as stored) ----
  insertMeeting: async (db: Db, values: typeof meetings.$inferInsert) => (await db.insert(meetings).values(values).returning())[0],
  updateMeeting: async (db: Db, id: string, values: Partial<typeof meetings.$inferInsert>) =>
    (await db.update(meetings).set(values).where(eq(meetings.id, id)).returning())[0],
  insertAgendaItem: async (db: Db, values: typeof agendaItems.$inferInsert) => (await db.insert(agendaItems).values(values).returning())[0],
  insertDocument: async (db: Db, values: typeof documents.$inferInsert) => (await db.insert(documents).values(values).returning())[0],
  insertTopic: async (db: Db, values: typeof topics.$inferInsert) => (await db.insert(topics).values(values).returning())[0],
  updateTopic: async (db: Db, id: string, values: Partial<typeof topics.$inferInsert>) =>
    (await db.update(topics).set(values).where(eq(topics.id, id)).returning())[0],
  insertAction: async (db: Db, values: typeof actions.$inferInsert) => (await db.insert(actions).values(values).returning())[0],
  updateAction: async (db: Db, id: string, values: Partial<typeof actions.$inferInsert>) =>
    (await db.update(actions).set(values).where(eq(actions.id, id)).returning())[0],
  insertReport: async (db: Db, values: typeof panelReports.$inferInsert) => (await db.insert(panelReports).values(values).returning())[0],
  updateReport: async (db: Db, id: string, values: Partial<typeof panelReports.$inferInsert>) =>
    (await db.update(panelReports).set(values).where(eq(panelReports.id, id)).returning())[0],
  insertRecommendations: async (db: Db, values: (typeof recommendations.$inferInsert)[]) =>
    values.length ? db.insert(recommendations).values(values).returning() : [],
  updateRecommendation: async (db: Db, id: string, values: Partial<typeof recommendations.$inferInsert>) =>
    (await db.update(recommendations).set(values).where(eq(recommendations.id, id)).returning())[0],
  insertDecision: async (db: Db, values: typeof decisions.$inferInsert) => (await db.insert(decisions).values(values).returning())[0],
  updateDecision: async (db: Db, id: string, values: Partial<typeof decisions.$inferInsert>) =>
    (await db.update(decisions).set(values).where(eq(decisions.id, id)).returning())[0],
  insertInspection: async (db: Db, values: typeof inspections.$inferInsert) => (await db.insert(inspections).values(values).returning())[0],
  updateInspection: async (db: Db, id: string, values: Partial<typeof inspections.$inferInsert>) =>
    (await db.update(inspections).set(values).where(eq(inspections.id, id)).returning())[0],
  insertFinding: async (db: Db, values: typeof findings.$inferInsert) => (await db.insert(findings).values(values).returning())[0],
  setFindingStatus: async (db: Db, id: string, status: Finding['status']) => {
    await db.update(findings).set({ status }).where(eq(findings.id, id));
  },
  insertFindingUpdate: async (db: Db, values: typeof findingUpdates.$inferInsert) => (await db.insert(findingUpdates).values(values).returning())[0],
  insertRisk: async (db: Db, values: typeof risks.$inferInsert) => (await db.insert(risks).values(values).returning())[0],
  updateRisk: async (db: Db, id: string, values: Partial<typeof risks.$inferInsert>) =>
    (await db.update(risks).set(values).where(eq(risks.id, id)).returning())[0],
  /** The statutory classes, put in place once (a class already there is kept). */
  insertClasses: async (db: Db, values: (typeof publicationClasses.$inferInsert)[]) => {
    await db.insert(publicationClasses).values(values).onConflictDoNothing();
  },
  updateClass: async (db: Db, id: string, values: Partial<typeof publicationClasses.$inferInsert>) =>
    (await db.update(publicationClasses).set(values).where(eq(publicationClasses.id, id)).returning())[0],
  saveSetting: async (db: Db, key: string, value: unknown) => {
    await db
      .insert(scrutinySettings)
      .values({ key, value })
      .onConflictDoUpdate({ target: scrutinySettings.key, set: { value, updatedAt: new Date() } });
  },

  // ---- the site-wide search's reads ----
  searchRecords: async (db: Db) => {
    const [reports, recs, ds, ins, fs] = await Promise.all([
      db.select().from(panelReports),
      db.select().from(recommendations),
      db.select().from(decisions),
      db.select().from(inspections),
      db.select().from(findings),
    ]);
    return { reports, recommendations: recs, decisions: ds, inspections: ins, findings: fs };
  },
};
