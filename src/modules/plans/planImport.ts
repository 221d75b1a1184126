import type { Database, Db } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import { RuleError } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import { isEditable, isPublic } from './lifecycle.js';
import { parsePlanFile, type PlanFile } from './planFile.js';
import { planItemsRepository as items } from './planItemsRepository.js';
import { plansRepository as repo, type Plan, type PlanTree } from './plansRepository.js';
import { supersedeVersion } from './supersede.js';
import { snapshot } from './planShapes.js';

/** Who makes a new plan when its file does not say: the area's settings at the time of import. */
export interface PlanDefaults {
  commissionerName: string;
  commissionerTitle: string;
}

export interface ImportOptions {
  /** Let an import remove priorities, commitments or outcomes from a published plan. */
  allowRemovals?: boolean;
  /** Check the file against the database and roll everything back: nothing is saved. */
  check?: boolean;
}

export interface ImportResult {
  plan: Plan;
  created: boolean;
  /** Items of the plan the file no longer has (removed, or, with `check`, that would be). */
  removals: Removal[];
  checked: boolean;
}

export interface Removal {
  kind: 'priority' | 'commitment' | 'outcome';
  reference: string;
  title: string;
}

/** An import that would remove items of a published plan, refused until the removals are allowed. */
export class PlanImportRemovals extends RuleError {
  constructor(
    public readonly planReference: string,
    public readonly removals: Removal[],
  ) {
    super(
      `Importing this file would remove ${removals.length} ${removals.length === 1 ? 'item' : 'items'} from the published plan ${planReference}: ${removals
        .map((r) => `${r.kind} ${r.reference} “${r.title}”`)
        .join('; ')}.`,
    );
    this.name = 'PlanImportRemovals';
  }
}

class CheckedOnly extends Error {
  constructor(public readonly result: ImportResult) {
    super('checked only');
  }
}

/** What a plan file would take away from the plan already stored. */
export function removalsOf(tree: PlanTree, file: PlanFile): Removal[] {
  const priorities = new Set(file.priorities.map((p) => p.reference));
  const commitments = new Set(file.priorities.flatMap((p) => p.commitments.map((c) => c.reference)));
  const outcomeRefs = new Set(file.outcomes.map((o) => o.reference));
  return [
    ...tree.priorities.filter((p) => !priorities.has(p.reference)).map((p) => ({ kind: 'priority' as const, reference: p.reference, title: p.title })),
    ...tree.priorities
      .flatMap((p) => p.commitments)
      .filter((c) => !commitments.has(c.reference))
      .map((c) => ({ kind: 'commitment' as const, reference: c.reference, title: c.title })),
    ...tree.outcomes.filter((o) => !outcomeRefs.has(o.reference)).map((o) => ({ kind: 'outcome' as const, reference: o.reference, title: o.title })),
  ];
}

/**
 * Imports plan files: all or nothing, in one transaction. Plans and items are matched by
 * reference, so importing the same file again updates in place and never duplicates.
 */
