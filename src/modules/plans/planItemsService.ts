import type { Database, Db } from '../../db/index.js';
import { historyOf, recordAudit } from '../../platform/audit.js';
import { RuleError, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import { assertEditable, mustGetPlan } from './planGuards.js';
import { planItemsRepository as items } from './planItemsRepository.js';
import { plansRepository as repo, type ItemKind, type PlanTree } from './plansRepository.js';
import { nextReference } from './planShapes.js';
import type { StatutoryElement } from './schema.js';

export interface ItemInputs {
  outcome: { title: string; description?: string | null; reference?: string };
  priority: { title: string; narrative?: string | null; reference?: string; outcomeIds?: string[]; achievements?: string[]; plannedActions?: string[] };
  commitment: { title: string; description?: string | null; reference?: string; priorityId?: string };
  'force-priority': { title: string; lead?: string | null; areasOfFocus?: string[]; reference?: string };
  section: { title: string; body?: string | null; covers?: StatutoryElement[]; reference?: string };
  measure: { measure: string; outcome?: string | null };
}

/** An item's kind with its input, so that a switch on the kind knows the input's shape. */
type KindAndInput = { [K in ItemKind]: { kind: K; input: ItemInputs[K] } }[ItemKind];

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

/** What an item is called in the audit trail: its title, or a measure's text. */
const nameOf = (row: Record<string, unknown> | undefined) => String(row?.title ?? row?.measure);

/** The items of a plan (outcomes, priorities, sections, and each priority's commitments, force priorities and measures). */
export function createPlanItemsService(database: Database) {
  const { db } = database;

  /** The item's own record (for edit forms), with the plan it belongs to. */
  async function getItem(kind: ItemKind, id: string) {
    const planId = await items.planIdOf(db, kind, id);
    if (!planId) return undefined;
    const item = await items.byId(db, kind, id);
    const plan = await repo.byId(db, planId);
    return item && plan ? { plan, item } : undefined;
  }

  /** An item's own audited changes, newest first (shown under its edit form). */
  function itemHistory(kind: ItemKind, id: string) {
    return historyOf(db, kind, id);
  }

  /** Keeps only the outcomes of this plan, then links the priority to them. */
  async function setPriorityOutcomes(tx: Db, tree: PlanTree, priorityId: string, outcomeIds?: string[]) {
    if (!outcomeIds) return;
    await items.setPriorityOutcomes(
      tx,
      priorityId,
      outcomeIds.filter((o) => tree.outcomes.some((x) => x.id === o)),
    );
  }

  async function insert(tx: Db, tree: PlanTree, parentId: string, position: number, item: KindAndInput): Promise<string> {
    const planId = tree.id;
    switch (item.kind) {
      case 'outcome': {
        const i = item.input;
        const reference =
          i.reference ||
          nextReference(
            'O',
            tree.outcomes.map((o) => o.reference),
          );
        return items.insertOutcome(tx, { planId, reference, position, title: i.title, description: i.description ?? null });
      }
      case 'priority': {
        const i = item.input;
        const reference =
          i.reference ||
          nextReference(
            'P',
            tree.priorities.map((p) => p.reference),
          );
        const id = await items.insertPriority(tx, {
          planId,
          reference,
          position,
          title: i.title,
          narrative: i.narrative ?? null,
          achievements: i.achievements ?? [],
          plannedActions: i.plannedActions ?? [],
        });
        await setPriorityOutcomes(tx, tree, id, i.outcomeIds);
        return id;
      }
      case 'section': {
        const i = item.input;
        const reference =
          i.reference ||
          nextReference(
            'S',
            tree.sections.map((s) => s.reference),
          );
        return items.insertSection(tx, { planId, reference, position, title: i.title, body: i.body ?? null, covers: i.covers ?? [] });
      }
      case 'commitment': {
        const i = item.input;
        const pr = tree.priorities.find((p) => p.id === parentId)!;
        const all = tree.priorities.flatMap((p) => p.commitments.map((c) => c.reference));
        const reference = i.reference || nextReference(`${pr.reference}-C`, all);
        return items.insertCommitment(tx, { planId, priorityId: parentId, reference, position, title: i.title, description: i.description ?? null });
      }
      case 'force-priority': {
        const i = item.input;
        const pr = tree.priorities.find((p) => p.id === parentId)!;
        const all = tree.priorities.flatMap((p) => p.forcePriorities.map((c) => c.reference));
        const reference = i.reference || nextReference(`${pr.reference}-F`, all);
        return items.insertForcePriority(tx, {
          planId,
          priorityId: parentId,
          reference,
          position,
          title: i.title,
          lead: i.lead ?? null,
          areasOfFocus: i.areasOfFocus ?? [],
        });
      }
      case 'measure': {
        const i = item.input;
        return items.insertMeasure(tx, { priorityId: parentId, position, measure: i.measure, outcome: i.outcome ?? null });
      }
      default:
        throw new RuleError('Unknown item');
    }
  }

  async function addItem<K extends ItemKind>(actor: Actor, kind: K, parentId: string, input: ItemInputs[K]): Promise<string> {
    return database.transaction(async (tx) => {
      let planId: string;
      if (PARENT[kind] === 'plan') planId = parentId;
      else {
        const pid = await items.planIdOf(tx, 'priority', parentId);
        if (!pid) throw notFound('No such priority');
        planId = pid;
      }
      const plan = await mustGetPlan(tx, planId);
      assertEditable(plan);
      const position = await items.nextPosition(tx, kind, parentId);
      const tree = await repo.tree(tx, plan);
      // Cast: `kind` and `input` come in together as ItemInputs[K]; TypeScript cannot tie a generic K to the union.
      const id = await insert(tx, tree, parentId, position, { kind, input } as KindAndInput);
      const fields: Record<string, unknown> = { ...input };
      await recordAudit(tx, actor, {
        action: `${kind}.create`,
        entityType: kind,
        entityId: id,
        summary: `Added ${ITEM_LABEL[kind]} “${nameOf(fields)}” to “${plan.title}”`,
        after: { ...fields, planId },
      });
      return id;
    });
  }

  async function updateItem<K extends ItemKind>(actor: Actor, kind: K, id: string, input: ItemInputs[K]): Promise<void> {
    await database.transaction(async (tx) => {
      const planId = await items.planIdOf(tx, kind, id);
      if (!planId) throw notFound(`No such ${ITEM_LABEL[kind]}`);
      const plan = await mustGetPlan(tx, planId);
      assertEditable(plan);
      const before = await items.byId(tx, kind, id);
      const given: ItemInputs[ItemKind] = input;
      const outcomeIds = 'outcomeIds' in given ? given.outcomeIds : undefined;
      const priorityId = 'priorityId' in given ? given.priorityId : undefined;
      const set: Record<string, unknown> = { ...given };
      delete set.outcomeIds;
      delete set.priorityId;
      delete set.reference;
      if ('reference' in given && given.reference) set.reference = given.reference;
      const from = typeof before?.priorityId === 'string' ? before.priorityId : undefined;
      if (kind === 'commitment' && priorityId && priorityId !== from) {
        // Moving a commitment to another priority of the same plan: it goes to the end there.
        const target = await items.planIdOf(tx, 'priority', priorityId);
        if (target !== planId) throw new RuleError('A commitment can only move to a priority of the same plan');
        set.priorityId = priorityId;
        set.position = await items.nextPosition(tx, 'commitment', priorityId);
      }
      await items.update(tx, kind, id, set);
      if (kind === 'priority') await setPriorityOutcomes(tx, await repo.tree(tx, plan), id, outcomeIds);
      if (set.priorityId && from) await items.renumber(tx, 'commitment', from);
      const after = await items.byId(tx, kind, id);
      await recordAudit(tx, actor, {
        action: `${kind}.update`,
        entityType: kind,
        entityId: id,
        summary: `Edited ${ITEM_LABEL[kind]} “${nameOf(after)}”`,
        before: { ...before, planId },
        after: { ...after, planId, ...(kind === 'priority' ? { outcomeIds } : {}) },
      });
    });
  }

  async function moveItem(actor: Actor, kind: ItemKind, id: string, direction: 'up' | 'down'): Promise<void> {
    await database.transaction(async (tx) => {
      const planId = await items.planIdOf(tx, kind, id);
      if (!planId) throw notFound(`No such ${ITEM_LABEL[kind]}`);
      assertEditable(await mustGetPlan(tx, planId));
      const moved = await items.move(tx, kind, id, direction);
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
      const planId = await items.planIdOf(tx, kind, id);
      if (!planId) throw notFound(`No such ${ITEM_LABEL[kind]}`);
      assertEditable(await mustGetPlan(tx, planId));
      const before = await items.byId(tx, kind, id);
      const parentId = String(before?.[PARENT[kind] === 'priority' ? 'priorityId' : 'planId']);
      await items.delete(tx, kind, id);
      await items.renumber(tx, kind, parentId);
      await recordAudit(tx, actor, {
        action: `${kind}.delete`,
        entityType: kind,
        entityId: id,
        summary: `Deleted ${ITEM_LABEL[kind]} “${nameOf(before)}”`,
        before: { ...before, planId },
      });
    });
  }

  return { getItem, itemHistory, addItem, updateItem, moveItem, deleteItem };
}
