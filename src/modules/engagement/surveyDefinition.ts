import { z } from 'zod';

/**
 * A survey is data, not code: sections (one public page each) of questions. This file holds the
 * shape, the answer validation of one page and skip conditions; surveyChanges.ts holds the changes
 * the builder makes and the compatibility rule that decides whether a change needs a new version.
 */
export const QUESTION_TYPES = ['single', 'multiple', 'rank', 'likert', 'text', 'number', 'area'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single: 'Single choice',
  multiple: 'Multiple choice',
  rank: 'Rank the options',
  likert: 'Agreement scale (Likert)',
  text: 'Free text',
  number: 'Number',
  area: 'Area (local authority, ward or postcode district)',
};

export const LIKERT_SCALE = ['Strongly agree', 'Agree', 'Neither agree nor disagree', 'Disagree', 'Strongly disagree'];
export const PREFER_NOT_TO_SAY = 'Prefer not to say';

const optionSchema = z.object({ value: z.string().min(1).max(200), label: z.string().min(1).max(500) });
export type QuestionOption = z.infer<typeof optionSchema>;

export const questionSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Question ids are lower case letters, digits and underscores'),
  type: z.enum(QUESTION_TYPES),
  label: z.string().min(1).max(500),
  hint: z.string().max(1000).optional(),
  required: z.boolean(),
  options: z.array(optionSchema).optional(),
  /** rank: how many to rank (default all). */
  rankCount: z.number().int().positive().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  maxLength: z.number().int().positive().optional(),
  /** area: which areas to offer. */
  areaLevel: z.enum(['lad', 'ward', 'postcode']).optional(),
  /** The equality monitoring characteristic this question records (for cross-tabs). */
  demographic: z.string().max(40).optional(),
  /** Simple skip condition: show only when an earlier question's answer equals (or includes) this value. */
  showIf: z.object({ questionId: z.string(), equals: z.string() }).optional(),
});
export type Question = z.infer<typeof questionSchema>;

export const sectionSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'Section ids are lower case letters, digits and hyphens'),
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  questions: z.array(questionSchema),
});
export type Section = z.infer<typeof sectionSchema>;

export const surveyDefinitionSchema = z
  .object({
    intro: z.string().max(5000).default(''),
    privacyNotice: z.string().max(10000).default(''),
    sections: z.array(sectionSchema),
  })
  .superRefine((def, ctx) => {
    const seen = new Map<string, number>();
    const sectionIds = new Set<string>();
    def.sections.forEach((s, si) => {
      if (sectionIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'id'], message: `Section id ${s.id} is used twice` });
      sectionIds.add(s.id);
      s.questions.forEach((q, qi) => {
        if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'questions', qi, 'id'], message: `Question id ${q.id} is used twice` });
        if (['single', 'multiple', 'rank'].includes(q.type) && !(q.options && q.options.length >= 2)) {
          ctx.addIssue({ code: 'custom', path: ['sections', si, 'questions', qi, 'options'], message: `${q.label}: give at least two options` });
        }
        if (q.showIf) {
          const at = seen.get(q.showIf.questionId);
          if (at === undefined || at >= si) {
            ctx.addIssue({
              code: 'custom',
              path: ['sections', si, 'questions', qi, 'showIf'],
              message: `${q.label}: a skip condition must refer to a question on an earlier page`,
            });
          }
        }
        seen.set(q.id, si);
      });
    });
  });
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

export function allQuestions(def: SurveyDefinition): Question[] {
  return def.sections.flatMap((s) => s.questions);
}

export function findQuestion(def: SurveyDefinition, id: string): Question | undefined {
  return allQuestions(def).find((q) => q.id === id);
}

/** The options a question offers (Likert has its fixed scale). */
export function optionsOf(q: Question): QuestionOption[] {
  if (q.type === 'likert') return q.options?.length ? q.options : LIKERT_SCALE.map((l) => ({ value: l, label: l }));
  return q.options ?? [];
}

export type Answers = Record<string, string | string[] | number | Record<string, number> | null>;

