import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../platform/audit.js';
import { RuleError, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import type { ResourcesServiceDeps } from './deps.js';
import { grantsRepository as repo, type GrantApplication, type GrantRound } from './grantsRepository.js';
import { formatPounds } from './money.js';
import { noticeApplicationReceived } from './notices.js';
import type { PlanLinks } from './planLinks.js';
import { ASSESSOR_ROLES, canScore } from './resourcesPermissions.js';
import type { Criterion } from './schema.js';

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

/** Grant funds and their rounds: open application, assessment with declared conflicts, awards, payments and monitoring. */
export function createGrantsService(deps: ResourcesServiceDeps, links: PlanLinks) {
  const { database, users, clock } = deps;
  const { db } = database;

  async function createFund(actor: Actor, input: { name: string; description?: string | null }) {
    return database.transaction(async (tx) => {
      if (await repo.fundByName(tx, input.name)) throw new RuleError(`A fund called ${input.name} already exists`);
      const after = await repo.insertFund(tx, { name: input.name, description: input.description ?? null });
      await recordAudit(tx, actor, { action: 'fund.create', entityType: 'grant-fund', entityId: after.id, summary: input.name, after });
      return after;
    });
  }

  async function openRound(actor: Actor, input: RoundInput) {
    if (input.closesOn < input.opensOn) throw new RuleError('The round must close on or after the day it opens');
    if (!input.criteria.length) throw new RuleError('Publish at least one criterion');
    if (input.planReference && !(await links.planExists(input.planReference))) throw new RuleError(`There is no plan ${input.planReference}`);
    return database.transaction(async (tx) => {
      if (!(await repo.fund(tx, input.fundId))) throw notFound('No such fund');
      const after = await repo.insertRound(tx, {
        ...input,
        description: input.description ?? null,
        maxAwardPence: input.maxAwardPence ?? null,
        planReference: input.planReference ?? null,
        status: 'open',
      });
      await recordAudit(tx, actor, { action: 'round.open', entityType: 'grant-round', entityId: after.id, summary: input.title, after });
      return after;
    });
  }

  async function closeRound(actor: Actor, roundId: string) {
    return database.transaction(async (tx) => {
      const r = await repo.round(tx, roundId);
      if (!r) throw notFound('No such round');
      const after = await repo.closeRound(tx, roundId);
      await recordAudit(tx, actor, { action: 'round.close', entityType: 'grant-round', entityId: roundId, summary: r.round.title, before: r.round, after });
      return after;
    });
  }

  /** Whether the public can apply to a round today. */
  function isAccepting(round: GrantRound, today = clock.today()) {
    return round.status === 'open' && round.opensOn <= today && today <= round.closesOn;
  }

  async function listOpenRounds(today = clock.today()) {
    return (await repo.rounds(db)).filter((r) => isAccepting(r.round, today));
  }

  async function assignAssessor(actor: Actor, roundId: string, userId: string) {
    const user = await users.get(userId);
    if (!user || user.status !== 'active') throw new RuleError('Choose an active member of staff');
    if (!ASSESSOR_ROLES.some((r) => r === user.role)) throw new RuleError('Only editors, analysts and the commissioner can assess applications');
    return database.transaction(async (tx) => {
      const r = await repo.round(tx, roundId);
      if (!r) throw notFound('No such round');
      await repo.insertAssessor(tx, { roundId, userId, userLabel: `${user.name} (${user.email})` });
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
      await repo.deleteAssessor(tx, roundId, userId);
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
    const priorities = await links.roundPriorities(r.round);
    if (priorities.length && !priorities.some((p) => p.reference === input.priorityReference)) throw new RuleError('Choose one of the listed priorities');
    return database.transaction(async (tx) => {
      const after = await repo.insertApplication(tx, { ...input, roundId, reference: newReference('GA'), isDemo: opts.isDemo ?? false });
      await recordAudit(tx, actor, {
        action: 'application.submit',
        entityType: 'grant-application',
        entityId: after.id,
        summary: `Application ${after.reference} to ${r.round.title}`,
        after: { reference: after.reference, amountPence: after.amountPence },
      });
      if (!opts.isDemo) await noticeApplicationReceived(deps.notifications, tx, after, r.round.title);
      return after;
    });
  }

  async function getApplication(id: string) {
    const a = await repo.application(db, id);
    if (!a) return undefined;
    const r = await repo.round(db, a.roundId);
    if (!r) return undefined;
    const [declarations, scores, award, assessors, priorities] = await Promise.all([
      repo.declarations(db, id),
      repo.scores(db, id),
      repo.awardForApplication(db, id),
      repo.assessors(db, a.roundId),
      links.roundPriorities(r.round),
    ]);
    const [payments, monitoring] = award ? await Promise.all([repo.payments(db, award.id), repo.monitoring(db, award.id)]) : [[], []];
    return {
      application: a,
      round: r.round,
      fundName: r.fundName,
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
    const userId = actor.id;
    if (!userId || !(await repo.isAssessor(db, a.roundId, userId))) throw new RuleError('You are not an assessor of this round');
    if (input.hasConflict && !input.detail) throw new RuleError('Describe the conflict of interest');
    return database.transaction(async (tx) => {
      const before = await repo.declaration(tx, applicationId, userId);
      if (before?.hasConflict && !input.hasConflict) throw new RuleError('A declared conflict of interest cannot be withdrawn');
      const values = { applicationId, userId, hasConflict: input.hasConflict, detail: input.detail ?? null, declaredAt: clock.now() };
      await repo.saveDeclaration(tx, values);
      if (input.hasConflict) await repo.deleteScore(tx, applicationId, userId);
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
    if (!r) throw notFound('No such round');
    const { decision } = await scoringDecision(actor, a);
    if (!decision.allowed) throw new RuleError(decision.reason);
    // canScore allows only an assigned assessor, who is a signed-in person.
    const userId = actor.id;
    if (!userId) throw new RuleError('You are not an assessor of this round');
    const scores: Record<string, number> = {};
    for (const c of r.round.criteria) {
      const v = input.scores[c.key];
      if (!Number.isInteger(v) || v < 0 || v > c.maxScore) throw new RuleError(`Score "${c.title}" from 0 to ${c.maxScore}`);
      scores[c.key] = v;
    }
    const total = Object.values(scores).reduce((s, v) => s + v, 0);
    return database.transaction(async (tx) => {
      const values = { applicationId, userId, userLabel: actor.label, scores, total, comment: input.comment ?? null, scoredAt: clock.now() };
      await repo.saveScore(tx, values);
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
        await repo.setApplicationStatus(tx, a.id, 'declined');
        await recordAudit(tx, actor, { action: 'application.decline', entityType: 'grant-application', entityId: a.id, summary: `Declined ${a.reference}` });
        return undefined;
      }
      const amount = input.amountPence ?? a.amountPence;
      if (amount <= 0) throw new RuleError('The award must be more than £0');
      if (amount > a.amountPence) throw new RuleError('The award cannot be more than the amount asked for');
      await repo.setApplicationStatus(tx, a.id, 'awarded');
      const award = await repo.insertAward(tx, {
        applicationId: a.id,
        roundId: a.roundId,
        recipient: a.organisation,
        project: a.project,
        area: a.area,
        amountPence: amount,
        awardedOn: input.awardedOn ?? clock.today(),
      });
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
      const after = await repo.insertPayment(tx, { awardId, ...input });
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
    today = clock.today(),
  ) {
    const a = await repo.applicationByReference(db, input.reference.trim().toUpperCase());
    const award = a && a.contactEmail.toLowerCase() === input.contactEmail.trim().toLowerCase() ? await repo.awardForApplication(db, a.id) : undefined;
    if (!a || !award) throw new RuleError('We could not find an award with that reference and email address');
    return database.transaction(async (tx) => {
      const after = await repo.insertMonitoringReturn(tx, {
        awardId: award.id,
        submittedOn: today,
        summary: input.summary,
        peopleReached: input.peopleReached ?? null,
      });
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
      links.roundPriorities(r.round),
    ]);
    return { ...r, applications, assessors, scores, awards: awards.map((x) => x.award), priorities };
  }

  /** Every award (or a round's), for the public page and open data. */
  async function publicAwards(roundId?: string) {
    return (await repo.awards(db, roundId)).map((x) => ({ ...x.award, roundTitle: x.roundTitle, fundName: x.fundName }));
  }

  return {
    applicationsToScore: (userId: string) => repo.applicationsToScore(db, userId),
    createFund,
    listFunds: () => repo.funds(db),
    openRound,
    closeRound,
    listRounds: () => repo.rounds(db),
    getRound: (id: string) => repo.round(db, id),
    listOpenRounds,
    isAccepting,
    roundPriorities: links.roundPriorities,
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
  };
}
