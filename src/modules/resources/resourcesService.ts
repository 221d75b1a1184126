import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import { RuleError, notFound } from '../../platform/http.js';
import type { Mailer } from '../../platform/mailer.js';
import type { Actor } from '../../platform/roles.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import type { UsersService } from '../../platform/identity/usersService.js';
import { addDays, daysBetween, formatPounds, isoToday } from './money.js';
import { ASSESSOR_ROLES, canScore } from './resourcesPermissions.js';
import { resourcesRepository as repo } from './resourcesRepository.js';
import type { Contract, GrantApplication, GrantRound } from './resourcesRepository.js';
import {
  assessmentScores,
  conflictDeclarations,
  contractReminders,
  contractReturns,
  contracts,
  financeLines,
  grantApplications,
  grantAwards,
  grantFunds,
  grantPayments,
  grantRounds,
  monitoringReturns,
  preceptBases,
  roundAssessors,
  spendingItems,
  workforceFigures,
  workforceTargets,
  type Criterion,
  type LineKind,
  type LivingWage,
  type WorkforceCategory,
  type WorkforceKind,
} from './schema.js';
import { parseSpendingCsv } from './spendingCsv.js';

/** What resources needs from the plans module (the registry passes the plans service). */
export interface PlansLookup {
  /** The plan in force now (published, current term), if any. */
  current(): Promise<{ reference: string } | undefined>;
  getTreeByReference(reference: string): Promise<
    | {
        reference: string;
        title: string;
        priorityLabel: string;
        priorities: { reference: string; title: string; commitments: { reference: string; title: string }[] }[];
      }
    | undefined
  >;
}

/** How long before a contract ends its reminder is sent. */
export const CONTRACT_REMINDER_DAYS = 90;

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
export interface ContractInput {
  reference: string;
  provider: string;
  service: string;
  valuePence: number;
  startDate: string;
  endDate: string;
  fundingSource: string;
  livingWage: LivingWage;
  planReference?: string | null;
  priorityReferences: string[];
  contactEmail?: string | null;
  isDemo?: boolean;
}
export interface ContractReturnInput {
  quarter: string;
  outputs: string;
  outcomes: string;
  peopleSupported?: number | null;
}
export interface RoundInput {
  fundId: string;
  title: string;
  description?: string | null;
  criteria: Criterion[];
  opensOn: string;
  closesOn: string;
  maxAwardPence?: number | null;
  planReference?: string | null;
}
export interface ApplicationInput {
  organisation: string;
  contactName: string;
  contactEmail: string;
  project: string;
  description: string;
  amountPence: number;
  priorityReference: string;
  area: string;
}

