import { and, eq, inArray, desc, or, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import { auditLog } from '../../platform/schema.js';
import { RuleError, forbidden, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import { statutoryChecklist } from './checklist.js';
import { diffPlans, type PlanDiff } from './diff.js';
import { STATUS_LABELS, findTransition, isEditable, isPublic } from './lifecycle.js';
import { parsePlanFile, type PlanFile } from './planFile.js';
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
  transitions,
  PLAN_STATUSES,
  type PlanStatus,
  type StatutoryElement,
} from './schema.js';
import type { PlanPageAudience, PlanPageLinkGroup, PlanPageLinksProvider, PlanPageRef } from './types.js';

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

/** The next free reference with this prefix: P3 after P1 and P2; P2-C1 for the first commitment of P2. */
export function nextReference(prefix: string, existing: string[]): string {
  const numbered = existing.filter((r) => r.startsWith(prefix) && /^\d+$/.test(r.slice(prefix.length)));
  let n = numbered.length + 1;
  while (existing.includes(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

function snapshot(tree: PlanTree) {
  return {
    reference: tree.reference,
    title: tree.title,
    status: tree.status,
    priorities: tree.priorities.map((p) => ({ reference: p.reference, title: p.title, commitments: p.commitments.map((c) => c.reference) })),
  };
}

export function createPlansService(database: Database) {
  const { db } = database;

  async function mustGet(dbx: Db, id: string): Promise<Plan> {
    const p = await repo.byId(dbx, id);
    if (!p) throw notFound('No such plan');
    return p;
  }

  function assertEditable(plan: Plan) {
    if (!isEditable(plan.status)) {
      throw new RuleError(`This plan is ${STATUS_LABELS[plan.status].toLowerCase()}, so it cannot be changed. Refresh it to make a new draft version.`);
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
    return statutoryChecklist(tree);
  }

  async function diff(fromId: string, toId: string): Promise<{ from: PlanTree; to: PlanTree; diff: PlanDiff }> {
    const [from, to] = await Promise.all([getTree(fromId), getTree(toId)]);
    if (!from || !to) throw notFound('No such plan');
    return { from, to, diff: diffPlans(from, to) };
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
    return database.transaction(async (tx) => {
      if (await repo.byReference(tx, input.reference)) throw new RuleError(`A plan with the reference ${input.reference} already exists`);
      const [p] = await tx
        .insert(plans)
        .values({ ...input, values: input.values ?? [], status: 'draft', version: 1 })
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
    opts: { confirmGaps?: boolean } = {},
  ): Promise<{ plan: Plan; gaps: StatutoryElement[] }> {
    if (!PLAN_STATUSES.includes(to)) throw new RuleError('Unknown status');
    if (!reason.trim()) throw new RuleError('Give a reason for the change');
    return database.transaction(async (tx) => {
      const plan = await mustGet(tx, id);
      const t = findTransition(plan.status, to);
      if (!t) throw new RuleError(`A plan cannot go from ${STATUS_LABELS[plan.status]} to ${STATUS_LABELS[to]}`);
      if (!actor.role || !t.roles.includes(actor.role)) throw forbidden(`Your role cannot ${t.label.toLowerCase()}`);
      let gaps: StatutoryElement[] = [];
      if (to === 'published') {
        gaps = statutoryChecklist(await repo.tree(tx, plan)).gaps;
        if (gaps.length && !opts.confirmGaps) {
          throw new RuleError(`The plan does not yet cover: ${gaps.join(', ')}. Confirm that you want to publish it with these gaps.`);
        }
      }
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
        })
        .returning({ id: priorities.id });
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

  // ---- import ------------------------------------------------------------------------------

  /**
   * Imports a plan file: all or nothing, in one transaction. Plans and items are matched by
   * reference, so importing the same file again updates in place and never duplicates.
   */
  async function importPlan(actor: Actor, source: string): Promise<{ plan: Plan; created: boolean }> {
    const file = parsePlanFile(source);
    return importParsed(actor, file);
  }

  async function importParsed(actor: Actor, file: PlanFile): Promise<{ plan: Plan; created: boolean }> {
    const trusted = actor.role === null || actor.role === 'commissioner'; // the system (CLI, demo) or the commissioner
    if (file.status !== 'draft' && !trusted) {
      throw new RuleError(`Only the commissioner can import a plan with status “${file.status}”; import it as a draft and publish it through the lifecycle.`);
    }
    return database.transaction(async (tx) => {
      const existing = await repo.byReference(tx, file.reference);
      if (existing && !isEditable(existing.status) && !trusted) {
        throw new RuleError(`The plan ${file.reference} is ${existing.status}; it cannot be changed by import.`);
      }
      let previous: Plan | undefined;
      if (file.refreshes) {
        previous = await repo.byReference(tx, file.refreshes);
        if (!previous) throw new RuleError(`refreshes: no plan with the reference “${file.refreshes}” (import that plan first)`);
      }
      const values = {
        title: file.title,
        termStart: file.term.start,
        termEnd: file.term.end,
        status: file.status,
        priorityLabel: file.priorityLabel,
        summary: file.summary ?? null,
        vision: file.vision ?? null,
        mission: file.mission ?? null,
        values: file.values,
        previousVersionId: previous?.id ?? null,
        version: previous ? previous.version + 1 : 1,
        publishedAt: file.status === 'published' || file.status === 'superseded' ? (existing?.publishedAt ?? new Date()) : null,
        updatedAt: new Date(),
      };
      const before = existing ? snapshot(await repo.tree(tx, existing)) : null;
      const [plan] = existing
        ? await tx.update(plans).set(values).where(eq(plans.id, existing.id)).returning()
        : await tx
            .insert(plans)
            .values({ reference: file.reference, ...values })
            .returning();

      // Outcomes
      const outcomeIds = await upsertByReference(
        tx,
        'outcome',
        plan.id,
        file.outcomes.map((o, i) => ({
          reference: o.reference,
          values: { planId: plan.id, position: i + 1, title: o.title, description: o.description ?? null },
        })),
      );
      // Sections
      await upsertByReference(
        tx,
        'section',
        plan.id,
        file.sections.map((s, i) => ({
          reference: s.reference,
          values: { planId: plan.id, position: i + 1, title: s.title, body: s.body ?? null, covers: s.covers },
        })),
      );
      // Priorities
      const priorityIds = await upsertByReference(
        tx,
        'priority',
        plan.id,
        file.priorities.map((p, i) => ({
          reference: p.reference,
          values: {
            planId: plan.id,
            position: i + 1,
            title: p.title,
            narrative: p.narrative ?? null,
            achievements: p.achievements,
            plannedActions: p.plannedActions,
          },
        })),
      );
      // Children of priorities: matched by reference across the whole plan (they may move).
      await upsertByReference(
        tx,
        'commitment',
        plan.id,
        file.priorities.flatMap((p) =>
          p.commitments.map((c, j) => ({
            reference: c.reference,
            values: { planId: plan.id, priorityId: priorityIds.get(p.reference)!, position: j + 1, title: c.title, description: c.description ?? null },
          })),
        ),
      );
      await upsertByReference(
        tx,
        'force-priority',
        plan.id,
        file.priorities.flatMap((p) =>
          p.forcePriorities.map((f, j) => ({
            reference: f.reference,
            values: {
              planId: plan.id,
              priorityId: priorityIds.get(p.reference)!,
              position: j + 1,
              title: f.title,
              lead: f.lead ?? null,
              areasOfFocus: f.areasOfFocus,
            },
          })),
        ),
      );
      const allPriorityIds = [...priorityIds.values()];
      if (allPriorityIds.length) {
        await tx.delete(priorityMeasures).where(inArray(priorityMeasures.priorityId, allPriorityIds));
        await tx.delete(priorityOutcomes).where(inArray(priorityOutcomes.priorityId, allPriorityIds));
      }
      const measureRows = file.priorities.flatMap((p) =>
        p.measures.map((m, j) => ({ priorityId: priorityIds.get(p.reference)!, position: j + 1, measure: m.measure, outcome: m.outcome ?? null })),
      );
      if (measureRows.length) await tx.insert(priorityMeasures).values(measureRows);
      const linkRows = file.priorities.flatMap((p) => p.outcomes.map((o) => ({ priorityId: priorityIds.get(p.reference)!, outcomeId: outcomeIds.get(o)! })));
      if (linkRows.length) await tx.insert(priorityOutcomes).values(linkRows);

      const after = snapshot(await repo.tree(tx, plan));
      await recordAudit(tx, actor, {
        action: existing ? 'plan.import-update' : 'plan.import-create',
        entityType: 'plan',
        entityId: plan.id,
        summary: `${existing ? 'Updated' : 'Created'} plan “${plan.title}” from a plan file`,
        before,
        after,
      });
      return { plan, created: !existing };
    });
  }

  /** Updates rows whose reference exists, inserts new ones and deletes those no longer listed. */
  async function upsertByReference(
    tx: Db,
    kind: 'outcome' | 'section' | 'priority' | 'commitment' | 'force-priority',
    planId: string,
    rows: { reference: string; values: Record<string, unknown> }[],
  ): Promise<Map<string, string>> {
    const t = ORDERED[kind].table as unknown as typeof outcomes;
    const existing = await tx.select({ id: t.id, reference: t.reference }).from(t).where(eq(t.planId, planId));
    const byRef = new Map(existing.map((e) => [e.reference, e.id]));
    const ids = new Map<string, string>();
    // Positions are unique only by convention; park existing rows first to avoid transient clashes.
    for (const r of rows) {
      const id = byRef.get(r.reference);
      if (id) {
        await tx
          .update(t)
          .set(r.values as never)
          .where(eq(t.id, id));
        ids.set(r.reference, id);
      } else {
        const [ins] = await tx
          .insert(t)
          .values({ reference: r.reference, ...r.values } as never)
          .returning({ id: t.id });
        ids.set(r.reference, ins.id);
      }
    }
    const stale = existing.filter((e) => !ids.has(e.reference)).map((e) => e.id);
    if (stale.length) await tx.delete(t).where(inArray(t.id, stale));
    return ids;
  }

  // ---- links from other modules --------------------------------------------------------------

  const pageLinkProviders: PlanPageLinksProvider[] = [];

  /** Modules above plans add their links to a plan's pages here (see types.ts). */
  function addPageLinks(provider: PlanPageLinksProvider) {
    pageLinkProviders.push(provider);
  }

  /** Every provider's links for this plan and reader, groups with no links left out. */
  async function pageLinks(plan: PlanPageRef, reader: PlanPageAudience): Promise<PlanPageLinkGroup[]> {
    const ref: PlanPageRef = { id: plan.id, reference: plan.reference, title: plan.title, status: plan.status };
    const groups = await Promise.all(pageLinkProviders.map((p) => p(ref, reader)));
    return groups
      .map((g, i) => ({ g, i }))
      .filter((x): x is { g: PlanPageLinkGroup; i: number } => Boolean(x.g && x.g.links.length))
      .sort((a, b) => (a.g.order ?? 0) - (b.g.order ?? 0) || a.i - b.i)
      .map((x) => x.g);
  }

  return {
    addPageLinks,
    pageLinks,
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
