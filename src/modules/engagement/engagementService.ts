import { noticeConsultationOpened, noticeConsultationPublished, noticeResponseReceived } from './notices.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Database, Db } from '../../db/index.js';
import { auditRow, recordAudit } from '../../platform/audit.js';
import { RuleError, notFound } from '../../platform/http.js';
import { ukDate } from '../../platform/format.js';
import type { Actor } from '../../platform/roles.js';
import { deepFreeze, revisionCache } from '../../platform/revisionCache.js';
import type { AreaSettings, SettingsService } from '../../platform/settings.js';
import type { AnalysedResponse } from './analysis.js';
import type { EngagementDeps, GeoArea, PlanRef, PublicAction } from './deps.js';
import { engagementRepository as repo, type Consultation, type Method, type Revisions, type Survey } from './engagementRepository.js';
import {
  CHANNELS,
  CONSULTATION_STAGES,
  codes,
  codingNotes,
  consultations,
  contacts,
  logEntries,
  methods,
  quotations,
  responses,
  surveys,
  themes,
  type Channel,
  type ConsultationStage,
  type LogType,
  type MethodKind,
} from './schema.js';
import { trainSuggester, type Suggestion } from './suggest.js';
import {
  allQuestions,
  breakingChanges,
  missingRequired,
  findQuestion,
  moveQuestion as movedQuestion,
  moveSection as movedSection,
  optionsOf,
  parseSectionAnswers,
  pruneHidden,
  questionFromInput,
  replaceQuestion,
  surveyDefinitionSchema,
  type AreaOption,
  type Answers,
  type Direction,
  type Question,
  type QuestionInput,
  type SurveyDefinition,
} from './surveyDefinition.js';

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

