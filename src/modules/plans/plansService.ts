import type { Database } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import { RuleError, forbidden, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { statutoryChecklist } from './checklist.js';
import { diffPlans, type PlanDiff } from './diff.js';
import { STATUS_LABELS, findTransition, isEditable, isPublic } from './lifecycle.js';
import { createPlanImporter, type PlanDefaults } from './planImport.js';
import { assertEditable, mustGetPlan as mustGet } from './planGuards.js';
import { planItemsRepository as items } from './planItemsRepository.js';
import { createPlanItemsService } from './planItemsService.js';
import { plansRepository as repo, type Plan, type PlanTree } from './plansRepository.js';
import { supersedeVersion } from './supersede.js';
import { PLAN_STATUSES, type PlanStatus, type StatutoryElement } from './schema.js';
import { createPlanHooks } from './hooks.js';
import { snapshot, stagePlan } from './planShapes.js';
import { planWording } from './wording.js';
import { planFacts } from './presenters/planFacts.js';
import { publicPlanPaths } from './presenters/publicPlans.js';

export type { ItemInputs } from './planItemsService.js';

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

export { nextReference } from './planShapes.js';

export function createPlansService(
  database: Database,
  defaults: () => Promise<PlanDefaults> = async () => ({ commissionerName: '', commissionerTitle: '' }),
  /** The platform's clock (platform.clock): "today" of a lifecycle change. */
  clock: Pick<Clock, 'now'> = systemClock,
) {
  const { db } = database;
  const { importPlan, importParsed } = createPlanImporter(database, defaults);
  /** Other modules' links, stage handlers and checklist evidence (hooks.ts). */
  const hooks = createPlanHooks();
  const planItems = createPlanItemsService(database);

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

  /**
   * The plan in force as others list it (the publication scheme): its own document title, public
   * address, the day or month it says it was published, and the end of its term.
   */
  async function inForce(): Promise<{ reference: string; documentTitle: string; href: string; published: string | null; termEnd: string } | undefined> {
    const [p] = await repo.list(db, ['published']);
    if (!p) return undefined;
    const facts = planFacts(p);
    return {
      reference: p.reference,
      documentTitle: facts.documentTitle,
      href: publicPlanPaths.plan(p.reference),
      published: facts.published,
      termEnd: p.termEnd,
    };
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
    return repo.history(db, id, ids);
  }

  // ---- writes on the plan ------------------------------------------------------------------

  async function create(actor: Actor, input: PlanInput): Promise<Plan> {
    // The area's settings are the defaults of a new plan; the plan keeps them when settings change later.
    const area = await defaults();
    return database.transaction(async (tx) => {
      if (await repo.byReference(tx, input.reference)) throw new RuleError(`A plan with the reference ${input.reference} already exists`);
      const p = await repo.insertPlan(tx, {
        ...input,
        values: input.values ?? [],
        status: 'draft',
        version: 1,
        commissionerName: area.commissionerName || null,
        commissionerTitle: area.commissionerTitle || null,
      });
      await recordAudit(tx, actor, { action: 'plan.create', entityType: 'plan', entityId: p.id, summary: `Created draft plan “${p.title}”`, after: p });
      return p;
    });
  }

  async function update(actor: Actor, id: string, input: Omit<PlanInput, 'reference'>): Promise<Plan> {
    return database.transaction(async (tx) => {
      const before = await mustGet(tx, id);
      assertEditable(before);
      const after = await repo.updatePlan(tx, id, { ...input, updatedAt: new Date() });
      await recordAudit(tx, actor, { action: 'plan.update', entityType: 'plan', entityId: id, summary: `Edited the plan’s details`, before, after });
      return after;
    });
  }

  async function remove(actor: Actor, id: string): Promise<void> {
    await database.transaction(async (tx) => {
      const before = await mustGet(tx, id);
      if (before.status !== 'draft') throw new RuleError('Only a draft plan can be deleted. Published plans stay on record.');
      const tree = await repo.tree(tx, before);
      await repo.deletePlan(tx, before);
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
    const today = clock.now().toISOString().slice(0, 10);
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
      const after = await repo.updatePlan(tx, id, { status: to, updatedAt: new Date(), ...(to === 'published' ? { publishedAt: new Date() } : {}) });
      await repo.insertTransition(tx, {
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
        for (const prev of inForce) await supersedeVersion(tx, actor, prev.id, `Superseded by version ${plan.version} (${plan.reference})`);
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
      const copy = await repo.insertPlan(tx, {
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
      });
      await items.copyTree(tx, tree, copy.id);
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
    inForce,
    versions,
    transitionsOf,
    checklist,
    diff,
    publicChanges,
    history,
    create,
    update,
    remove,
    transition,
    refresh,
    ...planItems,
    ...planWording,
    importPlan,
    importParsed,
  };
}
export type PlansService = ReturnType<typeof createPlansService>;
