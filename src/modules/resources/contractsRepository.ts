import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { contractReminders, contractReturns, contracts } from './schema.js';

export type Contract = typeof contracts.$inferSelect;
export type ContractReturn = typeof contractReturns.$inferSelect;

type NewContract = typeof contracts.$inferInsert;
type NewContractReturn = typeof contractReturns.$inferInsert;

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** SQL of commissioned services: every function takes the database or a transaction. */
export const contractsRepository = {
  contracts: (db: Db, minPence = 0) =>
    db.select().from(contracts).where(gte(contracts.valuePence, minPence)).orderBy(asc(contracts.endDate), asc(contracts.provider)),
  /** Every contract, in no particular order (for the site-wide search). */
  allContracts: (db: Db) => db.select().from(contracts),
  async contract(db: Db, id: string) {
    if (!isUuid(id)) return undefined;
    const [r] = await db.select().from(contracts).where(eq(contracts.id, id));
    return r;
  },
  async contractByReference(db: Db, reference: string) {
    const [r] = await db.select().from(contracts).where(eq(contracts.reference, reference));
    return r;
  },
  async insertContract(db: Db, values: NewContract) {
    const [r] = await db.insert(contracts).values(values).returning();
    return r;
  },
  async updateContract(db: Db, id: string, values: NewContract) {
    const [r] = await db.update(contracts).set(values).where(eq(contracts.id, id)).returning();
    return r;
  },
  contractReturns: (db: Db, contractId: string) =>
    db.select().from(contractReturns).where(eq(contractReturns.contractId, contractId)).orderBy(desc(contractReturns.quarter)),
  async contractReturn(db: Db, contractId: string, quarter: string) {
    const [r] = await db
      .select()
      .from(contractReturns)
      .where(and(eq(contractReturns.contractId, contractId), eq(contractReturns.quarter, quarter)));
    return r;
  },
  async insertContractReturn(db: Db, values: NewContractReturn) {
    const [r] = await db.insert(contractReturns).values(values).returning();
    return r;
  },
  contractsEndingBetween: (db: Db, from: string, to: string) =>
    db
      .select()
      .from(contracts)
      .where(and(gte(contracts.endDate, from), lte(contracts.endDate, to)))
      .orderBy(asc(contracts.endDate)),
  reminders: (db: Db, contractId: string) => db.select().from(contractReminders).where(eq(contractReminders.contractId, contractId)),
  /** Notes that the reminder for this end date was sent (a repeat is a no-op). */
  async insertReminder(db: Db, contractId: string, endDate: string) {
    await db.insert(contractReminders).values({ contractId, endDate }).onConflictDoNothing();
  },
};
