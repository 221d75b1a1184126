import { recordAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/roles.js';
import type { ResourcesServiceDeps } from './deps.js';
import { financeRepository as repo } from './financeRepository.js';
import type { PlanLinks } from './planLinks.js';
import type { LineKind, WorkforceCategory, WorkforceKind } from './schema.js';
import { parseSpendingCsv } from './spendingCsv.js';

export interface FinanceLineInput {
  financialYear: string;
  kind: LineKind;
  category: string;
  label: string;
  forecastPence: number | null;
  actualPence: number | null;
  planReference?: string | null;
  priorityReference?: string | null;
  note?: string | null;
  isDemo?: boolean;
}
export interface WorkforceFigureInput {
  financialYear: string;
  category: WorkforceCategory;
  kind: WorkforceKind;
  fte: number;
  source?: string | null;
}
export interface WorkforceTargetInput {
  category: WorkforceCategory;
  label: string;
  targetFte: number;
  byYear?: string | null;
  planReference?: string | null;
  commitmentReference?: string | null;
}

/** The financial plan, the precept, the workforce and spending over £500. */
export function createFinanceService(deps: ResourcesServiceDeps, links: PlanLinks) {
  const { database, clock } = deps;
  const { db } = database;

  /** Adds or updates a line of the financial plan (by year, kind and label). */
  async function saveFinanceLine(actor: Actor, input: FinanceLineInput) {
    if (input.planReference && input.priorityReference) await links.mustFindPriority(input.planReference, input.priorityReference);
    return database.transaction(async (tx) => {
      const before = await repo.financeLine(tx, input.financialYear, input.kind, input.label);
      const values = {
        financialYear: input.financialYear,
        kind: input.kind,
        category: input.category,
        label: input.label,
        forecastPence: input.forecastPence,
        actualPence: input.actualPence,
        planReference: input.planReference ?? null,
        priorityReference: input.priorityReference ?? null,
        note: input.note ?? null,
        isDemo: input.isDemo ?? false,
        updatedAt: clock.now(),
      };
      const after = before ? await repo.updateFinanceLine(tx, before.id, values) : await repo.insertFinanceLine(tx, values);
      await recordAudit(tx, actor, {
        action: before ? 'finance-line.update' : 'finance-line.create',
        entityType: 'finance-line',
        entityId: after.id,
        summary: `${input.financialYear} ${input.kind}: ${input.label}`,
        before,
        after,
      });
      return after;
    });
  }

  async function setPreceptBase(actor: Actor, input: { financialYear: string; taxBase: number; bandDPence: number }) {
    return database.transaction(async (tx) => {
      const after = await repo.savePreceptBase(tx, input, clock.now());
      await recordAudit(tx, actor, {
        action: 'precept-base.save',
        entityType: 'precept-base',
        entityId: input.financialYear,
        summary: `Tax base and band D for ${input.financialYear}`,
        after,
      });
      return after;
    });
  }

  async function setWorkforceFigure(actor: Actor, input: WorkforceFigureInput) {
    return database.transaction(async (tx) => {
      const before = await repo.workforceFigure(tx, input.financialYear, input.category, input.kind);
      const values = { ...input, source: input.source ?? null, updatedAt: clock.now() };
      const after = before ? await repo.updateWorkforceFigure(tx, before.id, values) : await repo.insertWorkforceFigure(tx, values);
      await recordAudit(tx, actor, {
        action: before ? 'workforce-figure.update' : 'workforce-figure.create',
        entityType: 'workforce-figure',
        entityId: after.id,
        summary: `${input.financialYear} ${input.category} (${input.kind}): ${input.fte} FTE`,
        before,
        after,
      });
      return after;
    });
  }

  async function addWorkforceTarget(actor: Actor, input: WorkforceTargetInput) {
    if (input.planReference && input.commitmentReference) await links.mustFindCommitment(input.planReference, input.commitmentReference);
    return database.transaction(async (tx) => {
      const after = await repo.insertWorkforceTarget(tx, {
        ...input,
        byYear: input.byYear ?? null,
        planReference: input.planReference ?? null,
        commitmentReference: input.commitmentReference ?? null,
      });
      await recordAudit(tx, actor, { action: 'workforce-target.create', entityType: 'workforce-target', entityId: after.id, summary: input.label, after });
      return after;
    });
  }

  /** The targets with the commitment each serves (its plan and title), where linked. */
  async function listWorkforceTargets() {
    const targets = await repo.workforceTargets(db);
    return Promise.all(
      targets.map(async (t) => ({
        ...t,
        commitment: t.planReference && t.commitmentReference ? await links.commitmentOf(t.planReference, t.commitmentReference) : undefined,
      })),
    );
  }

  /** Imports spending lines: all or nothing; a line whose reference exists is updated. */
  async function importSpending(actor: Actor, csvText: string) {
    const rows = parseSpendingCsv(csvText);
    return database.transaction(async (tx) => {
      const existing = new Set(
        (
          await repo.spendingByReferences(
            tx,
            rows.map((r) => r.reference),
          )
        ).map((r) => r.reference),
      );
      for (const r of rows) await repo.upsertSpending(tx, r, clock.now());
      const created = rows.filter((r) => !existing.has(r.reference)).length;
      const updated = rows.length - created;
      await recordAudit(tx, actor, {
        action: 'spending.import',
        entityType: 'spending',
        entityId: 'import',
        summary: `Imported ${rows.length} spending lines (${created} new, ${updated} updated)`,
        after: { created, updated },
      });
      return { created, updated };
    });
  }

  /** "plan/priority" → priority title, for every plan the finance lines are allocated to. */
  async function financePriorityTitles(lines: { planReference: string | null }[]) {
    const titles = new Map<string, string>();
    for (const ref of new Set(lines.map((l) => l.planReference).filter((r): r is string => Boolean(r)))) {
      const p = await links.planPriorities(ref);
      for (const x of p?.priorities ?? []) titles.set(`${ref}/${x.reference}`, x.title);
    }
    return titles;
  }

  return {
    // finance
    saveFinanceLine,
    listFinanceLines: () => repo.financeLines(db),
    financePriorityTitles,
    setPreceptBase,
    listPreceptBases: () => repo.preceptBases(db),
    // workforce
    setWorkforceFigure,
    listWorkforceFigures: () => repo.workforceFigures(db),
    addWorkforceTarget,
    listWorkforceTargets,
    // spending
    importSpending,
    listSpending: (minPence = 0) => repo.spending(db, minPence),
  };
}
