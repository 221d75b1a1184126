import { and, asc, desc, eq, sql, notExists } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import {
  assessmentScores,
  conflictDeclarations,
  grantApplications,
  grantAwards,
  grantFunds,
  grantPayments,
  grantRounds,
  monitoringReturns,
  roundAssessors,
} from './schema.js';

export type GrantFund = typeof grantFunds.$inferSelect;
export type GrantRound = typeof grantRounds.$inferSelect;
export type GrantApplication = typeof grantApplications.$inferSelect;
export type ConflictDeclaration = typeof conflictDeclarations.$inferSelect;
export type AssessmentScore = typeof assessmentScores.$inferSelect;
export type GrantAward = typeof grantAwards.$inferSelect;
export type GrantPayment = typeof grantPayments.$inferSelect;
export type MonitoringReturn = typeof monitoringReturns.$inferSelect;
export type RoundAssessor = typeof roundAssessors.$inferSelect;

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** SQL of grant funds, rounds, applications, assessment and awards: every function takes the database or a transaction. */
export const grantsRepository = {
  funds: (db: Db) => db.select().from(grantFunds).orderBy(asc(grantFunds.name)),
  async fund(db: Db, id: string) {
    if (!isUuid(id)) return undefined;
    const [r] = await db.select().from(grantFunds).where(eq(grantFunds.id, id));
    return r;
  },
  async fundByName(db: Db, name: string) {
    const [r] = await db.select().from(grantFunds).where(eq(grantFunds.name, name));
    return r;
  },
  async insertFund(db: Db, values: typeof grantFunds.$inferInsert) {
    const [r] = await db.insert(grantFunds).values(values).returning();
    return r;
  },

  rounds: (db: Db) =>
    db
      .select({ round: grantRounds, fundName: grantFunds.name })
      .from(grantRounds)
      .innerJoin(grantFunds, eq(grantFunds.id, grantRounds.fundId))
      .orderBy(desc(grantRounds.opensOn)),
  async round(db: Db, id: string) {
    if (!isUuid(id)) return undefined;
    const [r] = await db
      .select({ round: grantRounds, fundName: grantFunds.name })
      .from(grantRounds)
      .innerJoin(grantFunds, eq(grantFunds.id, grantRounds.fundId))
      .where(eq(grantRounds.id, id));
    return r;
  },
  /** The rounds whose applicants choose from this plan's priorities, with their fund's name. */
  roundsOfPlan: (db: Db, planReference: string) =>
    db
      .select({ title: grantRounds.title, fund: grantFunds.name })
      .from(grantRounds)
      .innerJoin(grantFunds, eq(grantFunds.id, grantRounds.fundId))
      .where(eq(grantRounds.planReference, planReference)),
  async insertRound(db: Db, values: typeof grantRounds.$inferInsert) {
    const [r] = await db.insert(grantRounds).values(values).returning();
    return r;
  },
  async closeRound(db: Db, id: string) {
    const [r] = await db.update(grantRounds).set({ status: 'closed' }).where(eq(grantRounds.id, id)).returning();
    return r;
  },

  assessors: (db: Db, roundId: string) => db.select().from(roundAssessors).where(eq(roundAssessors.roundId, roundId)).orderBy(asc(roundAssessors.userLabel)),
  async isAssessor(db: Db, roundId: string, userId: string) {
    const [r] = await db
      .select()
      .from(roundAssessors)
      .where(and(eq(roundAssessors.roundId, roundId), eq(roundAssessors.userId, userId)));
    return Boolean(r);
  },
  async insertAssessor(db: Db, values: typeof roundAssessors.$inferInsert) {
    await db.insert(roundAssessors).values(values).onConflictDoNothing();
  },
  async deleteAssessor(db: Db, roundId: string, userId: string) {
    await db.delete(roundAssessors).where(and(eq(roundAssessors.roundId, roundId), eq(roundAssessors.userId, userId)));
  },

  applications: (db: Db, roundId: string) =>
    db
      .select()
      .from(grantApplications)
      .where(eq(grantApplications.roundId, roundId))
      .orderBy(asc(grantApplications.submittedAt), asc(grantApplications.reference)),
  async application(db: Db, id: string) {
    if (!isUuid(id)) return undefined;
    const [r] = await db.select().from(grantApplications).where(eq(grantApplications.id, id));
    return r;
  },
  async applicationByReference(db: Db, reference: string) {
    const [r] = await db.select().from(grantApplications).where(eq(grantApplications.reference, reference));
    return r;
  },
  async insertApplication(db: Db, values: typeof grantApplications.$inferInsert) {
    const [r] = await db.insert(grantApplications).values(values).returning();
    return r;
  },
  async setApplicationStatus(db: Db, id: string, status: GrantApplication['status']) {
    await db.update(grantApplications).set({ status }).where(eq(grantApplications.id, id));
  },

  declarations: (db: Db, applicationId: string) => db.select().from(conflictDeclarations).where(eq(conflictDeclarations.applicationId, applicationId)),
  async declaration(db: Db, applicationId: string, userId: string) {
    const [r] = await db
      .select()
      .from(conflictDeclarations)
      .where(and(eq(conflictDeclarations.applicationId, applicationId), eq(conflictDeclarations.userId, userId)));
    return r;
  },
  /** Records (or replaces) an assessor's declaration on an application. */
  async saveDeclaration(db: Db, values: typeof conflictDeclarations.$inferInsert) {
    await db
      .insert(conflictDeclarations)
      .values(values)
      .onConflictDoUpdate({
        target: [conflictDeclarations.applicationId, conflictDeclarations.userId],
        set: { hasConflict: values.hasConflict, detail: values.detail, declaredAt: values.declaredAt },
      });
  },

  scores: (db: Db, applicationId: string) =>
    db.select().from(assessmentScores).where(eq(assessmentScores.applicationId, applicationId)).orderBy(asc(assessmentScores.scoredAt)),
  roundScores: (db: Db, roundId: string) =>
    db
      .select({ applicationId: assessmentScores.applicationId, count: sql<number>`count(*)::int`, average: sql<number>`avg(${assessmentScores.total})::float` })
      .from(assessmentScores)
      .innerJoin(grantApplications, eq(grantApplications.id, assessmentScores.applicationId))
      .where(eq(grantApplications.roundId, roundId))
      .groupBy(assessmentScores.applicationId),
  /** Records (or replaces) an assessor's scores of an application. */
  async saveScore(db: Db, values: typeof assessmentScores.$inferInsert) {
    await db
      .insert(assessmentScores)
      .values(values)
      .onConflictDoUpdate({
        target: [assessmentScores.applicationId, assessmentScores.userId],
        set: { scores: values.scores, total: values.total, comment: values.comment, scoredAt: values.scoredAt },
      });
  },
  async deleteScore(db: Db, applicationId: string, userId: string) {
    await db.delete(assessmentScores).where(and(eq(assessmentScores.applicationId, applicationId), eq(assessmentScores.userId, userId)));
  },

  async awardForApplication(db: Db, applicationId: string) {
    const [r] = await db.select().from(grantAwards).where(eq(grantAwards.applicationId, applicationId));
    return r;
  },
  async award(db: Db, id: string) {
    if (!isUuid(id)) return undefined;
    const [r] = await db.select().from(grantAwards).where(eq(grantAwards.id, id));
    return r;
  },
  awards: (db: Db, roundId?: string) =>
    db
      .select({ award: grantAwards, roundTitle: grantRounds.title, fundName: grantFunds.name })
      .from(grantAwards)
      .innerJoin(grantRounds, eq(grantRounds.id, grantAwards.roundId))
      .innerJoin(grantFunds, eq(grantFunds.id, grantRounds.fundId))
      .where(roundId ? eq(grantAwards.roundId, roundId) : undefined)
      .orderBy(desc(grantAwards.awardedOn), asc(grantAwards.createdAt)),
  async insertAward(db: Db, values: typeof grantAwards.$inferInsert) {
    const [r] = await db.insert(grantAwards).values(values).returning();
    return r;
  },
  payments: (db: Db, awardId: string) => db.select().from(grantPayments).where(eq(grantPayments.awardId, awardId)).orderBy(asc(grantPayments.paidOn)),
  async insertPayment(db: Db, values: typeof grantPayments.$inferInsert) {
    const [r] = await db.insert(grantPayments).values(values).returning();
    return r;
  },
  monitoring: (db: Db, awardId: string) =>
    db.select().from(monitoringReturns).where(eq(monitoringReturns.awardId, awardId)).orderBy(desc(monitoringReturns.submittedOn)),
  async insertMonitoringReturn(db: Db, values: typeof monitoringReturns.$inferInsert) {
    const [r] = await db.insert(monitoringReturns).values(values).returning();
    return r;
  },

  /** Every round, award and application, in no particular order (for the site-wide search). */
  async everything(db: Db) {
    const [rounds, awards, applications] = await Promise.all([
      db.select().from(grantRounds),
      db.select().from(grantAwards),
      db.select().from(grantApplications),
    ]);
    return { rounds, awards, applications };
  },

  /** Applications waiting for this assessor: open, in a round they assess, not scored by them, no conflict declared. */
  applicationsToScore(db: Db, userId: string) {
    return db
      .select({
        id: grantApplications.id,
        reference: grantApplications.reference,
        organisation: grantApplications.organisation,
        roundTitle: grantRounds.title,
        closesOn: grantRounds.closesOn,
        fundName: grantFunds.name,
      })
      .from(grantApplications)
      .innerJoin(grantRounds, eq(grantRounds.id, grantApplications.roundId))
      .innerJoin(grantFunds, eq(grantFunds.id, grantRounds.fundId))
      .innerJoin(roundAssessors, and(eq(roundAssessors.roundId, grantRounds.id), eq(roundAssessors.userId, userId)))
      .where(
        and(
          eq(grantApplications.status, 'submitted'),
          notExists(
            db
              .select({ x: sql`1` })
              .from(assessmentScores)
              .where(and(eq(assessmentScores.applicationId, grantApplications.id), eq(assessmentScores.userId, userId))),
          ),
          notExists(
            db
              .select({ x: sql`1` })
              .from(conflictDeclarations)
              .where(
                and(
                  eq(conflictDeclarations.applicationId, grantApplications.id),
                  eq(conflictDeclarations.userId, userId),
                  eq(conflictDeclarations.hasConflict, true),
                ),
              ),
          ),
        ),
      );
  },
};
