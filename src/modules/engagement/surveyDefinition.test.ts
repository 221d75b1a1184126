import { describe, expect, it } from 'vitest';
import {
  answerText,
  missingRequired,
  parseSectionAnswers,
  postcodeDistrict,
  pruneHidden,
  surveyDefinitionSchema,
  type Question,
  type Section,
  type SurveyDefinition,
} from './surveyDefinition.js';
import {
  breakingChanges,
  equalityMonitoringSection,
  moveQuestion,
  moveSection,
  questionFromInput,
  questionInputValues,
  replaceQuestion,
} from './surveyChanges.js';

const opts = (...v: string[]) => v.map((x) => ({ value: x, label: x }));
const page: Section = {
  id: 'p1',
  title: 'Page',
  questions: [
    { id: 'colour', type: 'single', label: 'Colour?', required: true, options: opts('Red', 'Blue') },
    { id: 'pets', type: 'multiple', label: 'Pets', required: false, options: opts('Cat', 'Dog', 'Fish') },
    { id: 'rank', type: 'rank', label: 'Rank these', required: true, options: opts('A', 'B', 'C') },
    { id: 'age', type: 'number', label: 'Age', required: false, min: 0, max: 120 },
    { id: 'pc', type: 'area', areaLevel: 'postcode', label: 'Postcode', required: false },
    { id: 'la', type: 'area', areaLevel: 'lad', label: 'Area', required: false },
    { id: 'why', type: 'text', label: 'Why?', required: false, maxLength: 10 },
  ],
};
const areas = () => [{ code: 'E06000001', name: 'Hartlepool' }];

describe('one page of answers', () => {
  it('accepts valid answers, keeps only the postcode district', () => {
    const r = parseSectionAnswers(
      page,
      { colour: 'Red', pets: ['Cat', 'Dog'], rank__0: '2', rank__1: '1', rank__2: '3', age: '42', pc: 'ts1 2ab', la: 'E06000001', why: 'ok' },
      {},
      areas,
    );
    expect(r.errors).toEqual([]);
    expect(r.answers).toEqual({ colour: 'Red', pets: ['Cat', 'Dog'], rank: { A: 2, B: 1, C: 3 }, age: 42, pc: 'TS1', la: 'E06000001', why: 'ok' });
  });
  it('reports each problem by field, in question order', () => {
    const r = parseSectionAnswers(
      page,
      { colour: '', pets: 'Horse', rank__0: '1', rank__1: '1', age: '200', pc: 'nope', la: 'E09999999', why: 'far too long here' },
      {},
      areas,
    );
    expect(r.errors.map((e) => e.field)).toEqual(['colour', 'pets', 'rank__0', 'age', 'pc', 'la', 'why']);
    expect(r.errors[0].message).toBe('Select an answer: Colour?');
    expect(r.errors[2].message).toMatch(/Give each rank only once/);
  });
  it('refuses gaps in ranks and a partial ranking when all are required', () => {
    expect(parseSectionAnswers(page, { colour: 'Red', rank__0: '1', rank__1: '3', rank__2: '' }, {}, areas).errors[0].message).toMatch(/no gaps/);
    expect(parseSectionAnswers(page, { colour: 'Red', rank__0: '1', rank__1: '2' }, {}, areas).errors[0].message).toMatch(/Rank every option/);
  });
});

describe('postcode districts', () => {
  it.each([
    ['TS1 2AB', 'TS1'],
    ['ts10 1xy', 'TS10'],
    ['SW1A 1AA', 'SW1A'],
    ['TS1', 'TS1'],
    ['not a postcode', null],
    ['12345', null],
  ])('%s → %s', (input, expected) => expect(postcodeDistrict(input)).toBe(expected));
});

const def: SurveyDefinition = surveyDefinitionSchema.parse({
  sections: [
    { id: 'a', title: 'A', questions: [{ id: 'victim', type: 'single', label: 'Victim?', required: true, options: opts('Yes', 'No') }] },
    {
      id: 'b',
      title: 'B',
      questions: [
        { id: 'reported', type: 'single', label: 'Reported?', required: true, options: opts('Yes', 'No'), showIf: { questionId: 'victim', equals: 'Yes' } },
      ],
    },
  ],
});

describe('skip conditions', () => {
  it('need not be answered when hidden, and hidden answers are dropped', () => {
    expect(missingRequired(def, { victim: 'No' })).toEqual([]);
    expect(missingRequired(def, { victim: 'Yes' }).map((m) => m.question.id)).toEqual(['reported']);
    expect(pruneHidden(def, { victim: 'No', reported: 'Yes' })).toEqual({ victim: 'No' });
  });
  it('must refer to a question on an earlier page', () => {
    const bad = surveyDefinitionSchema.safeParse({
      sections: [{ id: 'a', title: 'A', questions: [{ id: 'x', type: 'text', label: 'X', required: false, showIf: { questionId: 'y', equals: '1' } }] }],
    });
    expect(bad.success).toBe(false);
  });
});