export function createPlanImporter(database: Database, defaults: () => Promise<PlanDefaults>) {
  async function importPlan(actor: Actor, source: string, opts: ImportOptions = {}): Promise<ImportResult> {
    return importParsed(actor, parsePlanFile(source), opts);
  }

  async function importParsed(actor: Actor, file: PlanFile, opts: ImportOptions = {}): Promise<ImportResult> {
    const trusted = actor.role === null || actor.role === 'commissioner'; // the system (CLI, demo) or the commissioner
    if (file.status !== 'draft' && !trusted) {
      throw new RuleError(`Only the commissioner can import a plan with status “${file.status}”; import it as a draft and publish it through the lifecycle.`);
    }
    const area = await defaults();
    try {
      return await database.transaction(async (tx) => {
        const result = await write(tx, actor, file, { trusted, area, allowRemovals: opts.allowRemovals || opts.check });
        if (opts.check) throw new CheckedOnly({ ...result, checked: true });
        return result;
      });
    } catch (e) {
      if (e instanceof CheckedOnly) return e.result;
      throw e;
    }
  }

  async function planOf(tx: Db, reference: string | undefined, key: string): Promise<Plan | undefined> {
    if (!reference) return undefined;
    const p = await repo.byReference(tx, reference);
    if (!p) throw new RuleError(`${key}: no plan with the reference “${reference}” (import that plan first)`);
    return p;
  }

  async function write(tx: Db, actor: Actor, file: PlanFile, o: { trusted: boolean; area: PlanDefaults; allowRemovals?: boolean }): Promise<ImportResult> {
    const existing = await repo.byReference(tx, file.reference);
    if (existing && !isEditable(existing.status) && !o.trusted) {
      throw new RuleError(`The plan ${file.reference} is ${existing.status}; it cannot be changed by import.`);
    }
    const previous = await planOf(tx, file.refreshes, 'refreshes');
    const follows = await planOf(tx, file.follows, 'follows');
    const beforeTree = existing ? await repo.tree(tx, existing) : undefined;
    const removals = beforeTree ? removalsOf(beforeTree, file) : [];
    if (removals.length && existing && isPublic(existing.status) && !o.allowRemovals) throw new PlanImportRemovals(existing.reference, removals);
    const isPublished = file.status === 'published' || file.status === 'superseded';
    const values = {
      title: file.title,
      documentTitle: file.documentTitle ?? null,
      termStart: file.term.start,
      termEnd: file.term.end,
      status: file.status,
      priorityLabel: file.priorityLabel,
      labels: { commitment: file.commitmentLabel, outcome: file.outcomeLabel, theme: file.themeLabel },
      summary: file.summary ?? null,
      vision: file.vision ?? null,
      mission: file.mission ?? null,
      values: file.values,
      previousVersionId: previous?.id ?? null,
      followsId: follows?.id ?? null,
      version: previous ? previous.version + 1 : 1,
      publishedOn: file.published ?? null,
      consultationOpens: file.consultation?.opens ?? null,
      consultationCloses: file.consultation?.closes ?? null,
      consultationExtension: file.consultation?.extension ?? null,
      panelReviewOn: file.panelReview ?? null,
      // The file's commissioner; else, on a new plan, the area's settings at the time (kept with the plan).
      commissionerName: file.commissioner?.name ?? (existing ? existing.commissionerName : o.area.commissionerName || null),
      commissionerTitle: file.commissioner?.title ?? (existing ? existing.commissionerTitle : o.area.commissionerTitle || null),
      // The record of when it became published here: kept on re-import; a file without a date gives none.
      publishedAt: isPublished ? (existing?.publishedAt ?? null) : null,
      updatedAt: new Date(),
    };
    const plan = existing ? await repo.updatePlan(tx, existing.id, values) : await repo.insertPlan(tx, { reference: file.reference, ...values });

    const outcomeIds = await items.upsertByReference(
      tx,
      'outcome',
      plan.id,
      file.outcomes.map((x, i) => ({
        reference: x.reference,
        values: { planId: plan.id, position: i + 1, title: x.title, description: x.description ?? null },
      })),
    );
    await items.upsertByReference(
      tx,
      'section',
      plan.id,
      file.sections.map((s, i) => ({
        reference: s.reference,
        values: { planId: plan.id, position: i + 1, title: s.title, body: s.body ?? null, covers: s.covers },
      })),
    );
    const priorityIds = await items.upsertByReference(
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
          lists: p.lists,
        },
      })),
    );
    // Children of priorities: matched by reference across the whole plan (they may move).
    await items.upsertByReference(
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
    await items.upsertByReference(
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
    const themeIds = await items.upsertByReference(
      tx,
      'theme',
      plan.id,
      file.themes.map((t, i) => ({
        reference: t.reference,
        values: { planId: plan.id, position: i + 1, title: t.title, description: t.description ?? null },
      })),
    );
    const measures = file.priorities.flatMap((p) =>
      p.measures.map((m, j) => ({ priorityId: priorityIds.get(p.reference)!, position: j + 1, measure: m.measure, outcome: m.outcome ?? null })),
    );
    // Outcome ↔ priority links, from either side of the file, once each.
    const links = new Map<string, { priorityId: string; outcomeId: string }>();
    const link = (p: string, x: string) => links.set(`${p} ${x}`, { priorityId: priorityIds.get(p)!, outcomeId: outcomeIds.get(x)! });
    for (const p of file.priorities) for (const x of p.outcomes) link(p.reference, x);
    for (const x of file.outcomes) for (const p of x.priorities) link(p, x.reference);
    await items.replaceLinks(tx, {
      priorityIds: [...priorityIds.values()],
      themeIds: [...themeIds.values()],
      measures,
      priorityOutcomes: [...links.values()],
      themePriorities: file.themes.flatMap((t) => t.priorities.map((p) => ({ themeId: themeIds.get(t.reference)!, priorityId: priorityIds.get(p)! }))),
    });

    const after = snapshot(await repo.tree(tx, plan));
    await recordAudit(tx, actor, {
      action: existing ? 'plan.import-update' : 'plan.import-create',
      entityType: 'plan',
      entityId: plan.id,
      summary: `${existing ? 'Updated' : 'Created'} plan “${plan.title}” from a plan file${removals.length ? ` (removing ${removals.map((r) => `${r.kind} ${r.reference}`).join(', ')})` : ''}`,
      before: beforeTree ? snapshot(beforeTree) : null,
      after,
    });
    // A published version supersedes the published version it refreshes, as publishing it through the lifecycle does.
    if (file.status === 'published' && previous?.status === 'published') {
      await supersedeVersion(tx, actor, previous.id, `Superseded by version ${plan.version} (${plan.reference}), imported as published`);
    }
    return { plan, created: !existing, removals, checked: false };
  }

  return { importPlan, importParsed };
}
