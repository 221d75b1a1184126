import type { Db } from '../../db/index.js';
import type { Actor } from '../../platform/roles.js';
import type { PlanStatus, StatutoryElement } from './schema.js';
import type { PlanPageAudience, PlanPageLinkGroup, PlanPageLinksProvider, PlanPageRef } from './types.js';

/**
 * How the modules above plans join the plan's cycle without plans importing them: each registers
 * here (through the plans service, wired in the module registry) and plans calls them.
 *
 * - page links: what a plan's pages show of other modules (reports, consultations, delivery plans);
 * - stage handlers: the work of the next stage, done in the transaction that moves the plan
 *   (engagement opens the consultation, scrutiny puts the draft on the Panel's agenda), and the
 *   checks that may refuse a move (publishing needs the response to the Panel's report);
 * - checklist evidence: what the plan links in other modules that covers a statutory item
 *   (measures of its priorities, budgets, grants, the chief officer's reporting).
 */

/** The plan as a stage handler sees it. */
export interface StagePlan {
  id: string;
  reference: string;
  title: string;
  version: number;
  termStart: string;
  termEnd: string;
  priorities: { id: string; reference: string; title: string }[];
}

/** A move of a plan from one stage to the next. */
export interface StageChange {
  plan: StagePlan;
  from: PlanStatus;
  to: PlanStatus;
  actor: Actor;
  reason: string;
  /** The day the move happens (ISO date), from the service's clock. */
  today: string;
  /** The closing date of the consultation being opened (ISO date), when `to` is consultation. */
  closesOn?: string;
}

export interface StageHandler {
  /** Refuses the move by throwing a RuleError; runs in the move's transaction before it is made. */
  check?(tx: Db, change: StageChange): Promise<void>;
  /** The next stage's work, in the same transaction as the move (so both happen or neither). */
  apply?(tx: Db, change: StageChange): Promise<void>;
}

/** One statutory item covered by what the plan links elsewhere, and a link per priority. */
export interface ChecklistEvidence {
  covers: { element: StatutoryElement; coveredBy: string[] }[];
  /** By priority reference: the measures (or other records) linked to it, for the plan's page. */
  byPriority?: Record<string, { text: string; href?: string }[]>;
}
export type ChecklistEvidenceProvider = (plan: StagePlan) => Promise<ChecklistEvidence>;

export function createPlanHooks() {
  const pageLinkProviders: PlanPageLinksProvider[] = [];
  const stageHandlers: StageHandler[] = [];
  const evidenceProviders: ChecklistEvidenceProvider[] = [];

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

  /** Every provider's evidence, merged: the items covered and the records under each priority. */
  async function evidence(plan: StagePlan): Promise<Required<ChecklistEvidence>> {
    const all = await Promise.all(evidenceProviders.map((p) => p(plan)));
    const byPriority: Record<string, { text: string; href?: string }[]> = {};
    for (const e of all) for (const [ref, list] of Object.entries(e.byPriority ?? {})) (byPriority[ref] ??= []).push(...list);
    return { covers: all.flatMap((e) => e.covers), byPriority };
  }

  return {
    /** Modules above plans add their links to a plan's pages here (see types.ts). */
    addPageLinks: (provider: PlanPageLinksProvider) => void pageLinkProviders.push(provider),
    addStageHandler: (handler: StageHandler) => void stageHandlers.push(handler),
    addChecklistEvidence: (provider: ChecklistEvidenceProvider) => void evidenceProviders.push(provider),
    pageLinks,
    evidence,
    async check(tx: Db, change: StageChange) {
      for (const h of stageHandlers) await h.check?.(tx, change);
    },
    async apply(tx: Db, change: StageChange) {
      for (const h of stageHandlers) await h.apply?.(tx, change);
    },
  };
}
export type PlanHooks = ReturnType<typeof createPlanHooks>;
