import { and, eq, inArray, desc, or, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import { auditLog } from '../../platform/schema.js';
import { RuleError, forbidden, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import { statutoryChecklist } from './checklist.js';
import { diffPlans, type PlanDiff } from './diff.js';
import { STATUS_LABELS, findTransition, isEditable, isPublic, statusInWords } from './lifecycle.js';
import { createPlanImporter, type PlanDefaults } from './planImport.js';
import { ORDERED, plansRepository as repo, type ItemKind, type Plan, type PlanTree } from './plansRepository.js';
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
  PLAN_STATUSES,
  type PlanStatus,
  type StatutoryElement,
} from './schema.js';
import { createPlanHooks } from './hooks.js';
import { nextReference, snapshot, stagePlan } from './planShapes.js';

export interface PlanInput {
  reference: string;
  title: string;
  termStart: string;
  termEnd: string;
  priorityLabel: string;
  summary?: string | null;
  vision?: string | null;
  mission?: string | null;
  values?: string[];
}

export interface ItemInputs {
  outcome: { title: string; description?: string | null; reference?: string };
  priority: { title: string; narrative?: string | null; reference?: string; outcomeIds?: string[]; achievements?: string[]; plannedActions?: string[] };
  commitment: { title: string; description?: string | null; reference?: string; priorityId?: string };
  'force-priority': { title: string; lead?: string | null; areasOfFocus?: string[]; reference?: string };
  section: { title: string; body?: string | null; covers?: StatutoryElement[]; reference?: string };
  measure: { measure: string; outcome?: string | null };
}

const ITEM_LABEL: Record<ItemKind, string> = {
  outcome: 'outcome',
  priority: 'priority',
  commitment: 'commitment',
  'force-priority': 'force priority',
  section: 'section',
  measure: 'measure',
};

/** Parent kind of each child kind: plan-level children hang off the plan, others off a priority. */
const PARENT: Record<ItemKind, 'plan' | 'priority'> = {
  outcome: 'plan',
  priority: 'plan',
  section: 'plan',
  commitment: 'priority',
  'force-priority': 'priority',
  measure: 'priority',
};

export { nextReference } from './planShapes.js';

export function createPlansService(
  database: Database,
  defaults: () => Promise<PlanDefaults> = async () => ({ commissionerName: '', commissionerTitle: '' }),
  clock: () => Date = () => new Date(),
) {
  const { db } = database;
  const { importPlan, importParsed } = createPlanImporter(database, defaults);
  /** Other modules' links, stage handlers and checklist evidence (hooks.ts). */
  const hooks = createPlanHooks();

  async function mustGet(dbx: Db, id: string): Promise<Plan> {
    const p = await repo.byId(dbx, id);
    if (!p) throw notFound('No such plan');
    return p;
  }

  function assertEditable(plan: Plan) {
    if (!isEditable(plan.status)) {
      throw new RuleError(`This plan is ${statusInWords(plan.status)}, so it cannot be changed. Refresh it to make a new draft version.`);
    }
  }

  // ---- reads -------------------------------------------------------------------------------

  async function list(opts: { includeDrafts: boolean }) {
    return repo.list(db, opts.includeDrafts ? undefined : ['published', 'superseded']);
  }

  async function get(id: string) {
    return repo.byId(db, id);
  }

  async function getTree(id: string): Promise<PlanTree | undefined> {
    const p = await repo.byId(db, id);
    return p ? repo.tree(db, p) : undefined;
  }

  async function getTreeByReference(reference: string): Promise<PlanTree | undefined> {
    const p = await repo.byReference(db, reference);
    return p ? repo.tree(db, p) : undefined;
  }

  /** What the public may see: published and superseded plans only. Drafts never leak. */
  async function getPublicTree(idOrReference: string): Promise<PlanTree | undefined> {
    const p = (await repo.byReference(db, idOrReference)) ?? (await repo.byId(db, idOrReference));
    if (!p || !isPublic(p.status)) return undefined;
    return repo.tree(db, p);
  }

  async function listPublic() {
    return repo.list(db, ['published', 'superseded']);
  }

  /** The plan in force: the most recent published plan. */
  async function current(): Promise<PlanTree | undefined> {
    const [p] = await repo.list(db, ['published']);
    return p ? repo.tree(db, p) : undefined;
  }

  async function versions(id: string) {
    const p = await mustGet(db, id);
    return repo.lineage(db, p);
  }

  async function transitionsOf(id: string) {
    return repo.transitionsOf(db, id);
  }

  async function checklist(id: string) {
    const tree = await getTree(id);
    if (!tree) throw notFound('No such plan');
    return statutoryChecklist(tree, (await hooks.evidence(stagePlan(tree))).covers);
  }

  /** What the plan links in other modules, by priority reference (measures of the performance module). */
  async function checklistEvidence(tree: PlanTree) {
    return hooks.evidence(stagePlan(tree));
  }

  /** A plan out for consultation, which the public may read as a draft; undefined otherwise. */
  async function getConsultationDraft(reference: string): Promise<PlanTree | undefined> {
    const p = await repo.byReference(db, reference);
    return p && p.status === 'consultation' ? repo.tree(db, p) : undefined;
  }

  async function diff(fromId: string, toId: string): Promise<{ from: PlanTree; to: PlanTree; diff: PlanDiff }> {
    const [from, to] = await Promise.all([getTree(fromId), getTree(toId)]);
    if (!from || !to) throw notFound('No such plan');
    return { from, to, diff: diffPlans(from, to) };
  }

  /**
   * What changed from the previous version, for a public plan's page: only when the version it
   * refreshes is public too (a draft is never compared in public).
   */
  async function publicChanges(tree: PlanTree): Promise<{ from: PlanTree; to: PlanTree; diff: PlanDiff } | undefined> {
    if (!tree.previousVersionId || !isPublic(tree.status)) return undefined;
    const previous = await getTree(tree.previousVersionId);
    if (!previous || !isPublic(previous.status)) return undefined;
    return { from: previous, to: tree, diff: diffPlans(previous, tree) };
  }

  /** Every audited change to the plan and its items, newest first. */
  async function history(id: string) {
    const tree = await getTree(id);
    if (!tree) throw notFound('No such plan');
    const ids = [
      tree.id,
      ...tree.outcomes.map((o) => o.id),
      ...tree.sections.map((s) => s.id),
      ...tree.priorities.flatMap((p) => [p.id, ...p.commitments.map((c) => c.id), ...p.forcePriorities.map((f) => f.id), ...p.measures.map((m) => m.id)]),
    ];
    return db
      .select()
      .from(auditLog)
      .where(
        or(
          and(eq(auditLog.entityType, 'plan'), eq(auditLog.entityId, id)),
          inArray(auditLog.entityId, ids),
          // Items since deleted (or moved out) are found by the plan their audit row names.
          sql`${auditLog.before}->>'planId' = ${id}`,
          sql`${auditLog.after}->>'planId' = ${id}`,
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(300);
  }

  /** The item's own record (for edit forms), with the plan it belongs to. */
  async function getItem(kind: ItemKind, id: string) {
    const planId = await repo.planIdOf(db, kind, id);
    if (!planId) return undefined;
    const { table } = ORDERED[kind];
    const t = table as typeof outcomes;
    const [item] = await db.select().from(t).where(eq(t.id, id));
    const plan = await repo.byId(db, planId);
    return item && plan ? { plan, item: item as Record<string, unknown> } : undefined;
  }

  // ---- writes on the plan ------------------------------------------------------------------

  async function create(actor: Actor, input: PlanInput): Promise<Plan> {
    // The area's settings are the defaults of a new plan; the plan keeps them when settings change later.
    const area = await defaults();
    return database.transaction(async (tx) => {
      if (await repo.byReference(tx, input.reference)) throw new RuleError(`A plan with the reference ${input.reference} already exists`);
      const [p] = await tx
        .insert(plans)
        .values({
          ...input,
          values: input.values ?? [],
          status: 'draft',
          version: 1,
          commissionerName: area.commissionerName || null,
          commissionerTitle: area.commissionerTitle || null,
        })
        .returning();
      await recordAudit(tx, actor, { action: 'plan.create', entityType: 'plan', entityId: p.id, summary: `Created draft plan “${p.title}”`, after: p });
      return p;
    });
  }

  async function update(actor: Actor, id: string, input: Omit<PlanInput, 'reference'>): Promise<Plan> {
    return database.transaction(async (tx) => {
      const before = await mustGet(tx, id);
      assertEditable(before);
      const [after] = await tx
        .update(plans)
        .set({ ...input, updatedAt: new Date() })
        .where(eq(plans.id, id))
        .returning();
      await recordAudit(tx, actor, { action: 'plan.update', entityType: 'plan', entityId: id, summary: `Edited the plan’s details`, before, after });
      return after;
    });
  }

  async function remove(actor: Actor, id: string): Promise<void> {
    await database.transaction(async (tx) => {
      const before = await mustGet(tx, id);
      if (before.status !== 'draft') throw new RuleError('Only a draft plan can be deleted. Published plans stay on record.');
      const tree = await repo.tree(tx, before);
      await tx.update(plans).set({ previousVersionId: before.previousVersionId }).where(eq(plans.previousVersionId, id));
      await tx.delete(plans).where(eq(plans.id, id));
      await recordAudit(tx, actor, {
        action: 'plan.delete',
        entityType: 'plan',
        entityId: id,
        summary: `Deleted draft plan “${before.title}”`,
        before: snapshot(tree),
      });
    });
  }

  /**
   * Moves a plan through its lifecycle. Only allowed transitions by allowed roles; each with a
   * reason. Publishing with statutory gaps needs `confirmGaps`. Publishing a version supersedes
   * the published version it refreshes.
   */
  async function transition(
    actor: Actor,
    id: string,
    to: PlanStatus,
    reason: string,
    opts: { confirmGaps?: boolean; closesOn?: string } = {},
  ): Promise<{ plan: Plan; gaps: StatutoryElement[] }> {
    if (!PLAN_STATUSES.includes(to)) throw new RuleError('Unknown status');
    if (!reason.trim()) throw new RuleError('Give a reason for the change');
    // Other modules' evidence is read before the transaction (never another module's reads inside it).
    const linked = to === 'published' ? await checklist(id) : undefined;
    const today = clock().toISOString().slice(0, 10);
    return database.transaction(async (tx) => {
      const plan = await mustGet(tx, id);
      const t = findTransition(plan.status, to);
      if (!t) throw new RuleError(`A plan cannot go from ${STATUS_LABELS[plan.status]} to ${STATUS_LABELS[to]}`);
      if (!actor.role || !t.roles.includes(actor.role)) throw forbidden(`Your role cannot ${t.label.toLowerCase()}`);
      let gaps: StatutoryElement[] = [];
      if (to === 'published') {
        gaps = linked?.gaps ?? [];
        if (gaps.length && !opts.confirmGaps) {
          throw new RuleError(`The plan does not yet cover: ${gaps.join(', ')}. Confirm that you want to publish it with these gaps.`);
        }
      }
      const change = { plan: stagePlan(await repo.tree(tx, plan)), from: plan.status, to, actor, reason: reason.trim(), today, closesOn: opts.closesOn };
      await hooks.check(tx, change);
      const [after] = await tx
        .update(plans)
        .set({ status: to, updatedAt: new Date(), ...(to === 'published' ? { publishedAt: new Date() } : {}) })
        .where(eq(plans.id, id))
        .returning();
      await tx.insert(transitions).values({
        planId: id,
        fromStatus: plan.status,
        toStatus: to,
        reason: reason.trim(),
        gapsConfirmed: gaps.length > 0,
        actorId: actor.id,
        actorLabel: actor.label,
      });
      await recordAudit(tx, actor, {
        action: `plan.${to}`,
        entityType: 'plan',
        entityId: id,
        summary: `${STATUS_LABELS[plan.status]} → ${STATUS_LABELS[to]}: ${reason.trim()}${gaps.length ? ` (published with gaps confirmed: ${gaps.join(', ')})` : ''}`,
        before: { status: plan.status },
        after: { status: to, gapsConfirmed: gaps },
      });
      if (to === 'published') {
        // Every other version of the same plan still in force is superseded by this one.
        const inForce = (await repo.lineage(tx, plan)).filter((p) => p.id !== plan.id && p.status === 'published');
        for (const prev of inForce) {
          await tx.update(plans).set({ status: 'superseded', updatedAt: new Date() }).where(eq(plans.id, prev.id));
          const why = `Superseded by version ${plan.version} (${plan.reference})`;
          await tx
            .insert(transitions)
            .values({ planId: prev.id, fromStatus: 'published', toStatus: 'superseded', reason: why, actorId: actor.id, actorLabel: actor.label });
          await recordAudit(tx, actor, {
            action: 'plan.superseded',
            entityType: 'plan',
            entityId: prev.id,
            summary: why,
            before: { status: 'published' },
            after: { status: 'superseded' },
          });
        }
      }
      // The next stage's work (the consultation, the Panel's item, publishing the response), in this transaction.
      await hooks.apply(tx, change);
      return { plan: after, gaps };
    });
  }

  /** Makes a new draft version from a published plan, with every item copied (same references). */
  async function refresh(actor: Actor, id: string, input?: { reference?: string; title?: string }): Promise<Plan> {
    return database.transaction(async (tx) => {
      const source = await mustGet(tx, id);
      if (source.status === 'superseded') throw new RuleError('A superseded version cannot be refreshed: refresh the version in force instead.');
      if (!isPublic(source.status)) throw new RuleError('Only a published plan can be refreshed; edit the draft instead.');
      const lineage = await repo.lineage(tx, source);
      const openDraft = lineage.find((p) => isEditable(p.status));
      if (openDraft) throw new RuleError(`There is already a draft version of this plan (${openDraft.reference}).`);
      const version = Math.max(...lineage.map((p) => p.version)) + 1;
      let reference = input?.reference ?? `${source.reference.replace(/-v\d+$/, '')}-v${version}`;
      while (await repo.byReference(tx, reference)) reference = `${reference}-new`;
      const tree = await repo.tree(tx, source);
      const [copy] = await tx
        .insert(plans)
        .values({
          reference,
          title: input?.title ?? tree.title,
          termStart: tree.termStart,
          termEnd: tree.termEnd,
          status: 'draft',
          version,
          previousVersionId: source.id,
          priorityLabel: tree.priorityLabel,
          summary: tree.summary,
          vision: tree.vision,
          mission: tree.mission,
          values: tree.values,
          documentTitle: tree.documentTitle,
          commissionerName: tree.commissionerName,
          commissionerTitle: tree.commissionerTitle,
          labels: tree.labels,
          followsId: tree.followsId,
        })
        .returning();
      await copyChildren(tx, tree, copy.id);
      await recordAudit(tx, actor, {
        action: 'plan.refresh',
        entityType: 'plan',
        entityId: copy.id,
        summary: `Refreshed “${source.title}” (${source.reference}) as draft version ${version}`,
        after: { reference, previousVersion: source.reference },
      });
      return copy;
    });
  }

  async function copyChildren(tx: Db, tree: PlanTree, planId: string) {
    const outcomeMap = new Map<string, string>();
    const priorityMap = new Map<string, string>();
    for (const o of tree.outcomes) {
      const [n] = await tx
        .insert(outcomes)
        .values({ planId, reference: o.reference, position: o.position, title: o.title, description: o.description })
        .returning({ id: outcomes.id });
      outcomeMap.set(o.id, n.id);
    }
    for (const s of tree.sections) {
      await tx.insert(sections).values({ planId, reference: s.reference, position: s.position, title: s.title, body: s.body, covers: s.covers });
    }
    for (const p of tree.priorities) {
      const [np] = await tx
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
        await tx
          .insert(commitments)
          .values(
            p.commitments.map((c) => ({ planId, priorityId: np.id, reference: c.reference, position: c.position, title: c.title, description: c.description })),
          );
      }
      if (p.forcePriorities.length) {
        await tx.insert(forcePriorities).values(
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
        await tx.insert(priorityMeasures).values(p.measures.map((m) => ({ priorityId: np.id, position: m.position, measure: m.measure, outcome: m.outcome })));
      }
      const links = p.outcomeIds.map((o) => outcomeMap.get(o)).filter((x): x is string => Boolean(x));
      if (links.length) await tx.insert(priorityOutcomes).values(links.map((outcomeId) => ({ priorityId: np.id, outcomeId })));
    }
    for (const t of tree.themes) {
      const [nt] = await tx
        .insert(themes)
        .values({ planId, reference: t.reference, position: t.position, title: t.title, description: t.description })
        .returning({ id: themes.id });
      const across = t.priorityIds.map((id) => priorityMap.get(id)).filter((x): x is string => Boolean(x));
      if (across.length) await tx.insert(themePriorities).values(across.map((priorityId) => ({ themeId: nt.id, priorityId })));
    }
  }

  // ---- writes on items ---------------------------------------------------------------------

  async function addItem<K extends ItemKind>(actor: Actor, kind: K, parentId: string, input: ItemInputs[K]): Promise<string> {
    return database.transaction(async (tx) => {
      let planId: string;
      if (PARENT[kind] === 'plan') planId = parentId;
      else {
        const pid = await repo.planIdOf(tx, 'priority', parentId);
        if (!pid) throw notFound('No such priority');
        planId = pid;
      }
      const plan = await mustGet(tx, planId);
      assertEditable(plan);
      const position = await repo.nextPosition(tx, kind, parentId);
      const tree = await repo.tree(tx, plan);
      let id: string;
      const anyInput = input as Record<string, unknown>;
      switch (kind) {
        case 'outcome': {
          const i = input as ItemInputs['outcome'];
          const reference =
            i.reference ||
            nextReference(
              'O',
              tree.outcomes.map((o) => o.reference),
            );
          [{ id }] = await tx
            .insert(outcomes)
            .values({ planId, reference, position, title: i.title, description: i.description ?? null })
            .returning({ id: outcomes.id });
          break;
        }
        case 'priority': {
          const i = input as ItemInputs['priority'];
          const reference =
            i.reference ||
            nextReference(
              'P',
              tree.priorities.map((p) => p.reference),
            );
          [{ id }] = await tx
            .insert(priorities)
            .values({
              planId,
              reference,
              position,
              title: i.title,
              narrative: i.narrative ?? null,
              achievements: i.achievements ?? [],
              plannedActions: i.plannedActions ?? [],
            })
            .returning({ id: priorities.id });
          await setPriorityOutcomes(tx, tree, id, i.outcomeIds);
          break;
        }
        case 'section': {
          const i = input as ItemInputs['section'];
          const reference =
            i.reference ||
            nextReference(
              'S',
              tree.sections.map((s) => s.reference),
            );
          [{ id }] = await tx
            .insert(sections)
            .values({ planId, reference, position, title: i.title, body: i.body ?? null, covers: i.covers ?? [] })
            .returning({ id: sections.id });
          break;
        }
        case 'commitment': {
          const i = input as ItemInputs['commitment'];
          const pr = tree.priorities.find((p) => p.id === parentId)!;
          const all = tree.priorities.flatMap((p) => p.commitments.map((c) => c.reference));
          const reference = i.reference || nextReference(`${pr.reference}-C`, all);
          [{ id }] = await tx
            .insert(commitments)
            .values({ planId, priorityId: parentId, reference, position, title: i.title, description: i.description ?? null })
            .returning({ id: commitments.id });
          break;
        }
        case 'force-priority': {
          const i = input as ItemInputs['force-priority'];
          const pr = tree.priorities.find((p) => p.id === parentId)!;
          const all = tree.priorities.flatMap((p) => p.forcePriorities.map((c) => c.reference));
          const reference = i.reference || nextReference(`${pr.reference}-F`, all);
          [{ id }] = await tx
            .insert(forcePriorities)
            .values({ planId, priorityId: parentId, reference, position, title: i.title, lead: i.lead ?? null, areasOfFocus: i.areasOfFocus ?? [] })
            .returning({ id: forcePriorities.id });
          break;
        }
        case 'measure': {
          const i = input as ItemInputs['measure'];
          [{ id }] = await tx
            .insert(priorityMeasures)
            .values({ priorityId: parentId, position, measure: i.measure, outcome: i.outcome ?? null })
            .returning({ id: priorityMeasures.id });
          break;
        }
        default:
          throw new RuleError('Unknown item');
      }
      await recordAudit(tx, actor, {
        action: `${kind}.create`,
        entityType: kind,
        entityId: id,
        summary: `Added ${ITEM_LABEL[kind]} “${String(anyInput.title ?? anyInput.measure)}” to “${plan.title}”`,
        after: { ...anyInput, planId },
      });
      return id;
    });
  }

  async function setPriorityOutcomes(tx: Db, tree: PlanTree, priorityId: string, outcomeIds?: string[]) {
    if (!outcomeIds) return;
    const valid = outcomeIds.filter((o) => tree.outcomes.some((x) => x.id === o));
    await tx.delete(priorityOutcomes).where(eq(priorityOutcomes.priorityId, priorityId));
    if (valid.length) await tx.insert(priorityOutcomes).values(valid.map((outcomeId) => ({ priorityId, outcomeId })));
  }

  async function updateItem<K extends ItemKind>(actor: Actor, kind: K, id: string, input: ItemInputs[K]): Promise<void> {
    await database.transaction(async (tx) => {
      const planId = await repo.planIdOf(tx, kind, id);
      if (!planId) throw notFound(`No such ${ITEM_LABEL[kind]}`);
      const plan = await mustGet(tx, planId);
      assertEditable(plan);
      const { table } = ORDERED[kind];
      const t = table as typeof outcomes;
      const [before] = await tx.select().from(t).where(eq(t.id, id));
      const { outcomeIds, priorityId, reference, ...fields } = input as ItemInputs['priority'] & { priorityId?: string; reference?: string };
      const set: Record<string, unknown> = { ...fields };
      if (reference) set.reference = reference;
      if (kind === 'commitment' && priorityId && priorityId !== (before as unknown as { priorityId: string }).priorityId) {
        // Moving a commitment to another priority of the same plan: it goes to the end there.
        const target = await repo.planIdOf(tx, 'priority', priorityId);
        if (target !== planId) throw new RuleError('A commitment can only move to a priority of the same plan');
        set.priorityId = priorityId;
        set.position = await repo.nextPosition(tx, 'commitment', priorityId);
      }
      await tx.update(t).set(set).where(eq(t.id, id));
      if (kind === 'priority') await setPriorityOutcomes(tx, await repo.tree(tx, plan), id, outcomeIds);
      if (set.priorityId) await repo.renumber(tx, 'commitment', (before as unknown as { priorityId: string }).priorityId);
      const [after] = await tx.select().from(t).where(eq(t.id, id));
      await recordAudit(tx, actor, {
        action: `${kind}.update`,
        entityType: kind,
        entityId: id,
        summary: `Edited ${ITEM_LABEL[kind]} “${String((after as Record<string, unknown>).title ?? (after as Record<string, unknown>).measure)}”`,
        before: { ...before, planId },
        after: { ...after, planId, ...(kind === 'priority' ? { outcomeIds } : {}) },
      });
    });
  }

  async function moveItem(actor: Actor, kind: ItemKind, id: string, direction: 'up' | 'down'): Promise<void> {
    await database.transaction(async (tx) => {
      const planId = await repo.planIdOf(tx, kind, id);
      if (!planId) throw notFound(`No such ${ITEM_LABEL[kind]}`);
      assertEditable(await mustGet(tx, planId));
      const moved = await repo.move(tx, kind, id, direction);
      if (moved) {
        await recordAudit(tx, actor, {
          action: `${kind}.move`,
          entityType: kind,
          entityId: id,
          summary: `Moved ${ITEM_LABEL[kind]} ${direction}`,
          after: { direction, planId },
        });
      }
    });
  }

  async function deleteItem(actor: Actor, kind: ItemKind, id: string): Promise<void> {
    await database.transaction(async (tx) => {
      const planId = await repo.planIdOf(tx, kind, id);
      if (!planId) throw notFound(`No such ${ITEM_LABEL[kind]}`);
      assertEditable(await mustGet(tx, planId));
      const { table, parent } = ORDERED[kind];
      const t = table as typeof outcomes;
      const [before] = await tx.select().from(t).where(eq(t.id, id));
      const parentId = (before as Record<string, unknown>)[
        kind === 'commitment' || kind === 'force-priority' || kind === 'measure' ? 'priorityId' : 'planId'
      ] as string;
      void parent;
      await tx.delete(t).where(eq(t.id, id));
      await repo.renumber(tx, kind, parentId);
      await recordAudit(tx, actor, {
        action: `${kind}.delete`,
        entityType: kind,
        entityId: id,
        summary: `Deleted ${ITEM_LABEL[kind]} “${String((before as Record<string, unknown>).title ?? (before as Record<string, unknown>).measure)}”`,
        before: { ...before, planId },
      });
    });
  }

  return {
    addPageLinks: hooks.addPageLinks,
    addStageHandler: hooks.addStageHandler,
    addChecklistEvidence: hooks.addChecklistEvidence,
    pageLinks: hooks.pageLinks,
    checklistEvidence,
    getConsultationDraft,
    list,
    listPublic,
    get,
    getTree,
    getTreeByReference,
    getPublicTree,
    current,
    versions,
    transitionsOf,
    checklist,
    diff,
    publicChanges,
    history,
    getItem,
    create,
    update,
    remove,
    transition,
    refresh,
    addItem,
    updateItem,
    moveItem,
    deleteItem,
    importPlan,
    importParsed,
  };
}
export type PlansService = ReturnType<typeof createPlansService>;