function newReference(prefix: string) {
  // Unambiguous letters and digits, 8 of them: ~10^12 possibilities.
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(8);
  return `${prefix}-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export function createResourcesService(deps: { database: Database; mailer: Mailer; users: UsersService; plans: PlansLookup }) {
  const { database, mailer, users, plans } = deps;
  const { db } = database;

  // ---- finance -------------------------------------------------------------------------------

  /** Adds or updates a line of the financial plan (by year, kind and label). */
  async function saveFinanceLine(actor: Actor, input: FinanceLineInput) {
    if (input.planReference && input.priorityReference) await mustFindPriority(input.planReference, input.priorityReference);
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
        updatedAt: new Date(),
      };
      const [after] = before
        ? await tx.update(financeLines).set(values).where(eq(financeLines.id, before.id)).returning()
        : await tx.insert(financeLines).values(values).returning();
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
      const [after] = await tx
        .insert(preceptBases)
        .values({ ...input, updatedAt: new Date() })
        .onConflictDoUpdate({ target: preceptBases.financialYear, set: { taxBase: input.taxBase, bandDPence: input.bandDPence, updatedAt: new Date() } })
        .returning();
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

  // ---- workforce -----------------------------------------------------------------------------

  async function setWorkforceFigure(actor: Actor, input: WorkforceFigureInput) {
    return database.transaction(async (tx) => {
      const before = await repo.workforceFigure(tx, input.financialYear, input.category, input.kind);
      const values = { ...input, source: input.source ?? null, updatedAt: new Date() };
      const [after] = before
        ? await tx.update(workforceFigures).set(values).where(eq(workforceFigures.id, before.id)).returning()
        : await tx.insert(workforceFigures).values(values).returning();
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
    if (input.planReference && input.commitmentReference) await mustFindCommitment(input.planReference, input.commitmentReference);
    return database.transaction(async (tx) => {
      const [after] = await tx
        .insert(workforceTargets)
        .values({ ...input, byYear: input.byYear ?? null, planReference: input.planReference ?? null, commitmentReference: input.commitmentReference ?? null })
        .returning();
      await recordAudit(tx, actor, { action: 'workforce-target.create', entityType: 'workforce-target', entityId: after.id, summary: input.label, after });
      return after;
    });
  }

  /** The targets with the commitment each serves (its plan and title), where linked. */
  async function listWorkforceTargets() {
    const targets = await repo.workforceTargets(db);
    return Promise.all(
      targets.map(async (t) => {
        let commitment: { planReference: string; planTitle: string; reference: string; title: string } | undefined;
        if (t.planReference && t.commitmentReference) {
          const tree = await plans.getTreeByReference(t.planReference);
          const c = tree?.priorities.flatMap((p) => p.commitments).find((x) => x.reference === t.commitmentReference);
          if (tree && c) commitment = { planReference: tree.reference, planTitle: tree.title, reference: c.reference, title: c.title };
        }
        return { ...t, commitment };
      }),
    );
  }

  // ---- spending over £500 --------------------------------------------------------------------

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
      for (const r of rows) {
        await tx
          .insert(spendingItems)
          .values({ ...r, updatedAt: new Date() })
          .onConflictDoUpdate({
            target: spendingItems.reference,
            set: {
              paidOn: r.paidOn,
              supplier: r.supplier,
              description: r.description,
              category: r.category,
              amountPence: r.amountPence,
              updatedAt: new Date(),
            },
          });
      }
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

  // ---- commissioned services -----------------------------------------------------------------

  async function saveContract(actor: Actor, input: ContractInput, id?: string) {
    if (input.endDate < input.startDate) throw new RuleError('The end date must be on or after the start date');
    if (input.planReference) for (const p of input.priorityReferences) await mustFindPriority(input.planReference, p);
    return database.transaction(async (tx) => {
      const before = id ? await repo.contract(tx, id) : undefined;
      if (id && !before) throw notFound('No such contract');
      const clash = await repo.contractByReference(tx, input.reference);
      if (clash && clash.id !== id) throw new RuleError(`A contract with the reference ${input.reference} already exists`);
      // A change keeps the record's demo label unless told otherwise.
      const values = {
        ...input,
        planReference: input.planReference ?? null,
        contactEmail: input.contactEmail ?? null,
        isDemo: input.isDemo ?? before?.isDemo ?? false,
        updatedAt: new Date(),
      };
      const [after] = before
        ? await tx.update(contracts).set(values).where(eq(contracts.id, before.id)).returning()
        : await tx.insert(contracts).values(values).returning();
      await recordAudit(tx, actor, {
        action: before ? 'contract.update' : 'contract.create',
        entityType: 'contract',
        entityId: after.id,
        summary: `${input.provider}: ${input.service}`,
        before,
        after,
      });
      return after;
    });
  }

  async function getContract(id: string) {
    const c = await repo.contract(db, id);
    if (!c) return undefined;
    const [returns, reminders, priorities] = await Promise.all([
      repo.contractReturns(db, id),
      repo.reminders(db, id),
      prioritiesOf(c.planReference, c.priorityReferences),
    ]);
    return { ...c, returns, reminders, priorities };
  }

  async function addContractReturn(actor: Actor, contractId: string, input: ContractReturnInput) {
    return database.transaction(async (tx) => {
      const c = await repo.contract(tx, contractId);
      if (!c) throw notFound('No such contract');
      const [existing] = await tx
        .select()
        .from(contractReturns)
        .where(and(eq(contractReturns.contractId, contractId), eq(contractReturns.quarter, input.quarter)));
      if (existing) throw new RuleError(`The return for ${input.quarter} has already been recorded`);
      const [after] = await tx
        .insert(contractReturns)
        .values({ contractId, ...input, peopleSupported: input.peopleSupported ?? null })
        .returning();
      await recordAudit(tx, actor, {
        action: 'contract-return.create',
        entityType: 'contract',
        entityId: contractId,
        summary: `Outcome return ${input.quarter} for ${c.provider}`,
        after,
      });
      return after;
    });
  }

  /**
   * Reminds the contract's contact (or every editor when it has none) about each contract that
   * ends within CONTRACT_REMINDER_DAYS. Each reminder is sent once per contract and end date:
   * the mailer's dedupeKey and the reminders table both make a repeat a no-op.
   */
  async function sendContractEndingReminders(today = isoToday()) {
    const ending = await repo.contractsEndingBetween(db, today, addDays(today, CONTRACT_REMINDER_DAYS));
    let sent = 0;
    for (const c of ending) {
      const already = (await repo.reminders(db, c.id)).some((r) => r.endDate === c.endDate);
      if (already) continue;
      const recipients = c.contactEmail ? [c.contactEmail] : (await users.byRole('editor')).filter((u) => u.status === 'active').map((u) => u.email);
      const days = daysBetween(today, c.endDate);
      for (const to of recipients) {
        const r = await mailer.send({
          to,
          subject: `Contract ending in ${days} day${days === 1 ? '' : 's'}: ${c.service} (${c.provider})`,
          body: [
            `The commissioned service "${c.service}" provided by ${c.provider} (reference ${c.reference}) ends on ${c.endDate}.`,
            `Value: ${formatPounds(c.valuePence)}. Funding source: ${c.fundingSource}.`,
            'Decide whether to extend, re-commission or end it, and record the decision.',
          ].join('\n\n'),
          dedupeKey: `resources:contract-ending:${c.id}:${c.endDate}:${to.toLowerCase()}`,
        });
        if (r.queued) sent += 1;
      }
      await database.transaction(async (tx) => {
        await tx.insert(contractReminders).values({ contractId: c.id, endDate: c.endDate }).onConflictDoNothing();
        await recordAudit(tx, SYSTEM_ACTOR, {
          action: 'contract.reminder',
          entityType: 'contract',
          entityId: c.id,
          summary: `Reminder: ${c.service} ends on ${c.endDate} (to ${recipients.length} recipient${recipients.length === 1 ? '' : 's'})`,
        });
      });
    }
    return sent;
  }

  // ---- grant funds ---------------------------------------------------------------------------

  async function createFund(actor: Actor, input: { name: string; description?: string | null }) {
    return database.transaction(async (tx) => {
      if (await repo.fundByName(tx, input.name)) throw new RuleError(`A fund called ${input.name} already exists`);
      const [after] = await tx
        .insert(grantFunds)
        .values({ name: input.name, description: input.description ?? null })
        .returning();
      await recordAudit(tx, actor, { action: 'fund.create', entityType: 'grant-fund', entityId: after.id, summary: input.name, after });
      return after;
    });
  }

  async function openRound(actor: Actor, input: RoundInput) {
    if (input.closesOn < input.opensOn) throw new RuleError('The round must close on or after the day it opens');
    if (!input.criteria.length) throw new RuleError('Publish at least one criterion');
    if (input.planReference && !(await plans.getTreeByReference(input.planReference))) throw new RuleError(`There is no plan ${input.planReference}`);
    return database.transaction(async (tx) => {
      if (!(await repo.fund(tx, input.fundId))) throw notFound('No such fund');
      const [after] = await tx
        .insert(grantRounds)
        .values({
          ...input,
          description: input.description ?? null,
          maxAwardPence: input.maxAwardPence ?? null,
          planReference: input.planReference ?? null,
          status: 'open',
        })
        .returning();
      await recordAudit(tx, actor, { action: 'round.open', entityType: 'grant-round', entityId: after.id, summary: input.title, after });
      return after;
    });
  }

  async function closeRound(actor: Actor, roundId: string) {
    return database.transaction(async (tx) => {
      const r = await repo.round(tx, roundId);
      if (!r) throw notFound('No such round');
      const [after] = await tx.update(grantRounds).set({ status: 'closed' }).where(eq(grantRounds.id, roundId)).returning();
      await recordAudit(tx, actor, { action: 'round.close', entityType: 'grant-round', entityId: roundId, summary: r.round.title, before: r.round, after });
      return after;
    });
  }

  /** Whether the public can apply to a round today. */
  function isAccepting(round: GrantRound, today = isoToday()) {
    return round.status === 'open' && round.opensOn <= today && today <= round.closesOn;
  }

  async function listOpenRounds(today = isoToday()) {
    return (await repo.rounds(db)).filter((r) => isAccepting(r.round, today));
  }

  /** The priorities an applicant may choose from: those of the round's plan. */
  async function roundPriorities(round: GrantRound) {
    if (!round.planReference) return [];
    const tree = await plans.getTreeByReference(round.planReference);
    return (tree?.priorities ?? []).map((p) => ({ reference: p.reference, title: p.title }));
  }

  async function assignAssessor(actor: Actor, roundId: string, userId: string) {
    const user = await users.get(userId);
    if (!user || user.status !== 'active') throw new RuleError('Choose an active member of staff');
    if (!(ASSESSOR_ROLES as readonly string[]).includes(user.role)) throw new RuleError('Only editors, analysts and the commissioner can assess applications');
    return database.transaction(async (tx) => {
      const r = await repo.round(tx, roundId);
      if (!r) throw notFound('No such round');
      await tx
        .insert(roundAssessors)
        .values({ roundId, userId, userLabel: `${user.name} (${user.email})` })
        .onConflictDoNothing();
      await recordAudit(tx, actor, {
        action: 'round.assign-assessor',
        entityType: 'grant-round',
        entityId: roundId,
        summary: `${user.email} assigned as an assessor of ${r.round.title}`,
      });
    });
  }

  async function removeAssessor(actor: Actor, roundId: string, userId: string) {
    return database.transaction(async (tx) => {
      await tx.delete(roundAssessors).where(and(eq(roundAssessors.roundId, roundId), eq(roundAssessors.userId, userId)));
      await recordAudit(tx, actor, { action: 'round.remove-assessor', entityType: 'grant-round', entityId: roundId, summary: `Assessor ${userId} removed` });
    });
  }

  /** A public application (no account). The actor is the public; the audit row says so. */
  async function submitApplication(actor: Actor, roundId: string, input: ApplicationInput, opts: { today?: string; isDemo?: boolean } = {}) {
    const r = await repo.round(db, roundId);
    if (!r) throw notFound('No such round');
    if (!opts.isDemo && !isAccepting(r.round, opts.today)) throw new RuleError('This round is not open for applications');
    if (r.round.maxAwardPence !== null && input.amountPence > r.round.maxAwardPence)
      throw new RuleError(`The most you can ask for is ${formatPounds(r.round.maxAwardPence, { wholePounds: true })}`);
    const priorities = await roundPriorities(r.round);
    if (priorities.length && !priorities.some((p) => p.reference === input.priorityReference)) throw new RuleError('Choose one of the listed priorities');
    return database.transaction(async (tx) => {
      const [after] = await tx
        .insert(grantApplications)
        .values({ ...input, roundId, reference: newReference('GA'), isDemo: opts.isDemo ?? false })
        .returning();
      await recordAudit(tx, actor, {
        action: 'application.submit',
        entityType: 'grant-application',
        entityId: after.id,
        summary: `Application ${after.reference} to ${r.round.title}`,
        after: { reference: after.reference, amountPence: after.amountPence },
      });
      return after;
    });
  }

  async function getApplication(id: string) {
    const a = await repo.application(db, id);
    if (!a) return undefined;
    const r = await repo.round(db, a.roundId);
    const [declarations, scores, award, assessors, priorities] = await Promise.all([
      repo.declarations(db, id),
      repo.scores(db, id),
      repo.awardForApplication(db, id),
      repo.assessors(db, a.roundId),
      r ? roundPriorities(r.round) : Promise.resolve([]),
    ]);
    const [payments, monitoring] = award ? await Promise.all([repo.payments(db, award.id), repo.monitoring(db, award.id)]) : [[], []];
    return {
      application: a,
      round: r!.round,
      fundName: r!.fundName,
      declarations,
      scores,
      award,
      payments,
      monitoring,
      assessors,
      priority: priorities.find((p) => p.reference === a.priorityReference),
    };
  }

  /** Whether this person may score this application now, and why not. */
  async function scoringDecision(actor: Actor, application: GrantApplication) {
    const assigned = actor.id ? await repo.isAssessor(db, application.roundId, actor.id) : false;
    const declaration = actor.id ? await repo.declaration(db, application.id, actor.id) : undefined;
    return { decision: canScore({ role: actor.role, assigned, declaration, open: application.status === 'submitted' }), assigned, declaration };
  }

  async function declareConflict(actor: Actor, applicationId: string, input: { hasConflict: boolean; detail?: string | null }) {
    const a = await repo.application(db, applicationId);
    if (!a) throw notFound('No such application');
    if (!actor.id || !(await repo.isAssessor(db, a.roundId, actor.id))) throw new RuleError('You are not an assessor of this round');
    if (input.hasConflict && !input.detail) throw new RuleError('Describe the conflict of interest');
    return database.transaction(async (tx) => {
      const before = await repo.declaration(tx, applicationId, actor.id!);
      if (before?.hasConflict && !input.hasConflict) throw new RuleError('A declared conflict of interest cannot be withdrawn');
      const values = { applicationId, userId: actor.id!, hasConflict: input.hasConflict, detail: input.detail ?? null, declaredAt: new Date() };
      await tx
        .insert(conflictDeclarations)
        .values(values)
        .onConflictDoUpdate({
          target: [conflictDeclarations.applicationId, conflictDeclarations.userId],
          set: { hasConflict: values.hasConflict, detail: values.detail, declaredAt: values.declaredAt },
        });
      if (input.hasConflict)
        await tx.delete(assessmentScores).where(and(eq(assessmentScores.applicationId, applicationId), eq(assessmentScores.userId, actor.id!)));
      await recordAudit(tx, actor, {
        action: 'application.declare',
        entityType: 'grant-application',
        entityId: applicationId,
        summary: input.hasConflict
          ? `${actor.label} declared a conflict of interest on ${a.reference}`
          : `${actor.label} declared no conflict of interest on ${a.reference}`,
        before,
        after: values,
      });
    });
  }

  /** Scores an application against its round's criteria. The rule of canScore is enforced here. */
  async function scoreApplication(actor: Actor, applicationId: string, input: { scores: Record<string, number>; comment?: string | null }) {
    const a = await repo.application(db, applicationId);
    if (!a) throw notFound('No such application');
    const r = await repo.round(db, a.roundId);
    const { decision } = await scoringDecision(actor, a);
    if (!decision.allowed) throw new RuleError(decision.reason);
    const criteria = r!.round.criteria;
    const scores: Record<string, number> = {};
    for (const c of criteria) {
      const v = input.scores[c.key];
      if (!Number.isInteger(v) || v < 0 || v > c.maxScore) throw new RuleError(`Score "${c.title}" from 0 to ${c.maxScore}`);
      scores[c.key] = v;
    }
    const total = Object.values(scores).reduce((s, v) => s + v, 0);
    return database.transaction(async (tx) => {
      const values = { applicationId, userId: actor.id!, userLabel: actor.label, scores, total, comment: input.comment ?? null, scoredAt: new Date() };
      await tx
        .insert(assessmentScores)
        .values(values)
        .onConflictDoUpdate({
          target: [assessmentScores.applicationId, assessmentScores.userId],
          set: { scores, total, comment: values.comment, scoredAt: values.scoredAt },
        });
      await recordAudit(tx, actor, {
        action: 'application.score',
        entityType: 'grant-application',
        entityId: applicationId,
        summary: `${actor.label} scored ${a.reference}: ${total}`,
        after: values,
      });
      return values;
    });
  }

  async function decideApplication(actor: Actor, applicationId: string, input: { decision: 'award' | 'decline'; amountPence?: number; awardedOn?: string }) {
    return database.transaction(async (tx) => {
      const a = await repo.application(tx, applicationId);
      if (!a) throw notFound('No such application');
      if (a.status !== 'submitted') throw new RuleError('This application has already been decided');
      if (input.decision === 'decline') {
        await tx.update(grantApplications).set({ status: 'declined' }).where(eq(grantApplications.id, a.id));
        await recordAudit(tx, actor, { action: 'application.decline', entityType: 'grant-application', entityId: a.id, summary: `Declined ${a.reference}` });
        return undefined;
      }
      const amount = input.amountPence ?? a.amountPence;
      if (amount <= 0) throw new RuleError('The award must be more than £0');
      if (amount > a.amountPence) throw new RuleError('The award cannot be more than the amount asked for');
      await tx.update(grantApplications).set({ status: 'awarded' }).where(eq(grantApplications.id, a.id));
      const [award] = await tx
        .insert(grantAwards)
        .values({
          applicationId: a.id,
          roundId: a.roundId,
          recipient: a.organisation,
          project: a.project,
          area: a.area,
          amountPence: amount,
          awardedOn: input.awardedOn ?? isoToday(),
        })
        .returning();
      await recordAudit(tx, actor, {
        action: 'application.award',
        entityType: 'grant-application',
        entityId: a.id,
        summary: `Awarded ${formatPounds(amount)} to ${a.organisation} (${a.reference})`,
        after: award,
      });
      return award;
    });
  }

  async function recordPayment(actor: Actor, awardId: string, input: { amountPence: number; paidOn: string }) {
    return database.transaction(async (tx) => {
      const award = await repo.award(tx, awardId);
      if (!award) throw notFound('No such award');
      const paid = (await repo.payments(tx, awardId)).reduce((s, p) => s + p.amountPence, 0);
      if (input.amountPence <= 0) throw new RuleError('The payment must be more than £0');
      if (paid + input.amountPence > award.amountPence)
        throw new RuleError(`Payments cannot exceed the award: ${formatPounds(award.amountPence - paid)} is left to pay`);
      const [after] = await tx
        .insert(grantPayments)
        .values({ awardId, ...input })
        .returning();
      await recordAudit(tx, actor, {
        action: 'award.payment',
        entityType: 'grant-award',
        entityId: awardId,
        summary: `Paid ${formatPounds(input.amountPence)} to ${award.recipient}`,
        after,
      });
      return after;
    });
  }

  /**
   * A grantee's monitoring return, sent from the public form with the application reference and
   * the contact email given on the application (both must match an award).
   */
  async function submitMonitoringReturn(
    actor: Actor,
    input: { reference: string; contactEmail: string; summary: string; peopleReached?: number | null },
    today = isoToday(),
  ) {
    const a = await repo.applicationByReference(db, input.reference.trim().toUpperCase());
    const award = a && a.contactEmail.toLowerCase() === input.contactEmail.trim().toLowerCase() ? await repo.awardForApplication(db, a.id) : undefined;
    if (!a || !award) throw new RuleError('We could not find an award with that reference and email address');
    return database.transaction(async (tx) => {
      const [after] = await tx
        .insert(monitoringReturns)
        .values({ awardId: award.id, submittedOn: today, summary: input.summary, peopleReached: input.peopleReached ?? null })
        .returning();
      await recordAudit(tx, actor, {
        action: 'award.monitoring-return',
        entityType: 'grant-award',
        entityId: award.id,
        summary: `Monitoring return for ${a.reference}`,
        after: { id: after.id },
      });
      return after;
    });
  }

  async function roundOverview(roundId: string) {
    const r = await repo.round(db, roundId);
    if (!r) return undefined;
    const [applications, assessors, scores, awards, priorities] = await Promise.all([
      repo.applications(db, roundId),
      repo.assessors(db, roundId),
      repo.roundScores(db, roundId),
      repo.awards(db, roundId),
      roundPriorities(r.round),
    ]);
    return { ...r, applications, assessors, scores, awards: awards.map((x) => x.award), priorities };
  }

  /** Every award (or a round's), for the public page and open data. */
  async function publicAwards(roundId?: string) {
    return (await repo.awards(db, roundId)).map((x) => ({ ...x.award, roundTitle: x.roundTitle, fundName: x.fundName }));
  }

  // ---- links to the plan ---------------------------------------------------------------------

  async function mustFindPriority(planReference: string, priorityReference: string) {
    const tree = await plans.getTreeByReference(planReference);
    if (!tree) throw new RuleError(`There is no plan ${planReference}`);
    const p = tree.priorities.find((x) => x.reference === priorityReference);
    if (!p) throw new RuleError(`The plan ${planReference} has no priority ${priorityReference}`);
    return p;
  }
  async function mustFindCommitment(planReference: string, commitmentReference: string) {
    const tree = await plans.getTreeByReference(planReference);
    if (!tree) throw new RuleError(`There is no plan ${planReference}`);
    const c = tree.priorities.flatMap((p) => p.commitments).find((x) => x.reference === commitmentReference);
    if (!c) throw new RuleError(`The plan ${planReference} has no commitment ${commitmentReference}`);
    return c;
  }
  async function prioritiesOf(planReference: string | null, refs: string[]) {
    if (!planReference || !refs.length) return [];
    const tree = await plans.getTreeByReference(planReference);
    return (tree?.priorities ?? [])
      .filter((p) => refs.includes(p.reference))
      .map((p) => ({ reference: p.reference, title: p.title, planReference, planTitle: tree!.title }));
  }
  /** The reference of the plan in force now: what new contracts and grant rounds serve by default. */
  async function currentPlanReference(): Promise<string | undefined> {
    return (await plans.current())?.reference;
  }
  async function planPriorities(planReference: string) {
    const tree = await plans.getTreeByReference(planReference);
    return tree
      ? { reference: tree.reference, title: tree.title, priorities: tree.priorities.map((p) => ({ reference: p.reference, title: p.title })) }
      : undefined;
  }

  /** "plan/priority" → priority title, for every plan the finance lines are allocated to. */
  async function financePriorityTitles(lines: { planReference: string | null }[]) {
    const titles = new Map<string, string>();
    for (const ref of new Set(lines.map((l) => l.planReference).filter((r): r is string => Boolean(r)))) {
      const p = await planPriorities(ref);
      for (const x of p?.priorities ?? []) titles.set(`${ref}/${x.reference}`, x.title);
    }
    return titles;
  }

  async function listContracts(minPence = 0) {
    const list = await repo.contracts(db, minPence);
    return Promise.all(list.map(async (c: Contract) => ({ ...c, priorities: await prioritiesOf(c.planReference, c.priorityReferences) })));
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
    // contracts
    saveContract,
    getContract,
    listContracts,
    addContractReturn,
    sendContractEndingReminders,
    // grants
    createFund,
    listFunds: () => repo.funds(db),
    openRound,
    closeRound,
    listRounds: () => repo.rounds(db),
    getRound: (id: string) => repo.round(db, id),
    listOpenRounds,
    isAccepting,
    roundPriorities,
    roundOverview,
    assignAssessor,
    removeAssessor,
    submitApplication,
    getApplication,
    scoringDecision,
    declareConflict,
    scoreApplication,
    decideApplication,
    recordPayment,
    submitMonitoringReturn,
    publicAwards,
    // plan links
    planPriorities,
    currentPlanReference,
    /** Counts for the staff overview. */
    async counts() {
      const rows = await database.query<{ contracts: number; rounds: number; awards: number; spending: number }>(sql`
        select (select count(*)::int from resource_contracts) as contracts, (select count(*)::int from resource_grant_rounds) as rounds,
               (select count(*)::int from resource_grant_awards) as awards, (select count(*)::int from resource_spending_items) as spending`);
      return rows[0];
    },
  };
}
export type ResourcesService = ReturnType<typeof createResourcesService>;