describe('changes to a survey with responses', () => {
  it('allow rewording, new options and new optional questions', () => {
    const next = structuredClone(def);
    next.sections[0].questions[0].label = 'Were you a victim?';
    next.sections[0].questions[0].options!.push({ value: 'Prefer not to say', label: 'Prefer not to say' });
    next.sections[1].questions.push({ id: 'more', type: 'text', label: 'More', required: false });
    expect(breakingChanges(def, next)).toEqual([]);
  });
  it('refuse removing a question or option, changing a type or making one required', () => {
    const next = structuredClone(def);
    next.sections[0].questions[0].options = opts('Yes');
    next.sections[1].questions = [];
    next.sections[0].questions.push({ id: 'new', type: 'text', label: 'New', required: true });
    const problems = breakingChanges(def, next);
    expect(problems).toHaveLength(3);
    expect(problems.join(' ')).toMatch(/lose the option “No”.*removed.*required/);
  });
});

describe('equality monitoring and answer text', () => {
  it('offers "Prefer not to say" on every optional question', () => {
    const s = equalityMonitoringSection();
    expect(s.questions.length).toBeGreaterThanOrEqual(6);
    for (const q of s.questions) {
      expect(q.required).toBe(false);
      expect(q.options?.at(-1)?.value).toBe('Prefer not to say');
      expect(q.demographic).toBeTruthy();
    }
  });
  it('reads ranks in order and areas by name', () => {
    expect(answerText(page.questions[2], { B: 1, A: 2, C: 3 })).toBe('1. B; 2. A; 3. C');
    expect(answerText(page.questions[5], 'E06000001', (c) => (c === 'E06000001' ? 'Hartlepool' : c))).toBe('Hartlepool');
  });
});

describe('changes that reorder a survey with responses', () => {
  const three: SurveyDefinition = surveyDefinitionSchema.parse({
    sections: [
      {
        id: 'a',
        title: 'A',
        questions: [
          { id: 'victim', type: 'single', label: 'Victim?', required: true, options: opts('Yes', 'No') },
          { id: 'why', type: 'text', label: 'Why?', required: false },
        ],
      },
      {
        id: 'b',
        title: 'B',
        questions: [
          { id: 'reported', type: 'single', label: 'Reported?', required: false, options: opts('Yes', 'No'), showIf: { questionId: 'victim', equals: 'Yes' } },
        ],
      },
      { id: 'c', title: 'C', questions: [{ id: 'order', type: 'rank', label: 'Rank', required: false, options: opts('X', 'Y', 'Z') }] },
    ],
  });
  it('refuse a new order of questions or pages, or a question moved to another page', () => {
    expect(breakingChanges(three, (moveQuestion(three, 'why', 'up') as { definition: SurveyDefinition }).definition)).toEqual([
      'the questions would be asked in a different order',
    ]);
    expect(breakingChanges(three, (moveSection(three, 'c', 'up') as { definition: SurveyDefinition }).definition)).toEqual([
      'the pages would be in a different order',
    ]);
    const moved = replaceQuestion(three, 'why', { type: 'text', label: 'Why?', required: false }, 'c')!;
    expect(breakingChanges(three, moved)).toEqual(['“Why?” would move to another page']);
  });
  it('refuse a changed skip condition or number of ranks, but not new questions at the end of a page', () => {
    const next = structuredClone(three);
    next.sections[1].questions[0].showIf = { questionId: 'victim', equals: 'No' };
    next.sections[2].questions[0].rankCount = 2;
    next.sections[0].questions.push({ id: 'extra', type: 'text', label: 'Extra', required: false });
    expect(breakingChanges(three, next)).toEqual(['“Reported?” would change when it is asked', '“Rank” would ask for a different number of ranks']);
  });
});

