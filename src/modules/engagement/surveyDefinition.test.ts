import { describe, expect, it } from 'vitest';
import {
  answerText,
  breakingChanges,
  equalityMonitoringSection,
  missingRequired,
  parseSectionAnswers,
  postcodeDistrict,
  pruneHidden,
  surveyDefinitionSchema,
  type Section,
  type SurveyDefinition,
} from './surveyDefinition.js';

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
    const r = parseSectionAnswers(page, { colour: 'Red', pets: ['Cat', 'Dog'], rank__0: '2', rank__1: '1', rank__2: '3', age: '42', pc: 'ts1 2ab', la: 'E06000001', why: 'ok' }, {}, areas);
    expect(r.errors).toEqual([]);
    expect(r.answers).toEqual({ colour: 'Red', pets: ['Cat', 'Dog'], rank: { A: 2, B: 1, C: 3 }, age: 42, pc: 'TS1', la: 'E06000001', why: 'ok' });
  });
  it('reports each problem by field, in question order', () => {
    const r = parseSectionAnswers(page, { colour: '', pets: 'Horse', rank__0: '1', rank__1: '1', age: '200', pc: 'nope', la: 'E09999999', why: 'far too long here' }, {}, areas);
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
    { id: 'b', title: 'B', questions: [{ id: 'reported', type: 'single', label: 'Reported?', required: true, options: opts('Yes', 'No'), showIf: { questionId: 'victim', equals: 'Yes' } }] },
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
