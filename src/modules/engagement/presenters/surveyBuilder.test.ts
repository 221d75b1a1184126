import { describe, expect, it } from 'vitest';
import { surveyDefinitionSchema, type SurveyDefinition } from '../surveyDefinition.js';
import { builderSections, questionFormItems } from './surveyBuilder.js';

const opts = (...v: string[]) => v.map((x) => ({ value: x, label: x }));
const def: SurveyDefinition = surveyDefinitionSchema.parse({
  sections: [
    {
      id: 'a',
      title: 'About',
      questions: [
        { id: 'victim', type: 'single', label: 'Victim?', required: true, options: opts('Yes', 'No') },
        { id: 'agree', type: 'likert', label: 'Agree?', required: false },
      ],
    },
    {
      id: 'b',
      title: 'More',
      questions: [
        { id: 'reported', type: 'single', label: 'Reported?', required: false, options: opts('Yes', 'No'), showIf: { questionId: 'victim', equals: 'Yes' } },
      ],
    },
  ],
});
const base = '/admin/engagement/surveys/s1';

describe('the survey builder', () => {
  it('offers to move each page and question only where it can go', () => {
    const [a, b] = builderSections(def, base, { canReorder: true });
    expect([a.canMoveUp, a.canMoveDown, b.canMoveUp, b.canMoveDown]).toEqual([false, true, true, false]);
    expect(a.questions.map((q) => [q.canMoveUp, q.canMoveDown])).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(b.questions[0]).toMatchObject({ canMoveUp: false, canMoveDown: false, condition: 'Only if “Victim?” is “Yes”' });
    expect(a.questions[0]).toMatchObject({
      editHref: `${base}/questions/victim/edit`,
      moveAction: `${base}/questions/victim/move`,
      deleteAction: `${base}/questions/victim/delete`,
      options: 'Yes; No',
      type: 'Single choice',
    });
    expect(a.moveAction).toBe(`${base}/sections/a/move`);
    expect(a.questions[1].options).toBe('');
  });
  it('offers no moves when the survey cannot be reordered', () => {
    const all = builderSections(def, base, { canReorder: false });
    expect(all.flatMap((s) => [s.canMoveUp, s.canMoveDown, ...s.questions.flatMap((q) => [q.canMoveUp, q.canMoveDown])]).every((x) => x === false)).toBe(true);
  });
  it('shapes the question form with what was chosen, never offering a question as its own condition', () => {
    const items = questionFormItems(def, { sectionId: 'b', type: 'single', showIfQuestion: 'victim', areaLevel: 'ward', required: 'yes' }, 'agree');
    expect(items.sectionItems.find((i) => i.selected)?.value).toBe('b');
    expect(items.typeItems.find((i) => i.checked)?.value).toBe('single');
    expect(items.conditionItems.map((i) => i.value)).toEqual(['', 'victim', 'reported']);
    expect(items.conditionItems.find((i) => i.selected)?.value).toBe('victim');
    expect(items.areaLevelItems.find((i) => i.selected)?.value).toBe('ward');
    expect(items.requiredChecked).toBe(true);
    expect(questionFormItems(def, {}).conditionItems.map((i) => i.value)).toEqual(['', 'victim', 'agree', 'reported']);
  });
});