describe('reordering', () => {
  const d: SurveyDefinition = surveyDefinitionSchema.parse({
    sections: [
      {
        id: 'a',
        title: 'A',
        questions: [
          { id: 'q1', type: 'text', label: 'One', required: false },
          { id: 'q2', type: 'text', label: 'Two', required: false },
          { id: 'q3', type: 'text', label: 'Three', required: false },
        ],
      },
      { id: 'b', title: 'B', questions: [] },
    ],
  });
  const ids = (x: SurveyDefinition) => x.sections.map((s) => `${s.id}:${s.questions.map((q) => q.id).join(',')}`);
  it('moves a question one place within its page, never off it, and leaves the original alone', () => {
    const r = moveQuestion(d, 'q2', 'up');
    expect(r.ok && ids(r.definition)).toEqual(['a:q2,q1,q3', 'b:']);
    const down = moveQuestion(d, 'q2', 'down');
    expect(down.ok && ids(down.definition)).toEqual(['a:q1,q3,q2', 'b:']);
    expect(moveQuestion(d, 'q1', 'up')).toEqual({ ok: false, reason: 'at-edge' });
    expect(moveQuestion(d, 'q3', 'down')).toEqual({ ok: false, reason: 'at-edge' });
    expect(moveQuestion(d, 'nope', 'up')).toEqual({ ok: false, reason: 'not-found' });
    expect(ids(d)).toEqual(['a:q1,q2,q3', 'b:']);
  });
  it('moves a page one place', () => {
    const r = moveSection(d, 'b', 'up');
    expect(r.ok && ids(r.definition)).toEqual(['b:', 'a:q1,q2,q3']);
    expect(moveSection(d, 'a', 'up')).toEqual({ ok: false, reason: 'at-edge' });
    expect(moveSection(d, 'b', 'down')).toEqual({ ok: false, reason: 'at-edge' });
    expect(moveSection(d, 'z', 'down')).toEqual({ ok: false, reason: 'not-found' });
  });
  it('replaces a question where it stands (keeping its id) or at the end of another page', () => {
    const same = replaceQuestion(d, 'q2', { type: 'number', label: 'Two?', required: true }, 'a')!;
    expect(ids(same)).toEqual(['a:q1,q2,q3', 'b:']);
    expect(same.sections[0].questions[1]).toEqual({ id: 'q2', type: 'number', label: 'Two?', required: true });
    expect(ids(replaceQuestion(d, 'q1', { type: 'text', label: 'One', required: false }, 'b')!)).toEqual(['a:q2,q3', 'b:q1']);
    expect(replaceQuestion(d, 'q1', { type: 'text', label: 'One', required: false }, 'zz')).toBeUndefined();
    expect(replaceQuestion(d, 'zz', { type: 'text', label: 'One', required: false }, 'a')).toBeUndefined();
  });
});

describe('the question form', () => {
  const base = { type: 'single' as const, label: 'Colour?', required: true, options: 'Red\nBlue' };
  it('keeps the stored value of an option whose label is unchanged, and what the form does not ask', () => {
    const previous: Question = {
      id: 'p',
      type: 'single',
      label: 'Priority?',
      required: false,
      demographic: 'age',
      options: [
        { value: 'P1', label: 'Fewer burglaries' },
        { value: 'P2', label: 'Safer roads' },
      ],
    };
    const q = questionFromInput(
      { ...base, label: 'Which priority?', options: 'Fewer burglaries\r\n\r\nSafer roads\nSafer roads\n  Cleaner streets  ' },
      previous,
    );
    expect(q).toEqual({
      type: 'single',
      label: 'Which priority?',
      required: true,
      demographic: 'age',
      options: [
        { value: 'P1', label: 'Fewer burglaries' },
        { value: 'P2', label: 'Safer roads' },
        { value: 'Cleaner streets', label: 'Cleaner streets' },
      ],
    });
  });
  it('drops options, ranks and areas where the type has none; keeps limits only for the same type', () => {
    const likert = questionFromInput({ ...base, type: 'likert', options: '' });
    expect(likert.options).toBeUndefined();
    expect(questionFromInput({ ...base, type: 'text', options: 'a\nb', rankCount: 2 })).toEqual({ type: 'text', label: 'Colour?', required: true });
    expect(questionFromInput({ ...base, type: 'number', options: '' }, { id: 'n', type: 'number', label: 'N', required: false, min: 0, max: 9 })).toMatchObject(
      { min: 0, max: 9 },
    );
    expect(questionFromInput({ ...base, type: 'text', options: '' }, { id: 'n', type: 'number', label: 'N', required: false, min: 0 })).not.toHaveProperty(
      'min',
    );
    expect(questionFromInput({ ...base, type: 'area', areaLevel: 'ward', options: '' })).toEqual({
      type: 'area',
      label: 'Colour?',
      required: true,
      areaLevel: 'ward',
    });
    expect(questionFromInput({ ...base, showIfQuestion: 'x', showIfValue: 'Yes' }).showIf).toEqual({ questionId: 'x', equals: 'Yes' });
  });
  it('gives back the form values of a question, which make the same question again', () => {
    const q: Question = {
      id: 'r',
      type: 'rank',
      label: 'Rank',
      hint: 'Top two',
      required: false,
      rankCount: 2,
      options: opts('A', 'B', 'C'),
      showIf: { questionId: 'x', equals: 'Yes' },
    };
    const v = questionInputValues(q, 'page-1');
    expect(v).toEqual({
      sectionId: 'page-1',
      type: 'rank',
      label: 'Rank',
      hint: 'Top two',
      required: '',
      options: 'A\nB\nC',
      rankCount: '2',
      areaLevel: '',
      showIfQuestion: 'x',
      showIfValue: 'Yes',
    });
    const again = questionFromInput(
      {
        type: 'rank',
        label: v.label,
        hint: v.hint,
        required: v.required === 'yes',
        options: v.options,
        rankCount: Number(v.rankCount),
        showIfQuestion: v.showIfQuestion,
        showIfValue: v.showIfValue,
      },
      q,
    );
    expect({ id: 'r', ...again }).toEqual(q);
  });
});
