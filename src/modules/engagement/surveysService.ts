import { recordAudit } from '../../platform/audit.js';
import { FieldRuleError, RuleError, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import type { EngagementContext } from './engagementContext.js';
import { engagementRepository as repo, type Survey } from './engagementRepository.js';
import { allQuestions, findQuestion, surveyDefinitionSchema, type SurveyDefinition } from './surveyDefinition.js';
import {
  breakingChanges,
  moveQuestion as movedQuestion,
  moveSection as movedSection,
  questionFromInput,
  replaceQuestion,
  type Direction,
  type QuestionInput,
} from './surveyChanges.js';

/** Surveys: building, versions and publishing (a change keeps the responses already given meaningful). */
export function createSurveysService(ctx: EngagementContext) {
  const { db, database, changes, mustConsultation, mustSurvey } = ctx;

  // ---- surveys ----
  async function createSurvey(actor: Actor, consultationId: string, title: string, definition?: SurveyDefinition): Promise<Survey> {
    const def = surveyDefinitionSchema.parse(definition ?? { intro: '', privacyNotice: '', sections: [] });
    return database.transaction(async (tx) => {
      const c = await mustConsultation(tx, consultationId);
      const existing = await repo.surveysOf(tx, consultationId);
      if (existing.some((s) => s.status === 'draft')) throw new RuleError('This consultation already has a draft survey');
      const s = await repo.insertSurvey(tx, { consultationId, title, definition: def, version: (existing[0]?.version ?? 0) + 1 });
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
      await repo.setSurveyDefinition(tx, surveyId, parsed.data);
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
      await repo.publishSurvey(tx, s.consultationId, surveyId);
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
      const n = await repo.insertSurvey(tx, {
        consultationId: s.consultationId,
        title: s.title,
        definition: s.definition,
        version: all[0].version + 1,
        previousVersionId: s.id,
      });
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

  return {
    createSurvey: changes(createSurvey),
    saveDefinition: changes(saveDefinition),
    editQuestion: changes(editQuestion),
    moveQuestion: changes(moveQuestion),
    moveSection: changes(moveSection),
    publishSurvey: changes(publishSurvey),
    newVersion: changes(newVersion),
    surveyWithConsultation,
    surveyFamily,
  };
}

export type SurveysService = ReturnType<typeof createSurveysService>;
