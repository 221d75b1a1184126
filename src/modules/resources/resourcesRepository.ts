import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import {
  assessmentScores,
  conflictDeclarations,
  contractReminders,
  contractReturns,
  contracts,
  financeLines,
  grantApplications,
  grantAwards,
  grantFunds,
  grantPayments,
  grantRounds,
  monitoringReturns,
  preceptBases,
  roundAssessors,
  spendingItems,
  workforceFigures,
  workforceTargets,
} from './schema.js';

export type FinanceLine = typeof financeLines.$inferSelect;
export type PreceptBase = typeof preceptBases.$inferSelect;
export type WorkforceFigure = typeof workforceFigures.$inferSelect;
export type WorkforceTarget = typeof workforceTargets.$inferSelect;
export type SpendingItem = typeof spendingItems.$inferSelect;
export type Contract = typeof contracts.$inferSelect;
export type ContractReturn = typeof contractReturns.$inferSelect;
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

/** SQL only: every function takes the database or a transaction. */
export const resourcesRepository = {
  financeLines: (db: Db) =>
    db.select().from(financeLines).orderBy(asc(financeLines.financialYear), asc(financeLines.kind), asc(financeLines.category), asc(financeLines.label)),
  async financeLine(db: Db, financialYear: string, kind: string, label: string) {
    const [r] = await db
      .select()
      .from(financeLines)
      .where(and(eq(financeLines.financialYear, financialYear), eq(financeLines.kind, kind as never), eq(financeLines.label, label)));
    return r;
  },
  preceptBases: (db: Db) => db.select().from(preceptBases).orderBy(asc(preceptBases.financialYear)),

  workforceFigures: (db: Db) => db.select().from(workforceFigures).orderBy(asc(workforceFigures.financialYear)),
  async workforceFigure(db: Db, financialYear: string, category: string, kind: string) {
    const [r] = await db
      .select()
      .from(workforceFigures)
      .where(
        and(eq(workforceFigures.financialYear, financialYear), eq(workforceFigures.category, category as never), eq(workforceFigures.kind, kind as never)),
      );
    return r;
  },
  workforceTargets: (db: Db) => db.select().from(workforceTargets).orderBy(asc(workforceTargets.createdAt)),

  spending: (db: Db, minPence = 0) =>
    db.select().from(spendingItems).where(gte(spendingItems.amountPence, minPence)).orderBy(desc(spendingItems.paidOn), asc(spendingItems.reference)),
  spendingByReferences: (db: Db, refs: string[]) =>
    refs.length ? db.select().from(spendingItems).where(inArray(spendingItems.reference, refs)) : Promise.resolve([]),

  contracts: (db: Db, minPence = 0) =>
    db.select().from(contracts).where(gte(contracts.valuePence, minPence)).orderBy(asc(contracts.endDate), asc(contracts.provider)),
  async contract(db: Db, id: string) {
    if (!isUuid(id)) return undefined;
    const [r] = await db.select().from(contracts).where(eq(contracts.id, id));
    return r;
  },
  async contractByReference(db: Db, reference: string) {
    const [r] = await db.select().from(contracts).where(eq(contracts.reference, reference));
    return r;
  },
  contractReturns: (db: Db, contractId: string) =>
    db.select().from(contractReturns).where(eq(contractReturns.contractId, contractId)).orderBy(desc(contractReturns.quarter)),
  contractsEndingBetween: (db: Db, from: string, to: string) =>
    db
      .select()
      .from(contracts)
      .where(and(gte(contracts.endDate, from), lte(contracts.endDate, to)))
      .orderBy(asc(contracts.endDate)),
  reminders: (db: Db, contractId: string) => db.select().from(contractReminders).where(eq(contractReminders.contractId, contractId)),

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
  assessors: (db: Db, roundId: string) => db.select().from(roundAssessors).where(eq(roundAssessors.roundId, roundId)).orderBy(asc(roundAssessors.userLabel)),
  async isAssessor(db: Db, roundId: string, userId: string) {
    const [r] = await db
      .select()
      .from(roundAssessors)
      .where(and(eq(roundAssessors.roundId, roundId), eq(roundAssessors.userId, userId)));
    return Boolean(r);
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
  declarations: (db: Db, applicationId: string) => db.select().from(conflictDeclarations).where(eq(conflictDeclarations.applicationId, applicationId)),
  async declaration(db: Db, applicationId: string, userId: string) {
    const [r] = await db
      .select()
      .from(conflictDeclarations)
      .where(and(eq(conflictDeclarations.applicationId, applicationId), eq(conflictDeclarations.userId, userId)));
    return r;
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
  payments: (db: Db, awardId: string) => db.select().from(grantPayments).where(eq(grantPayments.awardId, awardId)).orderBy(asc(grantPayments.paidOn)),
  monitoring: (db: Db, awardId: string) =>
    db.select().from(monitoringReturns).where(eq(monitoringReturns.awardId, awardId)).orderBy(desc(monitoringReturns.submittedOn)),
};