/** Whether a question is shown, given the answers so far (skip conditions). */
export function isShown(q: Question, answers: Answers): boolean {
  if (!q.showIf) return true;
  const a = answers[q.showIf.questionId];
  if (Array.isArray(a)) return a.includes(q.showIf.equals);
  return a !== undefined && a !== null && String(a) === q.showIf.equals;
}

/** UK postcode → its district (outward code), e.g. "TS1 2AB" → "TS1". Null if not a postcode. */
export function postcodeDistrict(input: string): string | null {
  const s = input.toUpperCase().replace(/\s+/g, '');
  const m = s.match(/^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})?$/);
  if (!m) return null;
  // An outward code on its own is accepted too (people may give only "TS1").
  return m[1];
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface AreaOption {
  code: string;
  name: string;
}

/**
 * Validates one page of answers from a form body. Returns the parsed answers of the shown
 * questions and GOV.UK-style errors in question order; `values` keeps what was typed.
 */
export function parseSectionAnswers(
  section: Section,
  body: Record<string, unknown>,
  previous: Answers,
  areaOptions: (q: Question) => AreaOption[],
): { answers: Answers; errors: FieldProblem[] } {
  const answers: Answers = {};
  const errors: FieldProblem[] = [];
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[0] ?? '').trim() : '');
  for (const q of section.questions) {
    if (!isShown(q, previous)) continue;
    const label = q.label.replace(/\?$/, '').toLowerCase();
    const raw = body[q.id];
    switch (q.type) {
      case 'single':
      case 'likert': {
        const v = str(raw);
        if (!v) {
          if (q.required) errors.push({ field: q.id, message: `Select an answer: ${q.label}` });
          break;
        }
        if (!optionsOf(q).some((o) => o.value === v)) errors.push({ field: q.id, message: `Select one of the options: ${q.label}` });
        else answers[q.id] = v;
        break;
      }
      case 'multiple': {
        const list = (Array.isArray(raw) ? raw : raw === undefined || raw === '' ? [] : [raw]).map(String);
        if (list.length === 0) {
          if (q.required) errors.push({ field: q.id, message: `Select at least one answer: ${q.label}` });
          break;
        }
        const valid = new Set(optionsOf(q).map((o) => o.value));
        if (list.some((v) => !valid.has(v))) errors.push({ field: q.id, message: `Select from the options: ${q.label}` });
        else answers[q.id] = [...new Set(list)];
        break;
      }
      case 'rank': {
        const opts = optionsOf(q);
        const need = Math.min(q.rankCount ?? opts.length, opts.length);
        const ranks: Record<string, number> = {};
        let problem: string | null = null;
        opts.forEach((o, i) => {
          const v = str(body[`${q.id}__${i}`]);
          if (!v) return;
          const n = Number(v);
          if (!Number.isInteger(n) || n < 1 || n > need) problem = `Ranks must be whole numbers from 1 to ${need}: ${q.label}`;
          else ranks[o.value] = n;
        });
        const given = Object.values(ranks);
        if (!problem && new Set(given).size !== given.length) problem = `Give each rank only once: ${q.label}`;
        if (!problem && given.length > 0) {
          const sorted = [...given].sort((a, b) => a - b);
          if (sorted.some((n, i) => n !== i + 1)) problem = `Use the ranks in order from 1 with no gaps: ${q.label}`;
        }
        if (!problem && q.required && given.length < need) problem = `Rank ${need === opts.length ? 'every option' : `your top ${need}`}: ${q.label}`;
        if (problem) errors.push({ field: `${q.id}__0`, message: problem });
        else if (given.length) answers[q.id] = ranks;
        break;
      }
      case 'text': {
        const v = typeof raw === 'string' ? raw.trim() : '';
        const max = q.maxLength ?? 5000;
        if (!v) {
          if (q.required) errors.push({ field: q.id, message: `Enter an answer: ${q.label}` });
          break;
        }
        if (v.length > max) errors.push({ field: q.id, message: `Your answer must be ${max} characters or fewer: ${q.label}` });
        else answers[q.id] = v;
        break;
      }
      case 'number': {
        const v = str(raw);
        if (!v) {
          if (q.required) errors.push({ field: q.id, message: `Enter a number: ${q.label}` });
          break;
        }
        const n = Number(v.replace(/,/g, ''));
        if (!Number.isFinite(n)) errors.push({ field: q.id, message: `Enter a number, like 5: ${q.label}` });
        else if (q.min !== undefined && n < q.min) errors.push({ field: q.id, message: `Enter a number ${q.min} or more: ${q.label}` });
        else if (q.max !== undefined && n > q.max) errors.push({ field: q.id, message: `Enter a number ${q.max} or less: ${q.label}` });
        else answers[q.id] = n;
        break;
      }
      case 'area': {
        const v = str(raw);
        if (!v) {
          if (q.required) errors.push({ field: q.id, message: q.areaLevel === 'postcode' ? `Enter your postcode: ${label}` : `Select your area: ${q.label}` });
          break;
        }
        if (q.areaLevel === 'postcode') {
          const d = postcodeDistrict(v);
          if (!d) errors.push({ field: q.id, message: `Enter a real postcode, like TS1 2AB: ${q.label}` });
          else answers[q.id] = d; // only the district is ever kept
        } else if (v === PREFER_NOT_TO_SAY || areaOptions(q).some((o) => o.code === v)) {
          answers[q.id] = v;
        } else errors.push({ field: q.id, message: `Select your area from the list: ${q.label}` });
        break;
      }
    }
  }
  return { answers, errors };
}

