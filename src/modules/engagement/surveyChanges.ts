import { PREFER_NOT_TO_SAY, allQuestions, optionsOf, type Question, type QuestionType, type Section, type SurveyDefinition } from './surveyDefinition.js';

/*
 * Changes the survey builder makes to a definition: moving, replacing and adding questions, the
 * question form's input, the equality monitoring set, and the rule that decides whether a change
 * to a survey with responses needs a new version.
 */

/**
 * Whether a new definition can replace the published one without breaking stored responses:
 * questions may be added (optional ones), wording and hints may change and options may be added;
 * removing a question or an option, changing a type, making a question required, changing when
 * a question is asked (its skip condition) or how many ranks it takes is breaking. So is a new
 * order of the existing questions or pages, or moving a question to another page: the responses
 * already given answered the survey in the order people saw it, and answers given in another
 * order are not comparable (a new version keeps the two apart).
 */
export function breakingChanges(before: SurveyDefinition, after: SurveyDefinition): string[] {
  const problems: string[] = [];
  const next = new Map(allQuestions(after).map((q) => [q.id, q]));
  const old = new Set(allQuestions(before).map((q) => q.id));
  const pageBefore = pageOfQuestions(before);
  const pageAfter = pageOfQuestions(after);
  let moved = false;
  for (const q of allQuestions(before)) {
    const n = next.get(q.id);
    if (!n) {
      problems.push(`“${q.label}” would be removed`);
      continue;
    }
    if (n.type !== q.type) problems.push(`“${q.label}” would change type`);
    const newValues = new Set(optionsOf(n).map((o) => o.value));
    for (const o of optionsOf(q)) if (!newValues.has(o.value)) problems.push(`“${q.label}” would lose the option “${o.label}”`);
    if (n.required && !q.required) problems.push(`“${q.label}” would become required`);
    if (q.type === 'area' && n.areaLevel !== q.areaLevel) problems.push(`“${q.label}” would ask for a different kind of area`);
    if (q.type === 'rank' && n.type === 'rank' && (n.rankCount ?? optionsOf(n).length) !== (q.rankCount ?? optionsOf(q).length)) {
      problems.push(`“${q.label}” would ask for a different number of ranks`);
    }
    if ((q.showIf?.questionId ?? '') !== (n.showIf?.questionId ?? '') || (q.showIf?.equals ?? '') !== (n.showIf?.equals ?? '')) {
      problems.push(`“${q.label}” would change when it is asked`);
    }
    if (pageBefore.get(q.id) !== pageAfter.get(q.id)) {
      moved = true;
      problems.push(`“${q.label}” would move to another page`);
    }
  }
  for (const q of allQuestions(after)) if (!old.has(q.id) && q.required) problems.push(`the new question “${q.label}” is required`);
  const sectionsAfter = new Set(after.sections.map((s) => s.id));
  const sectionsBefore = new Set(before.sections.map((s) => s.id));
  const pagesBefore = before.sections.map((s) => s.id).filter((id) => sectionsAfter.has(id));
  const pagesAfter = after.sections.map((s) => s.id).filter((id) => sectionsBefore.has(id));
  const keptBefore = allQuestions(before)
    .map((q) => q.id)
    .filter((id) => next.has(id));
  const keptAfter = allQuestions(after)
    .map((q) => q.id)
    .filter((id) => old.has(id));
  if (pagesBefore.join() !== pagesAfter.join()) problems.push('the pages would be in a different order');
  else if (!moved && keptBefore.join() !== keptAfter.join()) problems.push('the questions would be asked in a different order');
  return problems;
}

function pageOfQuestions(def: SurveyDefinition): Map<string, string> {
  return new Map(def.sections.flatMap((s) => s.questions.map((q) => [q.id, s.id] as const)));
}

export type Direction = 'up' | 'down';
export type MoveResult = { ok: true; definition: SurveyDefinition } | { ok: false; reason: 'not-found' | 'at-edge' };

/** Swaps an item of a list with its neighbour, in place; false when it is already at that end. */
function swap<T>(list: T[], index: number, direction: Direction): boolean {
  const other = direction === 'up' ? index - 1 : index + 1;
  if (other < 0 || other >= list.length) return false;
  [list[index], list[other]] = [list[other], list[index]];
  return true;
}

/** Moves a question one place up or down within its page (in a copy of the definition). */
export function moveQuestion(def: SurveyDefinition, questionId: string, direction: Direction): MoveResult {
  const si = def.sections.findIndex((s) => s.questions.some((q) => q.id === questionId));
  if (si < 0) return { ok: false, reason: 'not-found' };
  const definition = structuredClone(def);
  const questions = definition.sections[si].questions;
  if (
    !swap(
      questions,
      questions.findIndex((q) => q.id === questionId),
      direction,
    )
  )
    return { ok: false, reason: 'at-edge' };
  return { ok: true, definition };
}

/** Moves a page one place up or down (in a copy of the definition). */
export function moveSection(def: SurveyDefinition, sectionId: string, direction: Direction): MoveResult {
  const si = def.sections.findIndex((s) => s.id === sectionId);
  if (si < 0) return { ok: false, reason: 'not-found' };
  const definition = structuredClone(def);
  if (!swap(definition.sections, si, direction)) return { ok: false, reason: 'at-edge' };
  return { ok: true, definition };
}

