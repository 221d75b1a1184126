import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import type { ItemKind, PlanTree } from './plansRepository.js';
import { commitments, forcePriorities, outcomes, priorities, priorityMeasures, priorityOutcomes, sections, themePriorities, themes } from './schema.js';

/** The ordered child tables, with the column that holds their parent. */
const ORDERED = {
  outcome: { table: outcomes, parent: outcomes.planId },
  priority: { table: priorities, parent: priorities.planId },
  section: { table: sections, parent: sections.planId },
  commitment: { table: commitments, parent: commitments.priorityId },
  'force-priority': { table: forcePriorities, parent: forcePriorities.priorityId },
  measure: { table: priorityMeasures, parent: priorityMeasures.priorityId },
} as const satisfies Record<ItemKind, unknown>;

/**
 * One table standing for any of the ordered child tables: they share `id` and `position`, and
 * the queries here use only those and the parent column ORDERED names.
 */
function tableOf(kind: ItemKind) {
  // Cast: the six tables share the columns used through this type (id, position, planId or the parent column).
  return ORDERED[kind].table as typeof outcomes;
}

/** The kinds a plan file matches by reference (the ordered tables with a reference, and themes). */
export type ReferencedKind = Exclude<ItemKind, 'measure'> | 'theme';

const isUuid = (s: string) => /^[0-9a-f-]{36}$/i.test(s);

