import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/index.js';
import {
  financeLines,
  preceptBases,
  spendingItems,
  workforceFigures,
  workforceTargets,
  type LineKind,
  type WorkforceCategory,
  type WorkforceKind,
} from './schema.js';

export type FinanceLine = typeof financeLines.$inferSelect;
export type PreceptBase = typeof preceptBases.$inferSelect;
export type WorkforceFigure = typeof workforceFigures.$inferSelect;
export type WorkforceTarget = typeof workforceTargets.$inferSelect;
export type SpendingItem = typeof spendingItems.$inferSelect;

type NewFinanceLine = typeof financeLines.$inferInsert;
type NewWorkforceFigure = typeof workforceFigures.$inferInsert;
type NewWorkforceTarget = typeof workforceTargets.$inferInsert;
type NewSpendingItem = typeof spendingItems.$inferInsert;

/** SQL of the financial plan, the precept, the workforce and spending: every function takes the database or a transaction. */
export const financeRepository = {
  financeLines: (db: Db) =>
    db.select().from(financeLines).orderBy(asc(financeLines.financialYear), asc(financeLines.kind), asc(financeLines.category), asc(financeLines.label)),
  async financeLine(db: Db, financialYear: string, kind: LineKind, label: string) {
    const [r] = await db
      .select()
      .from(financeLines)
      .where(and(eq(financeLines.financialYear, financialYear), eq(financeLines.kind, kind), eq(financeLines.label, label)));
    return r;
  },
  async insertFinanceLine(db: Db, values: NewFinanceLine) {
    const [r] = await db.insert(financeLines).values(values).returning();
    return r;
  },
  async updateFinanceLine(db: Db, id: string, values: NewFinanceLine) {
    const [r] = await db.update(financeLines).set(values).where(eq(financeLines.id, id)).returning();
    return r;
  },
  /** The financial years among `years` that have at least one line. */
  async yearsWithLines(db: Db, years: string[]) {
    if (!years.length) return [];
    const rows = await db.selectDistinct({ financialYear: financeLines.financialYear }).from(financeLines).where(inArray(financeLines.financialYear, years));
    return rows.filter((r) => r.financialYear);
  },

  preceptBases: (db: Db) => db.select().from(preceptBases).orderBy(asc(preceptBases.financialYear)),
  async savePreceptBase(db: Db, input: { financialYear: string; taxBase: number; bandDPence: number }, at: Date) {
    const [r] = await db
      .insert(preceptBases)
      .values({ ...input, updatedAt: at })
      .onConflictDoUpdate({ target: preceptBases.financialYear, set: { taxBase: input.taxBase, bandDPence: input.bandDPence, updatedAt: at } })
      .returning();
    return r;
  },

  workforceFigures: (db: Db) => db.select().from(workforceFigures).orderBy(asc(workforceFigures.financialYear)),
  async workforceFigure(db: Db, financialYear: string, category: WorkforceCategory, kind: WorkforceKind) {
    const [r] = await db
      .select()
      .from(workforceFigures)
      .where(and(eq(workforceFigures.financialYear, financialYear), eq(workforceFigures.category, category), eq(workforceFigures.kind, kind)));
    return r;
  },
  async insertWorkforceFigure(db: Db, values: NewWorkforceFigure) {
    const [r] = await db.insert(workforceFigures).values(values).returning();
    return r;
  },
  async updateWorkforceFigure(db: Db, id: string, values: NewWorkforceFigure) {
    const [r] = await db.update(workforceFigures).set(values).where(eq(workforceFigures.id, id)).returning();
    return r;
  },
  workforceTargets: (db: Db) => db.select().from(workforceTargets).orderBy(asc(workforceTargets.createdAt)),
  async insertWorkforceTarget(db: Db, values: NewWorkforceTarget) {
    const [r] = await db.insert(workforceTargets).values(values).returning();
    return r;
  },

  spending: (db: Db, minPence = 0) =>
    db.select().from(spendingItems).where(gte(spendingItems.amountPence, minPence)).orderBy(desc(spendingItems.paidOn), asc(spendingItems.reference)),
  spendingByReferences: (db: Db, refs: string[]) =>
    refs.length ? db.select().from(spendingItems).where(inArray(spendingItems.reference, refs)) : Promise.resolve([]),
  /** Adds a spending line, or updates the one with its reference. */
  async upsertSpending(db: Db, r: Omit<NewSpendingItem, 'updatedAt'>, at: Date) {
    await db
      .insert(spendingItems)
      .values({ ...r, updatedAt: at })
      .onConflictDoUpdate({
        target: spendingItems.reference,
        set: { paidOn: r.paidOn, supplier: r.supplier, description: r.description, category: r.category, amountPence: r.amountPence, updatedAt: at },
      });
  },

  /** Counts for the staff overview. */
  async counts(database: Database) {
    const rows = await database.query<{ contracts: number; rounds: number; awards: number; spending: number }>(sql`
        select (select count(*)::int from resource_contracts) as contracts, (select count(*)::int from resource_grant_rounds) as rounds,
               (select count(*)::int from resource_grant_awards) as awards, (select count(*)::int from resource_spending_items) as spending`);
    return rows[0];
  },
};