/**
 * Replaces a question (keeping its id, so stored answers still match it) where it stands, or at
 * the end of another page when `sectionId` names a different one. Undefined if either is unknown.
 */
export function replaceQuestion(def: SurveyDefinition, questionId: string, question: Omit<Question, 'id'>, sectionId: string): SurveyDefinition | undefined {
  const from = def.sections.findIndex((s) => s.questions.some((q) => q.id === questionId));
  const to = def.sections.findIndex((s) => s.id === sectionId);
  if (from < 0 || to < 0) return undefined;
  const definition = structuredClone(def);
  const q: Question = { ...structuredClone(question), id: questionId };
  const list = definition.sections[from].questions;
  if (from === to) list[list.findIndex((x) => x.id === questionId)] = q;
  else {
    definition.sections[from].questions = list.filter((x) => x.id !== questionId);
    definition.sections[to].questions.push(q);
  }
  return definition;
}

/** What the question form gives (see forms/engagementForms.ts questionForm). */
export interface QuestionInput {
  type: QuestionType;
  label: string;
  hint?: string;
  required: boolean;
  /** One option label on each line. */
  options: string;
  rankCount?: number;
  areaLevel?: 'lad' | 'ward' | 'postcode';
  showIfQuestion?: string;
  showIfValue?: string;
}

/**
 * A question from the builder's form. Given the question it replaces, an option whose label is
 * unchanged keeps its stored value (answers are stored by value), and what the form does not ask
 * (the equality characteristic, number limits, length limit) is kept where it still applies.
 */
export function questionFromInput(input: QuestionInput, previous?: Question): Omit<Question, 'id'> {
  const valueOf = new Map((previous?.options ?? []).map((o) => [o.label, o.value]));
  const seen = new Set<string>();
  const options = input.options
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => {
      if (!l || seen.has(l)) return false;
      seen.add(l);
      return true;
    })
    .map((label) => ({ value: valueOf.get(label) ?? label.slice(0, 200), label }));
  const t = input.type;
  return {
    type: t,
    label: input.label,
    ...(input.hint ? { hint: input.hint } : {}),
    required: input.required,
    ...(['single', 'multiple', 'rank'].includes(t) || (t === 'likert' && options.length) ? { options } : {}),
    ...(t === 'rank' && input.rankCount ? { rankCount: input.rankCount } : {}),
    ...(t === 'number' && previous?.type === 'number' && previous.min !== undefined ? { min: previous.min } : {}),
    ...(t === 'number' && previous?.type === 'number' && previous.max !== undefined ? { max: previous.max } : {}),
    ...(t === 'text' && previous?.type === 'text' && previous.maxLength ? { maxLength: previous.maxLength } : {}),
    ...(t === 'area' ? { areaLevel: input.areaLevel } : {}),
    ...(previous?.demographic ? { demographic: previous.demographic } : {}),
    ...(input.showIfQuestion && input.showIfValue ? { showIf: { questionId: input.showIfQuestion, equals: input.showIfValue } } : {}),
  };
}

/** The builder form's values for an existing question (the inverse of questionFromInput). */
export function questionInputValues(q: Question, sectionId: string): Record<string, string> {
  return {
    sectionId,
    type: q.type,
    label: q.label,
    hint: q.hint ?? '',
    required: q.required ? 'yes' : '',
    options: (q.options ?? []).map((o) => o.label).join('\n'),
    rankCount: q.rankCount ? String(q.rankCount) : '',
    areaLevel: q.areaLevel ?? '',
    showIfQuestion: q.showIf?.questionId ?? '',
    showIfValue: q.showIf?.equals ?? '',
  };
}

/** The standard equality monitoring set, each question optional with "Prefer not to say". */
export function equalityMonitoringSection(): Section {
  const single = (id: string, demographic: string, label: string, values: string[], hint?: string): Question => ({
    id,
    type: 'single',
    label,
    hint,
    required: false,
    demographic,
    options: [...values, PREFER_NOT_TO_SAY].map((v) => ({ value: v, label: v })),
  });
  return {
    id: 'about-you',
    title: 'About you',
    description: 'These questions are optional. We ask them to check that we hear from all parts of the community. Your answers are not linked to your name.',
    questions: [
      single('age', 'age', 'What is your age?', ['Under 18', '18 to 24', '25 to 34', '35 to 44', '45 to 54', '55 to 64', '65 to 74', '75 or over']),
      single('sex', 'sex', 'What is your sex?', ['Female', 'Male']),
      single('gender_same', 'gender-identity', 'Is the gender you identify with the same as your sex registered at birth?', ['Yes', 'No']),
      single('ethnicity', 'ethnicity', 'What is your ethnic group?', [
        'Asian or Asian British',
        'Black, Black British, Caribbean or African',
        'Mixed or multiple ethnic groups',
        'White',
        'Other ethnic group',
      ]),
      single('disability', 'disability', 'Do you have a physical or mental health condition or illness lasting or expected to last 12 months or more?', [
        'Yes',
        'No',
      ]),
      single('religion', 'religion', 'What is your religion?', [
        'No religion',
        'Christian',
        'Buddhist',
        'Hindu',
        'Jewish',
        'Muslim',
        'Sikh',
        'Any other religion',
      ]),
      single('sexual_orientation', 'sexual-orientation', 'Which of the following best describes your sexual orientation?', [
        'Straight or heterosexual',
        'Gay or lesbian',
        'Bisexual',
        'Other sexual orientation',
      ]),
    ],
  };
}
