import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { gather, rowsOf, type Db } from '../../db/index.js';
import { auditLog } from '../../platform/schema.js';
import {
  commitments,
  forcePriorities,
  outcomes,
  plans,
  priorities,
  priorityMeasures,
  priorityOutcomes,
  sections,
  themePriorities,
  themes,
  transitions,
  type PlanStatus,
} from './schema.js';

export type Plan = typeof plans.$inferSelect;
export type PlanInsert = typeof plans.$inferInsert;
export type Outcome = typeof outcomes.$inferSelect;
export type Priority = typeof priorities.$inferSelect;
export type Commitment = typeof commitments.$inferSelect;
export type ForcePriority = typeof forcePriorities.$inferSelect;
export type PriorityMeasure = typeof priorityMeasures.$inferSelect;
export type Section = typeof sections.$inferSelect;
export type Transition = typeof transitions.$inferSelect;
export type Theme = typeof themes.$inferSelect;

export interface ThemeTree extends Theme {
  /** The priorities the theme runs across, in the plan's order. */
  priorityIds: string[];
}

export interface PriorityTree extends Priority {
  commitments: Commitment[];
  forcePriorities: ForcePriority[];
  measures: PriorityMeasure[];
  outcomeIds: string[];
}
export interface PlanTree extends Plan {
  outcomes: Outcome[];
  priorities: PriorityTree[];
  sections: Section[];
  themes: ThemeTree[];
}

/** The kinds of item a plan holds, in the order of the plan page. */
export type ItemKind = 'outcome' | 'priority' | 'section' | 'commitment' | 'force-priority' | 'measure';

export const plansRepository = {
  list(db: Db, statuses?: readonly PlanStatus[]) {
    const q = db.select().from(plans);
    return (statuses ? q.where(inArray(plans.status, [...statuses])) : q).orderBy(desc(plans.termStart), desc(plans.version));
  },

  async byId(db: Db, id: string): Promise<Plan | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [p] = await db.select().from(plans).where(eq(plans.id, id));
    return p;
  },

  async byReference(db: Db, reference: string): Promise<Plan | undefined> {
    const [p] = await db.select().from(plans).where(eq(plans.reference, reference));
    return p;
  },

  async tree(db: Db, plan: Plan): Promise<PlanTree> {
    const [os, ps, ss, cs, fs, ms, ts] = await gather(
      db,
      () => db.select().from(outcomes).where(eq(outcomes.planId, plan.id)).orderBy(asc(outcomes.position)),
      () => db.select().from(priorities).where(eq(priorities.planId, plan.id)).orderBy(asc(priorities.position)),
      () => db.select().from(sections).where(eq(sections.planId, plan.id)).orderBy(asc(sections.position)),
      () => db.select().from(commitments).where(eq(commitments.planId, plan.id)).orderBy(asc(commitments.position)),
      () => db.select().from(forcePriorities).where(eq(forcePriorities.planId, plan.id)).orderBy(asc(forcePriorities.position)),
      () =>
        db
          .select({ m: priorityMeasures })
          .from(priorityMeasures)
          .innerJoin(priorities, eq(priorities.id, priorityMeasures.priorityId))
          .where(eq(priorities.planId, plan.id))
          .orderBy(asc(priorityMeasures.position)),
      () => db.select().from(themes).where(eq(themes.planId, plan.id)).orderBy(asc(themes.position)),
    );
    const links = ps.length
      ? await db
          .select()
          .from(priorityOutcomes)
          .where(
            inArray(
              priorityOutcomes.priorityId,
              ps.map((p) => p.id),
            ),
          )
      : [];
    const themeLinks = ts.length
      ? await db
          .select()
          .from(themePriorities)
          .where(
            inArray(
              themePriorities.themeId,
              ts.map((t) => t.id),
            ),
          )
      : [];
    const order = new Map(ps.map((p, i) => [p.id, i]));
    return {
      ...plan,
      outcomes: os,
      sections: ss,
      themes: ts.map((t) => ({
        ...t,
        priorityIds: themeLinks
          .filter((l) => l.themeId === t.id)
          .map((l) => l.priorityId)
          .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
      })),
      priorities: ps.map((p) => ({
        ...p,
        commitments: cs.filter((c) => c.priorityId === p.id),
        forcePriorities: fs.filter((f) => f.priorityId === p.id),
        measures: ms.map((x) => x.m).filter((m) => m.priorityId === p.id),
        outcomeIds: links.filter((l) => l.priorityId === p.id).map((l) => l.outcomeId),
      })),
    };
  },

  transitionsOf(db: Db, planId: string) {
    return db.select().from(transitions).where(eq(transitions.planId, planId)).orderBy(desc(transitions.at));
  },

  /** Versions in the same lineage as this plan, oldest first. */
  async lineage(db: Db, plan: Plan): Promise<Plan[]> {
    const rows = await db.execute<{ id: string }>(sql`
      with recursive up as (
        select id, previous_version_id from plans where id = ${plan.id}
        union select p.id, p.previous_version_id from plans p join up on p.id = up.previous_version_id
      ), root as (select id from up where previous_version_id is null limit 1),
      down as (
        select id from root
        union select p.id from plans p join down on p.previous_version_id = down.id
      )
      select id from down`);
    const ids = rowsOf<{ id: string }>(rows).map((r) => r.id);
    if (!ids.length) return [plan];
    return db.select().from(plans).where(inArray(plans.id, ids)).orderBy(asc(plans.version), asc(plans.createdAt));
  },

  async insertPlan(db: Db, values: PlanInsert): Promise<Plan> {
    const [p] = await db.insert(plans).values(values).returning();
    return p;
  },

  async updatePlan(db: Db, id: string, set: Partial<PlanInsert>): Promise<Plan> {
    const [p] = await db.update(plans).set(set).where(eq(plans.id, id)).returning();
    return p;
  },

  /** Deletes a plan (its items go with it); a later version then refreshes the one this refreshed. */
  async deletePlan(db: Db, plan: Plan) {
    await db.update(plans).set({ previousVersionId: plan.previousVersionId }).where(eq(plans.previousVersionId, plan.id));
    await db.delete(plans).where(eq(plans.id, plan.id));
  },

  async insertTransition(db: Db, values: typeof transitions.$inferInsert) {
    await db.insert(transitions).values(values);
  },

  /**
   * The audit trail of a plan and of the items with these ids, newest first; items since deleted
   * (or moved out) are found by the plan their audit row names.
   */
  history(db: Db, planId: string, itemIds: string[]) {
    return db
      .select()
      .from(auditLog)
      .where(
        or(
          and(eq(auditLog.entityType, 'plan'), eq(auditLog.entityId, planId)),
          inArray(auditLog.entityId, itemIds),
          sql`${auditLog.before}->>'planId' = ${planId}`,
          sql`${auditLog.after}->>'planId' = ${planId}`,
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(300);
  },

  /** Every plan, priority and commitment, drafts included (for the site search, which sorts out who sees what). */
  async everything(db: Db) {
    const [ps, prs, cs] = await Promise.all([db.select().from(plans), db.select().from(priorities), db.select().from(commitments)]);
    return { plans: ps, priorities: prs, commitments: cs };
  },
};
