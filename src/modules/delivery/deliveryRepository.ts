import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import {
  deliveryActions,
  deliveryCommentary,
  deliveryPlans,
  deliveryStatusSettings,
  deliveryUpdateFiles,
  deliveryUpdates,
  type UpdateState,
} from './schema.js';

export type DeliveryPlan = typeof deliveryPlans.$inferSelect;
export type Action = typeof deliveryActions.$inferSelect;
export type ActionInsert = typeof deliveryActions.$inferInsert;
export type Update = typeof deliveryUpdates.$inferSelect;
export type UpdateFile = typeof deliveryUpdateFiles.$inferSelect;
export type UpdateWithFiles = Update & { files: UpdateFile[] };

const isUuid = (s: string) => /^[0-9a-f-]{36}$/i.test(s);

/** SQL only: every function takes the database or a transaction. */
export const deliveryRepository = {
  /** Every delivery plan, action and update, for the site-wide search's index. */
  async everything(db: Db) {
    const [plans, actions, updates] = await Promise.all([
      db.select().from(deliveryPlans),
      db.select().from(deliveryActions),
      db.select().from(deliveryUpdates),
    ]);
    return { plans, actions, updates };
  },
  listPlans(db: Db) {
    return db.select().from(deliveryPlans).orderBy(desc(deliveryPlans.yearStart), asc(deliveryPlans.reference));
  },
  async planById(db: Db, id: string): Promise<DeliveryPlan | undefined> {
    if (!isUuid(id)) return undefined;
    const [p] = await db.select().from(deliveryPlans).where(eq(deliveryPlans.id, id));
    return p;
  },
  async planByReference(db: Db, reference: string): Promise<DeliveryPlan | undefined> {
    const [p] = await db.select().from(deliveryPlans).where(eq(deliveryPlans.reference, reference));
    return p;
  },
  async planEndingOn(db: Db, yearEnd: string): Promise<DeliveryPlan | undefined> {
    const [p] = await db.select().from(deliveryPlans).where(eq(deliveryPlans.yearEnd, yearEnd)).orderBy(desc(deliveryPlans.createdAt)).limit(1);
    return p;
  },
  async planStartingOn(db: Db, yearStart: string): Promise<DeliveryPlan | undefined> {
    const [p] = await db.select().from(deliveryPlans).where(eq(deliveryPlans.yearStart, yearStart)).orderBy(desc(deliveryPlans.createdAt)).limit(1);
    return p;
  },
  async insertPlan(db: Db, values: typeof deliveryPlans.$inferInsert): Promise<DeliveryPlan> {
    const [p] = await db.insert(deliveryPlans).values(values).returning();
    return p;
  },
  async setIntroduction(db: Db, id: string, introduction: string | null) {
    await db.update(deliveryPlans).set({ introduction }).where(eq(deliveryPlans.id, id));
  },
  async setAnnualReportPublishedAt(db: Db, id: string, at: Date | null): Promise<DeliveryPlan> {
    const [p] = await db.update(deliveryPlans).set({ annualReportPublishedAt: at }).where(eq(deliveryPlans.id, id)).returning();
    return p;
  },

  actionsOfPlans(db: Db, planIds: string[]) {
    if (!planIds.length) return Promise.resolve<Action[]>([]);
    return db
      .select()
      .from(deliveryActions)
      .where(inArray(deliveryActions.deliveryPlanId, planIds))
      .orderBy(asc(deliveryActions.position), asc(deliveryActions.reference));
  },
  actionsWhere(db: Db, f: { ownerId?: string; priorityId?: string; commitmentId?: string }) {
    const where = [];
    if (f.ownerId) where.push(eq(deliveryActions.ownerId, f.ownerId));
    if (f.priorityId) where.push(eq(deliveryActions.priorityId, f.priorityId));
    if (f.commitmentId) where.push(eq(deliveryActions.commitmentId, f.commitmentId));
    return db
      .select()
      .from(deliveryActions)
      .where(where.length ? and(...where) : undefined)
      .orderBy(asc(deliveryActions.dueDate), asc(deliveryActions.reference));
  },
  actionsForArea(db: Db, code: string) {
    return db
      .select()
      .from(deliveryActions)
      .where(sql`${deliveryActions.areaCodes} @> ${JSON.stringify([code])}::jsonb`)
      .orderBy(asc(deliveryActions.reference));
  },
  async actionById(db: Db, id: string): Promise<Action | undefined> {
    if (!isUuid(id)) return undefined;
    const [a] = await db.select().from(deliveryActions).where(eq(deliveryActions.id, id));
    return a;
  },
  async actionByReference(db: Db, deliveryPlanId: string, reference: string): Promise<Action | undefined> {
    const [a] = await db
      .select()
      .from(deliveryActions)
      .where(and(eq(deliveryActions.deliveryPlanId, deliveryPlanId), eq(deliveryActions.reference, reference)));
    return a;
  },
  async insertAction(db: Db, values: ActionInsert): Promise<Action> {
    const [a] = await db.insert(deliveryActions).values(values).returning();
    return a;
  },
  async updateAction(db: Db, id: string, values: Partial<ActionInsert>): Promise<Action> {
    const [a] = await db
      .update(deliveryActions)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(deliveryActions.id, id))
      .returning();
    return a;
  },
  async maxPosition(db: Db, deliveryPlanId: string): Promise<number> {
    const [r] = await db
      .select({ m: sql<number>`coalesce(max(${deliveryActions.position}), 0)::int` })
      .from(deliveryActions)
      .where(eq(deliveryActions.deliveryPlanId, deliveryPlanId));
    return r.m;
  },

  async updatesOf(db: Db, actionIds: string[], states?: UpdateState[]): Promise<UpdateWithFiles[]> {
    if (!actionIds.length) return [];
    const where = [inArray(deliveryUpdates.actionId, actionIds)];
    if (states) where.push(inArray(deliveryUpdates.state, states));
    const us = await db
      .select()
      .from(deliveryUpdates)
      .where(and(...where))
      .orderBy(desc(deliveryUpdates.asOf), desc(deliveryUpdates.createdAt));
    const files = us.length
      ? await db
          .select()
          .from(deliveryUpdateFiles)
          .where(
            inArray(
              deliveryUpdateFiles.updateId,
              us.map((u) => u.id),
            ),
          )
      : [];
    return us.map((u) => ({ ...u, files: files.filter((f) => f.updateId === u.id) }));
  },
  async updatesByState(db: Db, state: UpdateState): Promise<Update[]> {
    return db.select().from(deliveryUpdates).where(eq(deliveryUpdates.state, state)).orderBy(asc(deliveryUpdates.createdAt));
  },
  async updateById(db: Db, id: string): Promise<Update | undefined> {
    if (!isUuid(id)) return undefined;
    const [u] = await db.select().from(deliveryUpdates).where(eq(deliveryUpdates.id, id));
    return u;
  },
  async updateByReference(db: Db, actionId: string, reference: string): Promise<Update | undefined> {
    const [u] = await db
      .select()
      .from(deliveryUpdates)
      .where(and(eq(deliveryUpdates.actionId, actionId), eq(deliveryUpdates.reference, reference)));
    return u;
  },
  async countUpdates(db: Db, actionId: string): Promise<number> {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(deliveryUpdates)
      .where(eq(deliveryUpdates.actionId, actionId));
    return r.n;
  },
  async insertUpdate(db: Db, values: typeof deliveryUpdates.$inferInsert): Promise<Update> {
    const [u] = await db.insert(deliveryUpdates).values(values).returning();
    return u;
  },
  async setUpdate(db: Db, id: string, values: Partial<typeof deliveryUpdates.$inferInsert>): Promise<Update> {
    const [u] = await db.update(deliveryUpdates).set(values).where(eq(deliveryUpdates.id, id)).returning();
    return u;
  },
  async insertFiles(db: Db, values: (typeof deliveryUpdateFiles.$inferInsert)[]) {
    if (values.length) await db.insert(deliveryUpdateFiles).values(values);
  },
  async fileById(db: Db, id: string): Promise<UpdateFile | undefined> {
    if (!isUuid(id)) return undefined;
    const [f] = await db.select().from(deliveryUpdateFiles).where(eq(deliveryUpdateFiles.id, id));
    return f;
  },
  /** Updates not rejected, per action and period: who has answered which period. */
  answeredPeriods(db: Db, actionIds: string[]) {
    if (!actionIds.length) return Promise.resolve<{ actionId: string; periodKey: string }[]>([]);
    return db
      .selectDistinct({ actionId: deliveryUpdates.actionId, periodKey: deliveryUpdates.periodKey })
      .from(deliveryUpdates)
      .where(and(inArray(deliveryUpdates.actionId, actionIds), sql`${deliveryUpdates.state} <> 'rejected'`));
  },

  statusOverrides(db: Db) {
    return db.select({ key: deliveryStatusSettings.key, label: deliveryStatusSettings.label, rag: deliveryStatusSettings.rag }).from(deliveryStatusSettings);
  },
  async upsertStatus(db: Db, key: string, label: string, rag: string) {
    await db
      .insert(deliveryStatusSettings)
      .values({ key, label, rag })
      .onConflictDoUpdate({ target: deliveryStatusSettings.key, set: { label, rag, updatedAt: new Date() } });
  },

  commentaryOf(db: Db, deliveryPlanId: string, period: string) {
    return db
      .select()
      .from(deliveryCommentary)
      .where(and(eq(deliveryCommentary.deliveryPlanId, deliveryPlanId), eq(deliveryCommentary.period, period)));
  },
  async upsertCommentary(db: Db, deliveryPlanId: string, period: string, priorityId: string, body: string) {
    await db
      .insert(deliveryCommentary)
      .values({ deliveryPlanId, period, priorityId, body })
      .onConflictDoUpdate({
        target: [deliveryCommentary.deliveryPlanId, deliveryCommentary.period, deliveryCommentary.priorityId],
        set: { body, updatedAt: new Date() },
      });
  },
};
