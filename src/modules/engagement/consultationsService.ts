import { recordAudit } from '../../platform/audit.js';
import { FieldRuleError, RuleError, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import type { EngagementContext } from './engagementContext.js';
import { engagementRepository as repo, type Consultation, type Method, type Revisions, type Survey } from './engagementRepository.js';
import { noticeConsultationOpened, noticeConsultationPublished } from './notices.js';
import { CONSULTATION_STAGES, type ConsultationStage, type MethodKind } from './schema.js';

export interface ConsultationInput {
  reference: string;
  title: string;
  purpose: string;
  planReference?: string | null;
  priorityReferences?: string[];
  audience: string;
  areas: string;
  opensOn: string;
  closesOn: string;
}

/** What a consultation's edit form changes: everything but the reference (it is in public web addresses). */
export type ConsultationChanges = Omit<ConsultationInput, 'reference'>;

export interface MethodInput {
  kind: MethodKind;
  description: string;
  startsOn?: string | null;
  endsOn?: string | null;
  places: string;
  targetGroups: string;
}

export const STAGE_LABELS: Record<ConsultationStage, string> = {
  draft: 'Draft',
  planned: 'Planned',
  open: 'Open',
  closed: 'Closed',
  analysed: 'Analysed',
  'feedback-published': 'Feedback published',
};

/**
 * A stage moves forward one step at a time. A draft leaves its stage only by being published
 * (publishedStage), never by a plain stage change.
 */
export function nextStages(stage: ConsultationStage): ConsultationStage[] {
  if (stage === 'draft') return [];
  const i = CONSULTATION_STAGES.indexOf(stage);
  return i < CONSULTATION_STAGES.length - 1 ? [CONSULTATION_STAGES[i + 1]] : [];
}

/** Whether the public may see a consultation at all: everything but a draft. */
export function isPublic(c: { stage: ConsultationStage }): boolean {
  return c.stage !== 'draft';
}

/** The stage a draft takes when it is published: open if its opening day has come, else forthcoming ("planned"). */
export function publishedStage(opensOn: string, today: string): 'planned' | 'open' {
  return opensOn <= today ? 'open' : 'planned';
}

/** A consultation as the public pages show it, with its live survey and their row versions. */
export type PublicConsultation = Consultation & { methods: Method[]; surveys: Survey[]; liveSurvey: Survey | null; revisions: Revisions | null };

/** Consultations: their details, stages, methods, and the copies the public pages read. */
export function createConsultationsService(ctx: EngagementContext) {
  const { db, database, deps, changes, copies, mustConsultation } = ctx;

  // ---- consultations ----
  async function createConsultation(actor: Actor, input: ConsultationInput): Promise<Consultation> {
    if (input.closesOn < input.opensOn) throw new RuleError('The closing date must be on or after the opening date');
    return database.transaction(async (tx) => {
      if (await repo.consultationByReference(tx, input.reference)) throw new RuleError(`A consultation with the reference ${input.reference} exists`);
      const c = await repo.insertConsultation(tx, { ...input, priorityReferences: input.priorityReferences ?? [], stage: 'draft' });
      await recordAudit(tx, actor, {
        action: 'consultation.create',
        entityType: 'consultation',
        entityId: c.id,
        summary: `Created the consultation ${c.title}`,
        after: c,
      });
      return c;
    });
  }

  /**
   * Changes a consultation's details. The dates are fixed once it has opened (the closing date
   * then moves only by an extension, whose reason is published); the priorities must be of the
   * plan it informs.
   */
  async function updateConsultation(actor: Actor, id: string, input: ConsultationChanges) {
    if (input.closesOn < input.opensOn) throw new FieldRuleError('closesOn', 'The closing date must be on or after the opening date');
    const planReference = input.planReference ?? null;
    const priorityReferences = [...new Set(input.priorityReferences ?? [])];
    if (priorityReferences.length) {
      if (!planReference) throw new FieldRuleError('planReference', 'Choose the plan the consultation informs before its priorities');
      // The plan is read first: another module's reads must not run inside this transaction.
      const plan = deps.plans ? await deps.plans.getTreeByReference(planReference) : undefined;
      const valid = new Set(plan?.priorities.map((p) => p.reference) ?? []);
      if (deps.plans && priorityReferences.some((r) => !valid.has(r))) {
        throw new FieldRuleError('priorityReferences', 'Choose priorities of the plan the consultation informs');
      }
    }
    return database.transaction(async (tx) => {
      const before = await mustConsultation(tx, id);
      if (!['draft', 'planned'].includes(before.stage) && (input.opensOn !== before.opensOn || input.closesOn !== before.closesOn)) {
        throw new FieldRuleError(
          input.opensOn !== before.opensOn ? 'opensOn' : 'closesOn',
          'The consultation has opened, so its dates cannot be changed here: extend the closing date instead (the reason is published)',
        );
      }
      const c = await repo.updateConsultation(tx, id, {
        title: input.title,
        purpose: input.purpose,
        planReference,
        priorityReferences,
        audience: input.audience,
        areas: input.areas,
        opensOn: input.opensOn,
        closesOn: input.closesOn,
      });
      await recordAudit(tx, actor, {
        action: 'consultation.update',
        entityType: 'consultation',
        entityId: id,
        summary: `Changed the consultation ${c.title}`,
        before,
        after: c,
      });
      return c;
    });
  }

  async function setStage(actor: Actor, id: string, stage: ConsultationStage, resultsSummary?: string) {
    return database.transaction(async (tx) => {
      const before = await mustConsultation(tx, id);
      if (before.stage === 'draft') throw new RuleError('This consultation is a draft: publish it first');
      if (!nextStages(before.stage).includes(stage))
        throw new RuleError(`A consultation that is ${STAGE_LABELS[before.stage].toLowerCase()} cannot become ${STAGE_LABELS[stage].toLowerCase()}`);
      if (stage === 'feedback-published' && !(resultsSummary ?? before.resultsSummary))
        throw new RuleError('Write the summary of results before publishing feedback');
      const c = await repo.updateConsultation(tx, id, { stage, resultsSummary: resultsSummary ?? before.resultsSummary });
      await recordAudit(tx, actor, {
        action: 'consultation.stage',
        entityType: 'consultation',
        entityId: id,
        summary: `${c.title}: ${STAGE_LABELS[before.stage]} → ${STAGE_LABELS[stage]}`,
        before: { stage: before.stage },
        after: { stage },
      });
      if (stage === 'open') await noticeConsultationOpened(deps.notify, tx, c);
      return c;
    });
  }

  /**
   * Publishes a draft: it becomes public as open (its opening day has come) or forthcoming, and
   * residents subscribed to new consultations are told, in the same transaction.
   */
  async function publishConsultation(actor: Actor, id: string, today = ctx.clock.today()) {
    return database.transaction(async (tx) => {
      const before = await mustConsultation(tx, id);
      if (before.stage !== 'draft') throw new RuleError('This consultation has already been published');
      const stage = publishedStage(before.opensOn, today);
      const c = await repo.updateConsultation(tx, id, { stage });
      await recordAudit(tx, actor, {
        action: 'consultation.publish',
        entityType: 'consultation',
        entityId: id,
        summary: `Published the consultation ${c.title} (${stage === 'open' ? 'open' : 'forthcoming'})`,
        before: { stage: before.stage },
        after: { stage },
      });
      await noticeConsultationPublished(deps.notify, tx, c);
      return c;
    });
  }

  async function setResultsSummary(actor: Actor, id: string, resultsSummary: string) {
    return database.transaction(async (tx) => {
      const before = await mustConsultation(tx, id);
      await repo.updateConsultation(tx, id, { resultsSummary });
      await recordAudit(tx, actor, {
        action: 'consultation.results',
        entityType: 'consultation',
        entityId: id,
        summary: `Wrote the results summary of ${before.title}`,
        before: before.resultsSummary,
        after: resultsSummary,
      });
    });
  }

  /** Extends the closing date; the reason is published on the consultation's page. */
  async function extend(actor: Actor, id: string, closesOn: string, reason: string) {
    return database.transaction(async (tx) => {
      const before = await mustConsultation(tx, id);
      if (!['planned', 'open'].includes(before.stage)) throw new RuleError('Only a planned or open consultation can be extended');
      if (closesOn <= before.closesOn) throw new RuleError('The new closing date must be after the current one');
      const c = await repo.updateConsultation(tx, id, { closesOn, originalClosesOn: before.originalClosesOn ?? before.closesOn, extensionReason: reason });
      await recordAudit(tx, actor, {
        action: 'consultation.extend',
        entityType: 'consultation',
        entityId: id,
        summary: `Extended ${c.title} to ${closesOn}: ${reason}`,
        before: { closesOn: before.closesOn },
        after: { closesOn, reason },
      });
      return c;
    });
  }

  async function addMethod(actor: Actor, consultationId: string, input: MethodInput) {
    if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) throw new RuleError('A method must end on or after it starts');
    return database.transaction(async (tx) => {
      const c = await mustConsultation(tx, consultationId);
      const existing = await repo.methodsOf(tx, consultationId);
      const m = await repo.insertMethod(tx, { ...input, consultationId, position: existing.length + 1 });
      await recordAudit(tx, actor, {
        action: 'consultation.method.add',
        entityType: 'consultation',
        entityId: consultationId,
        summary: `Added a method (${input.kind}) to ${c.title}`,
        after: m,
      });
      return m;
    });
  }

  async function removeMethod(actor: Actor, consultationId: string, methodId: string) {
    await database.transaction(async (tx) => {
      const c = await mustConsultation(tx, consultationId);
      if (!repo.isUuid(methodId)) throw notFound();
      const gone = await repo.deleteMethod(tx, consultationId, methodId);
      if (!gone.length) throw notFound();
      await recordAudit(tx, actor, {
        action: 'consultation.method.remove',
        entityType: 'consultation',
        entityId: consultationId,
        summary: `Removed a method from ${c.title}`,
        before: gone[0],
      });
    });
  }

  async function consultationDetail(id: string) {
    const c = await repo.consultation(db, id);
    if (!c) return undefined;
    return withParts(c);
  }
  async function consultationByReference(reference: string) {
    const c = await repo.consultationByReference(db, reference);
    return c ? withParts(c) : undefined;
  }
  async function withParts(c: Consultation) {
    const [ms, ss] = await Promise.all([repo.methodsOf(db, c.id), repo.surveysOf(db, c.id)]);
    return { ...c, methods: ms, surveys: ss, liveSurvey: ss.find((s) => s.status === 'published') ?? null };
  }

  const NONE = new Error('no such consultation');
  async function loadPublic(reference: string): Promise<PublicConsultation> {
    const row = await repo.consultationByReferenceWithRevision(db, reference);
    if (!row || !isPublic(row.consultation)) throw NONE; // not kept: revisionCache keeps no failed read
    const c = row.consultation;
    const [ms, ss] = await Promise.all([repo.methodsOf(db, c.id), repo.surveysWithRevisionOf(db, c.id)]);
    const live = ss.find((s) => s.survey.status === 'published');
    return {
      ...c,
      methods: ms,
      surveys: ss.map((s) => s.survey),
      liveSurvey: live?.survey ?? null,
      revisions: live ? { consultation: row.revision, survey: live.revision } : null,
    };
  }
  /** The consultation as the public pages show it (a copy kept in memory, see above), or undefined. */
  async function publicConsultation(reference: string): Promise<PublicConsultation | undefined> {
    try {
      return await copies(reference, () => loadPublic(reference));
    } catch (e) {
      if (e === NONE) return undefined;
      throw e;
    }
  }
  /** The public hub: open, forthcoming and closed consultations. */
  async function publicHub() {
    const all = await repo.listConsultations(db);
    return {
      open: all.filter((c) => c.stage === 'open'),
      forthcoming: all.filter((c) => c.stage === 'planned'),
      closed: all.filter((c) => ['closed', 'analysed', 'feedback-published'].includes(c.stage)),
    };
  }

  return {
    createConsultation: changes(createConsultation),
    publishConsultation: changes(publishConsultation),
    updateConsultation: changes(updateConsultation),
    setStage: changes(setStage),
    setResultsSummary: changes(setResultsSummary),
    extend: changes(extend),
    addMethod: changes(addMethod),
    removeMethod: changes(removeMethod),
    consultationDetail,
    consultationByReference,
    publicConsultation,
    listConsultations: () => repo.listConsultations(db),
    publicHub,
  };
}

export type ConsultationsService = ReturnType<typeof createConsultationsService>;
