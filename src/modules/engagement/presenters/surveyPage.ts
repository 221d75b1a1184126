import type { FieldError } from '../../../platform/forms.js';
import {
  answerText,
  isShown,
  optionsOf,
  PREFER_NOT_TO_SAY,
  type AreaOption,
  type Answers,
  type Question,
  type Section,
  type SurveyDefinition,
} from '../surveyDefinition.js';

/** One question shaped for the page: `kind` picks the govuk macro, the rest are its options. */
export interface FieldView {
  id: string;
  kind: 'radios' | 'checkboxes' | 'textarea' | 'input' | 'select' | 'rank';
  label: string;
  hint?: string;
  required: boolean;
  error: { text: string } | false;
  value?: string;
  items?: { value: string; text: string; checked?: boolean; selected?: boolean }[];
  inline?: boolean;
  inputmode?: string;
  autocomplete?: string;
  classes?: string;
  rankRows?: { id: string; name: string; label: string; items: { value: string; text: string; selected: boolean }[] }[];
}

/** A form value as a list (a checkbox group sends one value or several). */
export const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null || v === '' ? [] : [String(v)]);

/**
 * The fields of one page (section), with what the person typed (`values`, form-shaped) and the
 * errors. Questions hidden by a skip condition are left out.
 */
export function sectionFields(
  section: Section,
  previous: Answers,
  values: Record<string, unknown>,
  errors: FieldError[],
  areaOptions: (q: Question) => AreaOption[],
): FieldView[] {
  const errorFor = (f: string) => {
    const e = errors.find((x) => x.field === f);
    return e ? { text: e.message } : (false as const);
  };
  return section.questions
    .filter((q) => isShown(q, previous))
    .map((q): FieldView => {
      const label = q.required ? q.label : `${q.label} (optional)`;
      const base = { id: q.id, label, hint: q.hint, required: q.required, error: errorFor(q.id) };
      const chosen = asList(values[q.id]);
      switch (q.type) {
        case 'single':
        case 'likert':
          return {
            ...base,
            kind: 'radios',
            inline: false,
            items: optionsOf(q).map((o) => ({ value: o.value, text: o.label, checked: chosen.includes(o.value) })),
          };
        case 'multiple':
          return {
            ...base,
            kind: 'checkboxes',
            hint: q.hint ?? 'Select all that apply.',
            items: optionsOf(q).map((o) => ({ value: o.value, text: o.label, checked: chosen.includes(o.value) })),
          };
        case 'text':
          return { ...base, kind: 'textarea', value: chosen[0] ?? '' };
        case 'number':
          return { ...base, kind: 'input', value: chosen[0] ?? '', inputmode: 'numeric', classes: 'govuk-input--width-5' };
        case 'area':
          if (q.areaLevel === 'postcode') {
            return {
              ...base,
              kind: 'input',
              value: chosen[0] ?? '',
              autocomplete: 'postal-code',
              classes: 'govuk-input--width-10',
              hint: q.hint ?? 'We keep only the first part (for example TS1), never your full postcode.',
            };
          }
          return {
            ...base,
            kind: 'select',
            items: [
              { value: '', text: 'Select your area', selected: !chosen[0] },
              ...areaOptions(q).map((a) => ({ value: a.code, text: a.name, selected: chosen[0] === a.code })),
              { value: PREFER_NOT_TO_SAY, text: PREFER_NOT_TO_SAY, selected: chosen[0] === PREFER_NOT_TO_SAY },
            ],
          };
        case 'rank': {
          const opts = optionsOf(q);
          const need = Math.min(q.rankCount ?? opts.length, opts.length);
          return {
            ...base,
            kind: 'rank',
            error: errorFor(`${q.id}__0`),
            hint:
              q.hint ??
              (need === opts.length
                ? `Give each a number from 1 (most important) to ${need}, using each number once.`
                : `Give your top ${need} a number from 1 (most important) to ${need}.`),
            rankRows: opts.map((o, i) => {
              const current = asList(values[`${q.id}__${i}`])[0] ?? '';
              return {
                id: `${q.id}__${i}`,
                name: `${q.id}__${i}`,
                label: o.label,
                items: [
                  { value: '', text: 'Not ranked', selected: current === '' },
                  ...Array.from({ length: need }, (_, n) => ({ value: String(n + 1), text: String(n + 1), selected: current === String(n + 1) })),
                ],
              };
            }),
          };
        }
      }
    });
}

/** The sections that have at least one question shown, given the answers so far. */
export function visibleSections(def: SurveyDefinition, answers: Answers): Section[] {
  return def.sections.filter((s) => s.questions.some((q) => isShown(q, answers)));
}

/** "Check your answers": one summary list per section, each row with a change link. */
export function checkAnswersRows(def: SurveyDefinition, answers: Answers, baseHref: string, areaName: (c: string) => string) {
  return visibleSections(def, answers).map((s) => ({
    title: s.title,
    rows: s.questions
      .filter((q) => isShown(q, answers))
      .map((q) => ({
        key: { text: q.label },
        value: { text: answerText(q, answers[q.id], areaName) || 'Not answered' },
        actions: { items: [{ href: `${baseHref}/${s.id}`, text: 'Change', visuallyHiddenText: q.label }] },
      })),
  }));
}