/** SQL only, for the items of a plan: every function takes the database or a transaction. */
export const planItemsRepository = {
  /** The plan a child item belongs to (for permission and editability checks). */
  async planIdOf(db: Db, kind: ItemKind, id: string): Promise<string | undefined> {
    if (!isUuid(id)) return undefined;
    if (kind === 'measure') {
      const [r] = await db
        .select({ planId: priorities.planId })
        .from(priorityMeasures)
        .innerJoin(priorities, eq(priorities.id, priorityMeasures.priorityId))
        .where(eq(priorityMeasures.id, id));
      return r?.planId;
    }
    const t = tableOf(kind);
    const [r] = await db.select({ planId: t.planId }).from(t).where(eq(t.id, id));
    return r?.planId;
  },

  async nextPosition(db: Db, kind: ItemKind, parentId: string): Promise<number> {
    const t = tableOf(kind);
    const [r] = await db
      .select({ max: sql<number>`coalesce(max(${t.position}), 0)::int` })
      .from(t)
      .where(eq(ORDERED[kind].parent, parentId));
    return (r?.max ?? 0) + 1;
  },

  /** Swaps an item with its neighbour above or below. Returns false at either end. */
  async move(db: Db, kind: ItemKind, id: string, direction: 'up' | 'down'): Promise<boolean> {
    const t = tableOf(kind);
    // Cast: every parent column is a uuid column like outcomes.planId.
    const p = ORDERED[kind].parent as typeof outcomes.planId;
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
    const t = tableOf(kind);
    const rows = await db.select({ id: t.id }).from(t).where(eq(ORDERED[kind].parent, parentId)).orderBy(asc(t.position));
    for (const [i, r] of rows.entries())
      await db
        .update(t)
        .set({ position: i + 1 })
        .where(eq(t.id, r.id));
  },

  /** The item's own row, as stored. */
  async byId(db: Db, kind: ItemKind, id: string): Promise<Record<string, unknown> | undefined> {
    const t = tableOf(kind);
    const [item] = await db.select().from(t).where(eq(t.id, id));
    return item;
  },

  async insertOutcome(db: Db, values: typeof outcomes.$inferInsert): Promise<string> {
    const [r] = await db.insert(outcomes).values(values).returning({ id: outcomes.id });
    return r.id;
  },
  async insertPriority(db: Db, values: typeof priorities.$inferInsert): Promise<string> {
    const [r] = await db.insert(priorities).values(values).returning({ id: priorities.id });
    return r.id;
  },
  async insertSection(db: Db, values: typeof sections.$inferInsert): Promise<string> {
    const [r] = await db.insert(sections).values(values).returning({ id: sections.id });
    return r.id;
  },
  async insertCommitment(db: Db, values: typeof commitments.$inferInsert): Promise<string> {
    const [r] = await db.insert(commitments).values(values).returning({ id: commitments.id });
    return r.id;
  },
  async insertForcePriority(db: Db, values: typeof forcePriorities.$inferInsert): Promise<string> {
    const [r] = await db.insert(forcePriorities).values(values).returning({ id: forcePriorities.id });
    return r.id;
  },
  async insertMeasure(db: Db, values: typeof priorityMeasures.$inferInsert): Promise<string> {
    const [r] = await db.insert(priorityMeasures).values(values).returning({ id: priorityMeasures.id });
    return r.id;
  },

  /** Sets the given columns of one item (the service has checked them against the item's form). */
  async update(db: Db, kind: ItemKind, id: string, set: Record<string, unknown>) {
    const t = tableOf(kind);
    await db.update(t).set(set).where(eq(t.id, id));
  },

  async delete(db: Db, kind: ItemKind, id: string) {
    const t = tableOf(kind);
    await db.delete(t).where(eq(t.id, id));
  },

  /** Replaces the outcomes a priority contributes to. */
  async setPriorityOutcomes(db: Db, priorityId: string, outcomeIds: string[]) {
    await db.delete(priorityOutcomes).where(eq(priorityOutcomes.priorityId, priorityId));
    if (outcomeIds.length) await db.insert(priorityOutcomes).values(outcomeIds.map((outcomeId) => ({ priorityId, outcomeId })));
  },

  /** Copies every item of a plan's tree into another plan (a new version), keeping references and links. */
  async copyTree(db: Db, tree: PlanTree, planId: string) {
    const outcomeMap = new Map<string, string>();
    const priorityMap = new Map<string, string>();
    for (const o of tree.outcomes) {
      const [n] = await db
        .insert(outcomes)
        .values({ planId, reference: o.reference, position: o.position, title: o.title, description: o.description })
        .returning({ id: outcomes.id });
      outcomeMap.set(o.id, n.id);
    }
    for (const s of tree.sections) {
      await db.insert(sections).values({ planId, reference: s.reference, position: s.position, title: s.title, body: s.body, covers: s.covers });
    }
    for (const p of tree.priorities) {
      const [np] = await db
        .insert(priorities)
        .values({
          planId,
          reference: p.reference,
          position: p.position,
          title: p.title,
          narrative: p.narrative,
          achievements: p.achievements,
          plannedActions: p.plannedActions,
          lists: p.lists,
        })
        .returning({ id: priorities.id });
      priorityMap.set(p.id, np.id);
      if (p.commitments.length) {
        await db
          .insert(commitments)
          .values(
            p.commitments.map((c) => ({ planId, priorityId: np.id, reference: c.reference, position: c.position, title: c.title, description: c.description })),
          );
      }
      if (p.forcePriorities.length) {
        await db.insert(forcePriorities).values(
          p.forcePriorities.map((f) => ({
            planId,
            priorityId: np.id,
            reference: f.reference,
            position: f.position,
            title: f.title,
            lead: f.lead,
            areasOfFocus: f.areasOfFocus,
          })),
        );
      }
      if (p.measures.length) {
        await db.insert(priorityMeasures).values(p.measures.map((m) => ({ priorityId: np.id, position: m.position, measure: m.measure, outcome: m.outcome })));
      }
      const links = p.outcomeIds.map((o) => outcomeMap.get(o)).filter((x): x is string => Boolean(x));
      if (links.length) await db.insert(priorityOutcomes).values(links.map((outcomeId) => ({ priorityId: np.id, outcomeId })));
    }
    for (const t of tree.themes) {
      const [nt] = await db
        .insert(themes)
        .values({ planId, reference: t.reference, position: t.position, title: t.title, description: t.description })
        .returning({ id: themes.id });
      const across = t.priorityIds.map((id) => priorityMap.get(id)).filter((x): x is string => Boolean(x));
      if (across.length) await db.insert(themePriorities).values(across.map((priorityId) => ({ themeId: nt.id, priorityId })));
    }
  },

  /**
   * A plan file's items of one kind: updates rows whose reference exists, inserts new ones and
   * deletes those no longer listed. Returns the id of each reference.
   */
  async upsertByReference(
    db: Db,
    kind: ReferencedKind,
    planId: string,
    rows: { reference: string; values: Record<string, unknown> }[],
  ): Promise<Map<string, string>> {
    // Cast: the plan-level tables share id, reference and planId, the only columns named here.
    const t = (kind === 'theme' ? themes : ORDERED[kind].table) as unknown as typeof outcomes;
    const existing = await db.select({ id: t.id, reference: t.reference }).from(t).where(eq(t.planId, planId));
    const byRef = new Map(existing.map((e) => [e.reference, e.id]));
    const ids = new Map<string, string>();
    for (const r of rows) {
      const id = byRef.get(r.reference);
      if (id) {
        await db.update(t).set(r.values).where(eq(t.id, id));
        ids.set(r.reference, id);
      } else {
        const [ins] = await db
          .insert(t)
          // Cast: the row's columns are those of the kind's own table, which this one stands for.
          .values({ reference: r.reference, ...r.values } as typeof outcomes.$inferInsert)
          .returning({ id: t.id });
        ids.set(r.reference, ins.id);
      }
    }
    const stale = existing.filter((e) => !ids.has(e.reference)).map((e) => e.id);
    if (stale.length) await db.delete(t).where(inArray(t.id, stale));
    return ids;
  },

  /** Replaces the measures and outcome links of these priorities and the priorities of these themes. */
  async replaceLinks(
    db: Db,
    o: {
      priorityIds: string[];
      themeIds: string[];
      measures: (typeof priorityMeasures.$inferInsert)[];
      priorityOutcomes: (typeof priorityOutcomes.$inferInsert)[];
      themePriorities: (typeof themePriorities.$inferInsert)[];
    },
  ) {
    if (o.priorityIds.length) {
      await db.delete(priorityMeasures).where(inArray(priorityMeasures.priorityId, o.priorityIds));
      await db.delete(priorityOutcomes).where(inArray(priorityOutcomes.priorityId, o.priorityIds));
    }
    if (o.themeIds.length) await db.delete(themePriorities).where(inArray(themePriorities.themeId, o.themeIds));
    if (o.measures.length) await db.insert(priorityMeasures).values(o.measures);
    if (o.priorityOutcomes.length) await db.insert(priorityOutcomes).values(o.priorityOutcomes);
    if (o.themePriorities.length) await db.insert(themePriorities).values(o.themePriorities);
  },
};
