import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { gather, rowsOf, type Db } from '../../db/index.js';
import {
  commitments,
  forcePriorities,
  outcomes,
  plans,
  priorities,
  priorityMeasures,
  priorityOutcomes,
  sections,
  transitions,
  type PlanStatus,
} from './schema.js';

export type Plan = typeof plans.$inferSelect;
export type Outcome = typeof outcomes.$inferSelect;
export type Priority = typeof priorities.$inferSelect;
export type Commitment = typeof commitments.$inferSelect;
export type ForcePriority = typeof forcePriorities.$inferSelect;
export type PriorityMeasure = typeof priorityMeasures.$inferSelect;
export type Section = typeof sections.$inferSelect;
export type Transition = typeof transitions.$inferSelect;

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
}

/** The ordered child tables, with the column that holds their parent. */
export const ORDERED = {
  outcome: { table: outcomes, parent: outcomes.planId },
  priority: { table: priorities, parent: priorities.planId },
  section: { table: sections, parent: sections.planId },
  commitment: { table: commitments, parent: commitments.priorityId },
  'force-priority': { table: forcePriorities, parent: forcePriorities.priorityId },
  measure: { table: priorityMeasures, parent: priorityMeasures.priorityId },
} as const;
export type ItemKind = keyof typeof ORDERED;

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
    const [os, ps, ss, cs, fs, ms] = await gather(
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
    return {
      ...plan,
      outcomes: os,
      sections: ss,
      priorities: ps.map((p) => ({
        ...p,
        commitments: cs.filter((c) => c.priorityId === p.id),
        forcePriorities: fs.filter((f) => f.priorityId === p.id),
        measures: ms.map((x) => x.m).filter((m) => m.priorityId === p.id),
        outcomeIds: links.filter((l) => l.priorityId === p.id).map((l) => l.outcomeId),
      })),
    };
  },

  /** The plan a child item belongs to (for permission and editability checks). */
  async planIdOf(db: Db, kind: ItemKind, id: string): Promise<string | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    if (kind === 'measure') {
      const [r] = await db
        .select({ planId: priorities.planId })
        .from(priorityMeasures)
        .innerJoin(priorities, eq(priorities.id, priorityMeasures.priorityId))
        .where(eq(priorityMeasures.id, id));
      return r?.planId;
    }
    const { table } = ORDERED[kind];
    const [r] = await db
      .select({ planId: (table as typeof outcomes).planId })
      .from(table as typeof outcomes)
      .where(eq((table as typeof outcomes).id, id));
    return r?.planId;
  },

  async nextPosition(db: Db, kind: ItemKind, parentId: string): Promise<number> {
    const { table, parent } = ORDERED[kind];
    const [r] = await db
      .select({ max: sql<number>`coalesce(max(${(table as typeof outcomes).position}), 0)::int` })
      .from(table as typeof outcomes)
      .where(eq(parent, parentId));
    return (r?.max ?? 0) + 1;
  },

  /** Swaps an item with its neighbour above or below. Returns false at either end. */
  async move(db: Db, kind: ItemKind, id: string, direction: 'up' | 'down'): Promise<boolean> {
    const { table, parent } = ORDERED[kind];
    const t = table as typeof outcomes;
    const p = parent as typeof outcomes.planId;
    const [item] = await db.select({ id: t.id, position: t.position, parentId: p }).from(t).where(eq(t.id, id));
    if (!item) return false;
    const [neighbour] = await db
      .select({ id: t.id, position: t.position })
      .from(t)
      .where(and(eq(p, item.parentId), direction === 'up' ? lt(t.position, item.position) : gt(t.position, item.position)))
      .orderBy(direction === 'up' ? desc(t.position) : asc(t.position))
      .limit(1);
    if (!neighbour) return false;
    await db.update(t).set({ position: neighbour.position }).where(eq(t.id, item.id));
    await db.update(t).set({ position: item.position }).where(eq(t.id, neighbour.id));
    return true;
  },

  /** Renumbers the children of one parent 1..n, keeping their order. */
  async renumber(db: Db, kind: ItemKind, parentId: string) {
    const { table, parent } = ORDERED[kind];
    const t = table as typeof outcomes;
    const rows = await db.select({ id: t.id }).from(t).where(eq(parent, parentId)).orderBy(asc(t.position));
    for (const [i, r] of rows.entries())
      await db
        .update(t)
        .set({ position: i + 1 })
        .where(eq(t.id, r.id));
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
};