export interface LogInput {
  heldOn: string;
  type: LogType;
  title: string;
  localAuthorityCode?: string | null;
  wardCode?: string | null;
  wardName?: string | null;
  organisation: string;
  attendees?: number | null;
  issuesRaised: string;
  followUps: string;
  followUpOwner: string;
  synthetic?: boolean;
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

/** A response reference people can read out: EN-XXXX-XXXX without look-alike characters. */
export function newReference(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(8);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return `EN-${s.slice(0, 4)}-${s.slice(4)}`;
}

function populationOf(p: number | { population: number } | null | undefined): number | null {
  if (typeof p === 'number') return p;
  return p && typeof p.population === 'number' ? p.population : null;
}

/** A broken rule that belongs to one field of the form (so the error summary can link to it). */
export class FieldRuleError extends RuleError {
  constructor(
    public readonly field: string,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * The survey or its consultation changed after the public pages last read them (in this process
 * or another): nothing was stored; read them again and redo the checks before storing.
 */
export class SurveyChanged extends RuleError {
  constructor() {
    super('This survey has just been changed: check your answers and send them again');
  }
}

/** A consultation as the public pages show it, with its live survey and their row versions. */
export type PublicConsultation = Consultation & { methods: Method[]; surveys: Survey[]; liveSurvey: Survey | null; revisions: Revisions | null };

/** How long the public pages' copies of consultations and area lists are kept (see ADR 0012). */
const KEPT_MS = 2000;

export class CsvImportInvalid extends Error {
  constructor(public readonly errors: { line: number; column: string; message: string }[]) {
    super(`${errors.length} problem(s) in the file`);
  }
}

export function createEngagementService(database: Database, settings: SettingsService, deps: EngagementDeps) {
  const { db } = database;

  async function mustConsultation(dbx: Db, id: string): Promise<Consultation> {
    const c = await repo.consultation(dbx, id);
    if (!c) throw notFound('No such consultation');
    return c;
  }
  async function mustSurvey(dbx: Db, id: string): Promise<Survey> {
    const s = await repo.survey(dbx, id);
    if (!s) throw notFound('No such survey');
    return s;
  }

  // ---- areas (geography when present, else the settings' local authorities) ----
  async function areaLists(area: AreaSettings): Promise<{ lad: GeoArea[]; ward: GeoArea[] }> {
    let lad: GeoArea[] = area.localAuthorities.map((a) => ({ code: a.code, name: a.name }));
    let ward: GeoArea[] = [];
    if (deps.geography) {
      try {
        const l = await deps.geography.areasOfForce(area.forceId, 'lad');
        if (l.length) lad = l;
        ward = await deps.geography.areasOfForce(area.forceId, 'ward');
      } catch {
        // geography not loaded yet for this force: the settings' list is enough
      }
    }
    return { lad, ward };
  }
  async function buildAreaHelpers(area: AreaSettings) {
    const lists = deepFreeze(await areaLists(area));
    const names = new Map<string, string>([...lists.lad, ...lists.ward].map((a) => [a.code, a.name]));
    const optionsFor = (q: Question): AreaOption[] => (q.areaLevel === 'ward' && lists.ward.length ? lists.ward : lists.lad);
    return { lists, optionsFor, areaName: (code: string) => names.get(code) ?? code };
  }
  // Every page of a survey needs the area lists: kept for KEPT_MS, and while the settings are the
  // same (a change of settings in this process is seen at once; geography changes only by import).
  let keptAreas: { area: AreaSettings; at: number; helpers: ReturnType<typeof buildAreaHelpers> } | undefined;
  async function areaHelpers() {
    const area = await settings.getArea();
    if (keptAreas && keptAreas.area === area && Date.now() - keptAreas.at < KEPT_MS) return keptAreas.helpers;
    const kept = { area, at: Date.now(), helpers: buildAreaHelpers(area) };
    keptAreas = kept;
    kept.helpers.catch(() => {
      if (keptAreas === kept) keptAreas = undefined;
    });
    return kept.helpers;
  }

  // ---- consultations ----
  async function createConsultation(actor: Actor, input: ConsultationInput): Promise<Consultation> {
    if (input.closesOn < input.opensOn) throw new RuleError('The closing date must be on or after the opening date');
    return database.transaction(async (tx) => {
      if (await repo.consultationByReference(tx, input.reference)) throw new RuleError(`A consultation with the reference ${input.reference} exists`);
      const [c] = await tx
        .insert(consultations)
        .values({ ...input, priorityReferences: input.priorityReferences ?? [], stage: 'draft' })
        .returning();
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
      const [c] = await tx
        .update(consultations)
        .set({
          title: input.title,
          purpose: input.purpose,
          planReference,
          priorityReferences,
          audience: input.audience,
          areas: input.areas,
          opensOn: input.opensOn,
          closesOn: input.closesOn,
          updatedAt: new Date(),
        })
        .where(eq(consultations.id, id))
        .returning();
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
      const [c] = await tx
        .update(consultations)
        .set({ stage, resultsSummary: resultsSummary ?? before.resultsSummary, updatedAt: new Date() })
        .where(eq(consultations.id, id))
        .returning();
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
  async function publishConsultation(actor: Actor, id: string, today = ukDate(new Date())) {
    return database.transaction(async (tx) => {
      const before = await mustConsultation(tx, id);
      if (before.stage !== 'draft') throw new RuleError('This consultation has already been published');
      const stage = publishedStage(before.opensOn, today);
      const [c] = await tx.update(consultations).set({ stage, updatedAt: new Date() }).where(eq(consultations.id, id)).returning();
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
      await tx.update(consultations).set({ resultsSummary, updatedAt: new Date() }).where(eq(consultations.id, id));
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
      const [c] = await tx
        .update(consultations)
        .set({ closesOn, originalClosesOn: before.originalClosesOn ?? before.closesOn, extensionReason: reason, updatedAt: new Date() })
        .where(eq(consultations.id, id))
        .returning();
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
      const [m] = await tx
        .insert(methods)
        .values({ ...input, consultationId, position: existing.length + 1 })
        .returning();
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
      const gone = await tx
        .delete(methods)
        .where(and(eq(methods.id, methodId), eq(methods.consultationId, consultationId)))
        .returning();
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

  // ---- the public pages' copies of consultations (ADR 0012) ----
  // Every request of a survey needs the consultation, its methods and surveys: a copy is kept per
  // reference for at most KEPT_MS (the revision is the current KEPT_MS period) and forgotten at once
  // when this service changes any of them. Another process's change shows on the pages within
  // KEPT_MS; a response is stored only if the survey and consultation are still as the copy had
  // them (submit's `checkedAgainst`). A reference with no consultation is not kept.
  const copies = revisionCache(async () => String(Math.floor(Date.now() / KEPT_MS)), { maxEntries: 200 });
  const forgetKept = () => copies.invalidate();
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
  /** Runs a change to consultations, methods or surveys, then forgets the kept copies. */
  function changes<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
    return async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } finally {
        forgetKept();
      }
    };
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

  async function planOf(c: Consultation): Promise<PlanRef | undefined> {
    if (!c.planReference || !deps.plans) return undefined;
    return deps.plans.getTreeByReference(c.planReference);
  }

  // ---- surveys ----
  async function createSurvey(actor: Actor, consultationId: string, title: string, definition?: SurveyDefinition): Promise<Survey> {
    const def = surveyDefinitionSchema.parse(definition ?? { intro: '', privacyNotice: '', sections: [] });
    return database.transaction(async (tx) => {
      const c = await mustConsultation(tx, consultationId);
      const existing = await repo.surveysOf(tx, consultationId);
      if (existing.some((s) => s.status === 'draft')) throw new RuleError('This consultation already has a draft survey');
      const [s] = await tx
        .insert(surveys)
        .values({ consultationId, title, definition: def, version: (existing[0]?.version ?? 0) + 1 })
        .returning();
      await recordAudit(tx, actor, { action: 'survey.create', entityType: 'survey', entityId: s.id, summary: `Created the survey ${title} for ${c.title}` });
      return s;
    });
  }

  /**
   * Changes a survey's definition in one transaction, read and written there (so two editors
   * cannot lose each other's change). A draft takes any valid definition; a published survey with
   * responses takes only changes that keep its responses meaningful (see breakingChanges), else
   * the change needs a new version.
   */
  async function changeDefinition(
    actor: Actor,
    surveyId: string,
    change: (def: SurveyDefinition) => SurveyDefinition,
    audit: { action: string; summary: string },
  ) {
    return database.transaction(async (tx) => {
      const s = await mustSurvey(tx, surveyId);
      if (s.status === 'closed') throw new RuleError('A closed survey cannot be changed');
      const parsed = surveyDefinitionSchema.safeParse(change(structuredClone(s.definition)));
      if (!parsed.success) throw new RuleError(parsed.error.issues.map((i) => i.message).join('; '));
      if (s.status === 'published' && (await repo.responseCount(tx, surveyId)) > 0) {
        const problems = breakingChanges(s.definition, parsed.data);
        if (problems.length) {
          throw new RuleError(
            `This survey has responses, so this change needs a new version: ${problems.join('; ')}. Start a new version of the survey, make the change there and publish it.`,
          );
        }
      }
      await tx.update(surveys).set({ definition: parsed.data }).where(eq(surveys.id, surveyId));
      await recordAudit(tx, actor, {
        action: audit.action,
        entityType: 'survey',
        entityId: surveyId,
        summary: `${s.title}: ${audit.summary}`,
        before: s.definition,
        after: parsed.data,
      });
      return parsed.data;
    });
  }

  /** Saves a changed definition (see changeDefinition for the rules). */
  async function saveDefinition(actor: Actor, surveyId: string, next: SurveyDefinition, summary: string) {
    await changeDefinition(actor, surveyId, () => next, { action: 'survey.edit', summary });
  }

  /**
   * Changes a question in place (its id stays, so stored answers still match it), or moves it to
   * the end of another page. A published survey with responses refuses a breaking change.
   */
  async function editQuestion(actor: Actor, surveyId: string, questionId: string, input: QuestionInput & { sectionId: string }) {
    return changeDefinition(
      actor,
      surveyId,
      (def) => {
        const previous = findQuestion(def, questionId);
        if (!previous) throw notFound('No such question');
        const next = replaceQuestion(def, questionId, questionFromInput(input, previous), input.sectionId);
        if (!next) throw new FieldRuleError('sectionId', 'Choose a page of this survey');
        return next;
      },
      { action: 'survey.question.edit', summary: `changed the question ${questionId} (${input.label})` },
    );
  }

  /** Moves a question one place up or down its page. */
  async function moveQuestion(actor: Actor, surveyId: string, questionId: string, direction: Direction) {
    return changeDefinition(
      actor,
      surveyId,
      (def) => {
        const r = movedQuestion(def, questionId, direction);
        if (r.ok) return r.definition;
        if (r.reason === 'not-found') throw notFound('No such question');
        const label = findQuestion(def, questionId)?.label ?? questionId;
        throw new RuleError(`“${label}” is already the ${direction === 'up' ? 'first' : 'last'} question on its page`);
      },
      { action: 'survey.question.move', summary: `moved the question ${questionId} ${direction}` },
    );
  }

  /** Moves a page one place up or down the survey. */
  async function moveSection(actor: Actor, surveyId: string, sectionId: string, direction: Direction) {
    return changeDefinition(
      actor,
      surveyId,
      (def) => {
        const r = movedSection(def, sectionId, direction);
        if (r.ok) return r.definition;
        if (r.reason === 'not-found') throw notFound('No such page');
        const title = def.sections.find((x) => x.id === sectionId)?.title ?? sectionId;
        throw new RuleError(`The page “${title}” is already the ${direction === 'up' ? 'first' : 'last'}`);
      },
      { action: 'survey.section.move', summary: `moved the page ${sectionId} ${direction}` },
    );
  }

  async function publishSurvey(actor: Actor, surveyId: string) {
    await database.transaction(async (tx) => {
      const s = await mustSurvey(tx, surveyId);
      if (s.status !== 'draft') throw new RuleError('Only a draft survey can be published');
      if (!allQuestions(s.definition).length) throw new RuleError('Add at least one question before publishing');
      await tx
        .update(surveys)
        .set({ status: 'closed' })
        .where(and(eq(surveys.consultationId, s.consultationId), eq(surveys.status, 'published')));
      await tx.update(surveys).set({ status: 'published', publishedAt: new Date() }).where(eq(surveys.id, surveyId));
      await recordAudit(tx, actor, {
        action: 'survey.publish',
        entityType: 'survey',
        entityId: surveyId,
        summary: `Published ${s.title} (version ${s.version})`,
      });
    });
  }

  async function newVersion(actor: Actor, surveyId: string): Promise<Survey> {
    return database.transaction(async (tx) => {
      const s = await mustSurvey(tx, surveyId);
      const all = await repo.surveysOf(tx, s.consultationId);
      if (all.some((x) => x.status === 'draft')) throw new RuleError('There is already a draft version of this survey');
      const [n] = await tx
        .insert(surveys)
        .values({ consultationId: s.consultationId, title: s.title, definition: s.definition, version: all[0].version + 1, previousVersionId: s.id })
        .returning();
      await recordAudit(tx, actor, { action: 'survey.version', entityType: 'survey', entityId: n.id, summary: `Started version ${n.version} of ${s.title}` });
      return n;
    });
  }

  async function surveyWithConsultation(surveyId: string) {
    const s = await repo.survey(db, surveyId);
    if (!s) return undefined;
    const c = await repo.consultation(db, s.consultationId);
    return { survey: s, consultation: c!, responseCount: await repo.responseCount(db, s.id) };
  }

  /** All versions of a consultation's survey: analysis spans them (questions are kept compatible). */
  async function surveyFamily(surveyId: string) {
    const s = await mustSurvey(db, surveyId);
    const all = await repo.surveysOf(db, s.consultationId);
    return { survey: s, versions: all };
  }

  // ---- responses ----
  async function validateComplete(def: SurveyDefinition, answers: Answers) {
    const missing = missingRequired(def, answers);
    if (missing.length) throw new RuleError(`Unanswered required questions: ${missing.map((m) => m.question.label).join('; ')}`);
  }

  function areaOf(def: SurveyDefinition, answers: Answers): string | null {
    const q = allQuestions(def).find((x) => x.type === 'area' && x.areaLevel !== 'postcode') ?? allQuestions(def).find((x) => x.type === 'area');
    const v = q ? answers[q.id] : undefined;
    return typeof v === 'string' && v !== 'Prefer not to say' ? v : null;
  }

  /**
   * Stores a response in one transaction (with its audit row, and an update e-mail kept apart
   * with no link to it) and only then returns the reference to acknowledge.
   */
  async function submit(
    actor: Actor,
    surveyId: string,
    rawAnswers: Answers,
    opts: {
      channel?: Channel;
      email?: string | null;
      synthetic?: boolean;
      sourceKey?: string | null;
      submittedAt?: Date;
      /**
       * The public pages' copy of the consultation the caller checked the response against (its
       * stage, its live survey): the response is stored only if neither has changed since, else
       * SurveyChanged is thrown and the copy is forgotten. Without it the survey is read now.
       */
      checkedAgainst?: PublicConsultation;
    } = {},
  ): Promise<{ reference: string; id: string }> {
    const checked = opts.checkedAgainst;
    if (checked && (checked.liveSurvey?.id !== surveyId || !checked.revisions)) {
      forgetKept();
      throw new SurveyChanged();
    }
    const s = checked?.liveSurvey ?? (await mustSurvey(db, surveyId));
    if (s.status !== 'published' && (opts.channel ?? 'online') === 'online') throw new RuleError('This survey is not open for responses');
    const answers = pruneHidden(s.definition, rawAnswers);
    await validateComplete(s.definition, answers);
    const channel = opts.channel ?? 'online';
    const id = randomUUID();
    const reference = newReference();
    // One statement: the response, its audit row and the e-mail commit together or not at all.
    const stored = await database.transaction(async (tx) => {
      const row = await repo.storeResponse(tx, {
        response: {
          id,
          surveyId,
          reference,
          channel,
          answers,
          areaCode: areaOf(s.definition, answers),
          synthetic: opts.synthetic ?? false,
          sourceKey: opts.sourceKey ?? null,
          enteredBy: actor.id ? actor.label : null,
          submittedAt: opts.submittedAt ?? new Date(),
        },
        // Kept apart, with no link to the response.
        contact: opts.email ? { consultationId: s.consultationId, email: opts.email.toLowerCase() } : undefined,
        audit: auditRow(actor, {
          action: 'response.create',
          entityType: 'response',
          entityId: id,
          summary: `Response ${reference} received (${channel})${opts.synthetic ? ', synthetic' : ''}`,
        }),
        unchanged: checked?.revisions ?? undefined,
      });
      // The acknowledgement commits with the response, or neither does.
      if (row && opts.email && channel === 'online')
        await noticeResponseReceived(deps.notify, tx, opts.email, await mustConsultation(tx, s.consultationId), reference);
      return row;
    });
    if (!stored) {
      forgetKept();
      throw new SurveyChanged();
    }
    return { reference, id };
  }

  /**
   * Imports offline responses from CSV: a column per question id (multiple choice and ranks as
   * values separated by ";", ranks in order of preference), optional `channel` and a
   * `source_ref` that makes a re-import update instead of duplicating. All or nothing.
   */
  async function importCsv(actor: Actor, surveyId: string, csv: string, defaultChannel: Channel) {
    const s = await mustSurvey(db, surveyId);
    const def = s.definition;
    const { optionsFor } = await areaHelpers();
    let records: { record: Record<string, string>; info: { lines: number } }[];
    try {
      records = parseCsv(csv, { columns: true, skip_empty_lines: true, bom: true, trim: true, info: true }) as never;
    } catch (e) {
      const err = e as { lines?: number; message: string };
      throw new CsvImportInvalid([{ line: err.lines ?? 1, column: '', message: err.message }]);
    }
    const errors: { line: number; column: string; message: string }[] = [];
    const header = csv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/, 1)[0]
      .split(',')
      .map((h) => h.trim().replace(/^"|"$/g, ''));
    const known = new Set(['source_ref', 'channel', ...allQuestions(def).map((q) => q.id)]);
    for (const h of header) if (!known.has(h)) errors.push({ line: 1, column: h, message: `Unknown column ${h}: use the question ids of the survey` });
    if (!header.includes('source_ref'))
      errors.push({ line: 1, column: 'source_ref', message: 'Add a source_ref column (the paper form or session number), so a re-import never duplicates' });
    const rows: { answers: Answers; channel: Channel; sourceKey: string; line: number }[] = [];
    const seenKeys = new Set<string>();
    if (!errors.length) {
      for (const { record, info } of records) {
        const line = info.lines;
        const body: Record<string, unknown> = {};
        for (const q of allQuestions(def)) {
          const v = record[q.id] ?? '';
          if (q.type === 'multiple')
            body[q.id] = v
              ? v
                  .split(';')
                  .map((x) => x.trim())
                  .filter(Boolean)
              : [];
          else if (q.type === 'rank') {
            const order = v
              ? v
                  .split(';')
                  .map((x) => x.trim())
                  .filter(Boolean)
              : [];
            optionsOf(q).forEach((o, i) => {
              const at = order.indexOf(o.value);
              if (at >= 0) body[`${q.id}__${i}`] = String(at + 1);
            });
            const unknown = order.filter((x) => !optionsOf(q).some((o) => o.value === x));
            if (unknown.length) errors.push({ line, column: q.id, message: `Unknown option ${unknown[0]}` });
          } else body[q.id] = v;
        }
        let answers: Answers = {};
        for (const section of def.sections) {
          const r = parseSectionAnswers(section, body, answers, optionsFor);
          answers = { ...answers, ...r.answers };
          for (const e of r.errors) errors.push({ line, column: e.field.replace(/__\d+$/, ''), message: e.message });
        }
        const channel = (record.channel || defaultChannel) as Channel;
        if (!(CHANNELS as readonly string[]).includes(channel))
          errors.push({ line, column: 'channel', message: `Channel must be one of ${CHANNELS.join(', ')}` });
        const sourceKey = (record.source_ref ?? '').trim();
        if (!sourceKey) errors.push({ line, column: 'source_ref', message: 'Enter a source reference' });
        else if (seenKeys.has(sourceKey)) errors.push({ line, column: 'source_ref', message: `The source reference ${sourceKey} is used twice in the file` });
        seenKeys.add(sourceKey);
        rows.push({ answers, channel, sourceKey, line });
      }
      if (!records.length) errors.push({ line: 2, column: '', message: 'The file has no responses' });
    }
    if (errors.length) throw new CsvImportInvalid(errors);
    return database.transaction(async (tx) => {
      let created = 0;
      let updated = 0;
      for (const r of rows) {
        const [existing] = await tx
          .select({ id: responses.id })
          .from(responses)
          .where(and(eq(responses.surveyId, surveyId), eq(responses.sourceKey, r.sourceKey)));
        if (existing) {
          await tx
            .update(responses)
            .set({ answers: r.answers, channel: r.channel, areaCode: areaOf(def, r.answers), enteredBy: actor.label })
            .where(eq(responses.id, existing.id));
          updated++;
        } else {
          await tx.insert(responses).values({
            surveyId,
            reference: newReference(),
            channel: r.channel,
            answers: r.answers,
            areaCode: areaOf(def, r.answers),
            sourceKey: r.sourceKey,
            enteredBy: actor.label,
          });
          created++;
        }
      }
      await recordAudit(tx, actor, {
        action: 'response.import',
        entityType: 'survey',
        entityId: surveyId,
        summary: `Imported offline responses to ${s.title}: ${created} new, ${updated} updated`,
      });
      return { created, updated };
    });
  }

  /** Generated demo responses, labelled synthetic, in one transaction with one audit row. */
  async function addSynthetic(actor: Actor, surveyId: string, rows: { answers: Answers; channel: Channel; submittedAt: Date }[]) {
    const s = await mustSurvey(db, surveyId);
    return database.transaction(async (tx) => {
      const out: { index: number; id: string; reference: string }[] = [];
      for (let i = 0; i < rows.length; i += 200) {
        const batch = rows.slice(i, i + 200).map((r) => {
          const answers = pruneHidden(s.definition, r.answers);
          return {
            surveyId,
            reference: newReference(),
            channel: r.channel,
            answers,
            areaCode: areaOf(s.definition, answers),
            synthetic: true,
            submittedAt: r.submittedAt,
          };
        });
        const ids = await tx.insert(responses).values(batch).returning({ id: responses.id, reference: responses.reference });
        ids.forEach((x, j) => out.push({ index: i + j, ...x }));
      }
      await recordAudit(tx, actor, {
        action: 'response.synthetic',
        entityType: 'survey',
        entityId: surveyId,
        summary: `Generated ${rows.length} synthetic responses for ${s.title}`,
      });
      return out;
    });
  }

  async function responsesOfFamily(surveyId: string) {
    const { versions } = await surveyFamily(surveyId);
    return repo.responsesOf(
      db,
      versions.map((v) => v.id),
    );
  }

  async function responseDetail(id: string) {
    const r = await repo.response(db, id);
    if (!r) return undefined;
    const s = await repo.survey(db, r.surveyId);
    const [cs, ns] = await Promise.all([repo.codesOfResponses(db, [id]), repo.notesOfResponses(db, [id])]);
    const ts = await repo.themesOf(db, s!.consultationId);
    return { response: r, survey: s!, codes: cs, notes: ns, themes: ts };
  }

  // ---- analysis ----
  async function analysisData(surveyId: string) {
    const s = await mustSurvey(db, surveyId);
    const rows = await responsesOfFamily(surveyId);
    const helpers = await areaHelpers();
    const analysed: AnalysedResponse[] = rows.map((r) => ({ id: r.id, channel: r.channel, areaCode: r.areaCode, answers: r.answers as Answers }));
    let populations: { code: string; name: string; population: number | null }[] = [];
    if (deps.geography) {
      const level = allQuestions(s.definition).find((q) => q.type === 'area')?.areaLevel === 'ward' ? helpers.lists.ward : helpers.lists.lad;
      try {
        populations = await Promise.all(
          level.map(async (a) => ({ code: a.code, name: a.name, population: populationOf(await deps.geography!.population(a.code)) })),
        );
      } catch {
        populations = [];
      }
    }
    return { survey: s, rows: analysed, raw: rows, areaName: helpers.areaName, areas: helpers.lists, populations };
  }

  // ---- codebook and coding ----
  async function addTheme(actor: Actor, consultationId: string, input: { label: string; description: string; parentId?: string | null }) {
    return database.transaction(async (tx) => {
      const c = await mustConsultation(tx, consultationId);
      const existing = await repo.themesOf(tx, consultationId);
      if (existing.some((t) => t.label.toLowerCase() === input.label.toLowerCase()))
        throw new RuleError(`The codebook already has a theme called ${input.label}`);
      if (input.parentId) {
        const parent = existing.find((t) => t.id === input.parentId);
        if (!parent) throw new RuleError('Choose a theme of this codebook as the parent');
        if (parent.parentId) throw new RuleError('A sub-theme cannot have sub-themes');
      }
      const [t] = await tx
        .insert(themes)
        .values({ consultationId, label: input.label, description: input.description, parentId: input.parentId ?? null, position: existing.length + 1 })
        .returning();
      await recordAudit(tx, actor, {
        action: 'theme.create',
        entityType: 'theme',
        entityId: t.id,
        summary: `Added the theme ${t.label} to the codebook of ${c.title}`,
      });
      return t;
    });
  }

  /** "You said, we did": the response sentence and the priorities and commitments a theme informed. */
  async function linkTheme(actor: Actor, themeId: string, input: { response: string; priorityIds: string[]; commitmentIds: string[] }) {
    // The plan is read first: another module's reads must not run inside this transaction.
    const t0 = await repo.theme(db, themeId);
    if (!t0) throw notFound();
    const plan = await planOf(await mustConsultation(db, t0.consultationId));
    await database.transaction(async (tx) => {
      const t = await repo.theme(tx, themeId);
      if (!t) throw notFound();
      const validP = new Set(plan?.priorities.map((p) => p.id) ?? []);
      const validC = new Set(plan?.priorities.flatMap((p) => p.commitments.map((x) => x.id)) ?? []);
      if (input.priorityIds.some((id) => !validP.has(id)) || input.commitmentIds.some((id) => !validC.has(id))) {
        throw new RuleError('Choose priorities and commitments of the plan this consultation informs');
      }
      await tx.update(themes).set(input).where(eq(themes.id, themeId));
      await recordAudit(tx, actor, {
        action: 'theme.link',
        entityType: 'theme',
        entityId: themeId,
        summary: `Linked the theme ${t.label} to what was done`,
        before: { response: t.response, priorityIds: t.priorityIds, commitmentIds: t.commitmentIds },
        after: input,
      });
    });
  }

  /** Sets the codes of one free-text answer (replacing its previous ones) and the analyst's note. */
  async function codeAnswer(actor: Actor, responseId: string, questionId: string, themeIds: string[], note: string) {
    await database.transaction(async (tx) => {
      const r = await repo.response(tx, responseId);
      if (!r) throw notFound();
      const s = await mustSurvey(tx, r.surveyId);
      const q = allQuestions(s.definition).find((x) => x.id === questionId);
      if (!q || q.type !== 'text') throw new RuleError('Only free-text answers are coded');
      const valid = new Set((await repo.themesOf(tx, s.consultationId)).map((t) => t.id));
      if (themeIds.some((t) => !valid.has(t))) throw new RuleError('Choose themes from this consultation’s codebook');
      const before = await tx
        .select()
        .from(codes)
        .where(and(eq(codes.responseId, responseId), eq(codes.questionId, questionId)));
      await tx.delete(codes).where(and(eq(codes.responseId, responseId), eq(codes.questionId, questionId)));
      const keep = new Map(before.map((b) => [b.themeId, b]));
      if (themeIds.length) {
        await tx.insert(codes).values(
          [...new Set(themeIds)].map((themeId) => ({
            responseId,
            questionId,
            themeId,
            // Who coded what: a code kept from before keeps its coder.
            codedBy: keep.get(themeId)?.codedBy ?? actor.label,
            codedAt: keep.get(themeId)?.codedAt ?? new Date(),
          })),
        );
      }
      await tx.delete(codingNotes).where(and(eq(codingNotes.responseId, responseId), eq(codingNotes.questionId, questionId)));
      if (note) await tx.insert(codingNotes).values({ responseId, questionId, note, author: actor.label });
      await recordAudit(tx, actor, {
        action: 'response.code',
        entityType: 'response',
        entityId: responseId,
        summary: `Coded the answer to ${questionId} of ${r.reference}`,
        before: before.map((b) => b.themeId),
        after: themeIds,
      });
    });
  }

  /** Free-text answers to one question, with their codes, notes and suggested codes. */
  async function codingQueue(surveyId: string, questionId: string) {
    const s = await mustSurvey(db, surveyId);
    const q = allQuestions(s.definition).find((x) => x.id === questionId && x.type === 'text');
    if (!q) throw notFound('No such free-text question');
    const rows = (await responsesOfFamily(surveyId)).filter((r) => typeof (r.answers as Answers)[questionId] === 'string');
    const ids = rows.map((r) => r.id);
    const [cs, ns, ts] = await Promise.all([repo.codesOfResponses(db, ids), repo.notesOfResponses(db, ids), repo.themesOf(db, s.consultationId)]);
    const codesBy = new Map<string, typeof cs>();
    for (const c of cs.filter((x) => x.questionId === questionId)) codesBy.set(c.responseId, [...(codesBy.get(c.responseId) ?? []), c]);
    const notesBy = new Map(ns.filter((n) => n.questionId === questionId).map((n) => [n.responseId, n]));
    const coded = rows.filter((r) => codesBy.has(r.id));
    const suggester = trainSuggester(coded.map((r) => ({ text: String((r.answers as Answers)[questionId]), codes: codesBy.get(r.id)!.map((c) => c.themeId) })));
    const items = rows.map((r) => {
      const text = String((r.answers as Answers)[questionId]);
      const rc = codesBy.get(r.id) ?? [];
      const suggestions: Suggestion[] = !rc.length && suggester ? suggester.suggest(text, 3) : [];
      return { response: r, text, codes: rc, note: notesBy.get(r.id) ?? null, suggestions };
    });
    return { survey: s, question: q, themes: ts, items, codedCount: coded.length, canSuggest: !!suggester };
  }

  /** Theme counts overall, by area and by any demographic question, for one survey family. */
  async function themeCounts(surveyId: string) {
    const s = await mustSurvey(db, surveyId);
    const rows = await responsesOfFamily(surveyId);
    const cs = await repo.codesOfResponses(
      db,
      rows.map((r) => r.id),
    );
    const ts = await repo.themesOf(db, s.consultationId);
    const byResponse = new Map(rows.map((r) => [r.id, r]));
    const perTheme = new Map<string, Set<string>>();
    for (const c of cs) {
      const set = perTheme.get(c.themeId) ?? new Set();
      set.add(c.responseId);
      perTheme.set(c.themeId, set);
      // A sub-theme counts towards its theme too.
      const t = ts.find((x) => x.id === c.themeId);
      if (t?.parentId) {
        const ps = perTheme.get(t.parentId) ?? new Set();
        ps.add(c.responseId);
        perTheme.set(t.parentId, ps);
      }
    }
    return { themes: ts, perTheme, byResponse, codedResponses: new Set(cs.map((c) => c.responseId)).size };
  }

  // ---- quotations and "you said, we did" ----
  async function addQuotation(actor: Actor, consultationId: string, input: { text: string; responseId?: string | null; themeId?: string | null }) {
    return database.transaction(async (tx) => {
      const c = await mustConsultation(tx, consultationId);
      const [q] = await tx
        .insert(quotations)
        .values({ consultationId, text: input.text, responseId: input.responseId ?? null, themeId: input.themeId ?? null })
        .returning();
      await recordAudit(tx, actor, { action: 'quotation.create', entityType: 'quotation', entityId: q.id, summary: `Proposed a quotation for ${c.title}` });
      return q;
    });
  }

  async function setQuotationPublished(actor: Actor, id: string, published: boolean) {
    return database.transaction(async (tx) => {
      const q = await repo.quotation(tx, id);
      if (!q) throw notFound();
      await tx
        .update(quotations)
        .set({ published, publishedBy: published ? actor.label : null })
        .where(eq(quotations.id, id));
      await recordAudit(tx, actor, {
        action: published ? 'quotation.publish' : 'quotation.withdraw',
        entityType: 'quotation',
        entityId: id,
        summary: `${published ? 'Published' : 'Withdrew'} a quotation`,
      });
      return q;
    });
  }

  /**
   * The public results of a consultation: responses by channel, each theme with how many raised
   * it, what was done (priorities, commitments, delivery actions) and published quotations only.
   */
  async function youSaidWeDid(consultationId: string) {
    const c = await mustConsultation(db, consultationId);
    const ss = await repo.surveysOf(db, c.id);
    const rows = await repo.responsesOf(
      db,
      ss.map((s) => s.id),
    );
    const cs = await repo.codesOfResponses(
      db,
      rows.map((r) => r.id),
    );
    const ts = await repo.themesOf(db, c.id);
    const plan = await planOf(c);
    const priorityById = new Map(plan?.priorities.map((p) => [p.id, p]) ?? []);
    const commitmentById = new Map(plan?.priorities.flatMap((p) => p.commitments.map((x) => [x.id, x] as const)) ?? []);
    const count = (themeId: string) => {
      const ids = new Set(ts.filter((t) => t.id === themeId || t.parentId === themeId).map((t) => t.id));
      return new Set(cs.filter((x) => ids.has(x.themeId)).map((x) => x.responseId)).size;
    };
    const actionsFor = async (t: (typeof ts)[number]): Promise<PublicAction[]> => {
      if (!deps.actions) return [];
      const lists = await Promise.all([
        ...t.priorityIds.map((priorityId) => deps.actions!.listPublicActions({ priorityId })),
        ...t.commitmentIds.map((commitmentId) => deps.actions!.listPublicActions({ commitmentId })),
      ]);
      const seen = new Map<string, PublicAction>();
      for (const a of lists.flat()) seen.set(a.id, a);
      return [...seen.values()];
    };
    const quotes = (await repo.quotationsOf(db, c.id)).filter((q) => q.published);
    const topThemes = ts.filter((t) => !t.parentId);
    const themeRows = await Promise.all(
      topThemes.map(async (t) => ({
        id: t.id,
        label: t.label,
        description: t.description,
        count: count(t.id),
        response: t.response,
        subThemes: ts.filter((x) => x.parentId === t.id).map((x) => ({ label: x.label, count: count(x.id) })),
        priorities: t.priorityIds.map((id) => priorityById.get(id)).filter((p): p is NonNullable<typeof p> => !!p),
        commitments: t.commitmentIds.map((id) => commitmentById.get(id)).filter((p): p is NonNullable<typeof p> => !!p),
        actions: await actionsFor(t),
        quotations: quotes.filter((q) => q.themeId === t.id).map((q) => q.text),
      })),
    );
    themeRows.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    const byChannel = new Map<string, number>();
    for (const r of rows) byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + 1);
    return {
      consultation: c,
      plan: plan ? { reference: plan.reference, title: plan.title, priorityLabel: plan.priorityLabel ?? 'Priority' } : null,
      total: rows.length,
      synthetic: rows.filter((r) => r.synthetic).length,
      byChannel: [...byChannel.entries()].sort((a, b) => b[1] - a[1]),
      codedResponses: new Set(cs.map((x) => x.responseId)).size,
      themes: themeRows,
      otherQuotations: quotes.filter((q) => !q.themeId || !topThemes.some((t) => t.id === q.themeId)).map((q) => q.text),
    };
  }

  // ---- engagement log ----
  async function addLogEntry(actor: Actor, input: LogInput) {
    return database.transaction(async (tx) => {
      const [e] = await tx
        .insert(logEntries)
        .values({ ...input, createdBy: actor.label })
        .returning();
      await recordAudit(tx, actor, { action: 'log.create', entityType: 'engagement-log', entityId: e.id, summary: `Logged ${e.title} on ${e.heldOn}` });
      return e;
    });
  }

  async function logOfYear(year: number) {
    return repo.log(db, `${year}-01-01`, `${year}-12-31`);
  }

  /** Wards visited in a year against all the wards of the force (when geography knows them). */
  async function wardCoverage(year: number) {
    const entries = await logOfYear(year);
    const { lists } = await areaHelpers();
    const visits = new Map<string, number>();
    for (const e of entries) {
      const key = e.wardCode ?? (e.wardName ? `name:${e.wardName}` : null);
      if (key) visits.set(key, (visits.get(key) ?? 0) + 1);
    }
    let maps: {
      ladCode: string;
      ladName: string;
      features: NonNullable<Awaited<ReturnType<NonNullable<EngagementDeps['geography']>['boundaries']>>>['features'];
    }[] = [];
    if (deps.geography && lists.ward.length) {
      try {
        maps = (
          await Promise.all(
            lists.lad.map(async (l) => {
              const fc = await deps.geography!.boundaries('ward', l.code);
              return fc?.features?.length ? { ladCode: l.code, ladName: l.name, features: fc.features } : null;
            }),
          )
        ).filter((m): m is NonNullable<typeof m> => !!m);
      } catch {
        maps = [];
      }
    }
    return { entries, visits, lads: lists.lad, wards: lists.ward, maps };
  }

  async function contactCount(consultationId: string) {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(contacts)
      .where(eq(contacts.consultationId, consultationId));
    return r?.n ?? 0;
  }

  async function responsesByReferences(references: string[]) {
    if (!references.length) return [];
    return db.select({ reference: responses.reference }).from(responses).where(inArray(responses.reference, references));
  }

  return {
    deps,
    areaHelpers,
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
    planOf,
    createSurvey: changes(createSurvey),
    saveDefinition: changes(saveDefinition),
    editQuestion: changes(editQuestion),
    moveQuestion: changes(moveQuestion),
    moveSection: changes(moveSection),
    publishSurvey: changes(publishSurvey),
    newVersion: changes(newVersion),
    surveyWithConsultation,
    surveyFamily,
    submit,
    importCsv,
    addSynthetic,
    responsesOfFamily,
    responseDetail,
    responseByReference: (ref: string) => repo.responseByReference(db, ref),
    responsesByReferences,
    analysisData,
    addTheme,
    linkTheme,
    themes: (consultationId: string) => repo.themesOf(db, consultationId),
    theme: (id: string) => repo.theme(db, id),
    codeAnswer,
    codingQueue,
    themeCounts,
    addQuotation,
    setQuotationPublished,
    quotations: (consultationId: string) => repo.quotationsOf(db, consultationId),
    youSaidWeDid,
    addLogEntry,
    logOfYear,
    wardCoverage,
    contactCount,
  };
}

export type EngagementService = ReturnType<typeof createEngagementService>;
