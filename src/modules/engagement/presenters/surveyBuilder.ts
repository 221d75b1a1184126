import { QUESTION_TYPE_LABELS, allQuestions, type SurveyDefinition } from '../surveyDefinition.js';

/** The question types whose answers a skip condition can test. */
const CONDITION_TYPES = ['single', 'multiple', 'likert'];

/**
 * The survey builder's pages and questions, with the links and buttons of each: change, move up
 * and down (only where there is somewhere to move to, and only when `canReorder`), remove.
 */
export function builderSections(def: SurveyDefinition, base: string, opts: { canReorder: boolean }) {
  const labelOf = new Map(allQuestions(def).map((q) => [q.id, q.label]));
  return def.sections.map((s, si) => ({
    id: s.id,
    number: si + 1,
    title: s.title,
    moveAction: `${base}/sections/${s.id}/move`,
    canMoveUp: opts.canReorder && si > 0,
    canMoveDown: opts.canReorder && si < def.sections.length - 1,
    questions: s.questions.map((q, qi) => ({
      id: q.id,
      label: q.label,
      type: QUESTION_TYPE_LABELS[q.type],
      required: q.required,
      options: (q.options ?? []).map((o) => o.label).join('; '),
      condition: q.showIf ? `Only if “${labelOf.get(q.showIf.questionId) ?? q.showIf.questionId}” is “${q.showIf.equals}”` : '',
      editHref: `${base}/questions/${q.id}/edit`,
      moveAction: `${base}/questions/${q.id}/move`,
      deleteAction: `${base}/questions/${q.id}/delete`,
      canMoveUp: opts.canReorder && qi > 0,
      canMoveDown: opts.canReorder && qi < s.questions.length - 1,
    })),
  }));
}

/**
 * The choices of the question form (add and change): its page, its type, the earlier question a
 * skip condition can test (never the question itself) and the kind of area, with what was chosen.
 */
export function questionFormItems(def: SurveyDefinition, values: Record<string, unknown>, exceptQuestionId?: string) {
  return {
    sectionItems: def.sections.map((s) => ({ value: s.id, text: s.title, selected: values.sectionId === s.id })),
    typeItems: Object.entries(QUESTION_TYPE_LABELS).map(([v, t]) => ({ value: v, text: t, checked: values.type === v })),
    conditionItems: [
      { value: '', text: 'Always show', selected: false },
      ...allQuestions(def)
        .filter((q) => CONDITION_TYPES.includes(q.type) && q.id !== exceptQuestionId)
        .map((q) => ({ value: q.id, text: q.label, selected: values.showIfQuestion === q.id })),
    ],
    areaLevelItems: [
      { value: '', text: 'Not an area question', selected: false },
      { value: 'lad', text: 'Local authority', selected: values.areaLevel === 'lad' },
      { value: 'ward', text: 'Ward', selected: values.areaLevel === 'ward' },
      { value: 'postcode', text: 'Postcode (only the district is kept)', selected: values.areaLevel === 'postcode' },
    ],
    requiredChecked: values.required === 'yes',
  };
}