/** The form values to re-show a page (answers back to field names). */
export function formValuesOf(section: Section, answers: Answers): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const q of section.questions) {
    const a = answers[q.id];
    if (a === undefined || a === null) continue;
    if (q.type === 'rank' && typeof a === 'object' && !Array.isArray(a)) {
      optionsOf(q).forEach((o, i) => {
        if (a[o.value] !== undefined) values[`${q.id}__${i}`] = String(a[o.value]);
      });
    } else values[q.id] = Array.isArray(a) ? a : String(a);
  }
  return values;
}

/** Drops answers to questions no longer shown (a changed earlier answer can hide later ones). */
export function pruneHidden(def: SurveyDefinition, answers: Answers): Answers {
  const out: Answers = {};
  for (const q of allQuestions(def)) {
    if (answers[q.id] === undefined) continue;
    if (isShown(q, out)) out[q.id] = answers[q.id];
  }
  return out;
}

/** Checks a complete set of answers (the final submit): every required shown question answered. */
export function missingRequired(def: SurveyDefinition, answers: Answers): { sectionId: string; question: Question }[] {
  const missing: { sectionId: string; question: Question }[] = [];
  for (const s of def.sections) {
    for (const q of s.questions) {
      if (!q.required || !isShown(q, answers)) continue;
      const a = answers[q.id];
      if (a === undefined || a === null || a === '' || (Array.isArray(a) && a.length === 0)) missing.push({ sectionId: s.id, question: q });
    }
  }
  return missing;
}

/** How an answer reads on "check your answers", exports and staff pages. */
export function answerText(q: Question, a: Answers[string], areaName: (code: string) => string = (c) => c): string {
  if (a === undefined || a === null || a === '') return '';
  const labelOf = (v: string) => optionsOf(q).find((o) => o.value === v)?.label ?? v;
  if (q.type === 'rank' && typeof a === 'object' && !Array.isArray(a)) {
    return Object.entries(a)
      .sort((x, y) => x[1] - y[1])
      .map(([v, n]) => `${n}. ${labelOf(v)}`)
      .join('; ');
  }
  if (Array.isArray(a)) return a.map(labelOf).join('; ');
  if (q.type === 'area' && q.areaLevel !== 'postcode') return areaName(String(a));
  if (q.type === 'single' || q.type === 'likert') return labelOf(String(a));
  return String(a);
}
