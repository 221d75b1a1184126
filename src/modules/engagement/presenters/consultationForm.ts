import type { PlanRef } from '../deps.js';
import type { Consultation } from '../engagementRepository.js';
import { asList } from './surveyPage.js';

/** The edit form's values for a saved consultation (what the form would post back unchanged). */
export function consultationFormValues(c: Consultation): Record<string, unknown> {
  return {
    title: c.title,
    purpose: c.purpose,
    planReference: c.planReference ?? '',
    priorityReferences: c.priorityReferences,
    audience: c.audience,
    areas: c.areas,
    opensOn: c.opensOn,
    closesOn: c.closesOn,
  };
}

/**
 * The create and edit pages of a consultation (one template). Editing: the reference is shown,
 * not asked (it is in the public web address); the priorities offered are those of the plan saved
 * with it; once it has opened, its dates are shown, not asked (an extension moves the closing date).
 */
export function consultationFormView(opts: {
  values: Record<string, unknown>;
  plans: { reference: string; title: string }[];
  consultation?: Consultation;
  plan?: PlanRef;
  back: string;
  action: string;
}) {
  const { values, consultation: c, plan } = opts;
  const chosen = new Set(asList(values.priorityReferences));
  // A plan the list does not offer (say, the plans module is absent) stays chosen, not lost.
  const current = typeof values.planReference === 'string' ? values.planReference : '';
  const plans = current && !opts.plans.some((p) => p.reference === current) ? [...opts.plans, { reference: current, title: current }] : opts.plans;
  return {
    title: c ? `Change the consultation: ${c.title}` : 'Create a consultation',
    heading: c ? 'Change the consultation' : 'Create a consultation',
    caption: c?.title ?? null,
    reference: c?.reference ?? null,
    back: opts.back,
    action: opts.action,
    submitText: c ? 'Save changes' : 'Create consultation',
    plans: [
      { value: '', text: 'None', selected: false },
      ...plans.map((p) => ({ value: p.reference, text: p.title, selected: values.planReference === p.reference })),
    ],
    priorities:
      c && plan && plan.priorities.length
        ? {
            legend: `Priorities of ${plan.title} it informs`,
            items: plan.priorities.map((p) => ({ value: p.reference, text: `${p.reference}: ${p.title}`, checked: chosen.has(p.reference) })),
          }
        : null,
    datesLocked: !!c && c.stage !== 'draft' && c.stage !== 'planned',
    values,
  };
}
