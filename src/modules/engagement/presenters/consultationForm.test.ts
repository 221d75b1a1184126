import { describe, expect, it } from 'vitest';
import type { Consultation } from '../engagementRepository.js';
import { consultationFormValues, consultationFormView } from './consultationForm.js';

const c = {
  id: 'c1',
  reference: 'plan-2028',
  title: 'Plan 2028',
  purpose: 'Why',
  planReference: 'plan-2024',
  priorityReferences: ['P2'],
  audience: 'Residents',
  areas: 'Hartlepool',
  stage: 'planned',
  opensOn: '2028-01-01',
  closesOn: '2028-02-01',
} as Consultation;
const plans = [
  { reference: 'plan-2024', title: 'Plan 2024' },
  { reference: 'plan-2021', title: 'Plan 2021' },
];
const plan = {
  id: 'p',
  reference: 'plan-2024',
  title: 'Plan 2024',
  priorities: ['P1', 'P2'].map((r) => ({ id: r, reference: r, title: `Priority ${r}`, commitments: [] })),
};

describe('the consultation form', () => {
  it('creates: asks for the reference and offers no priorities', () => {
    const v = consultationFormView({ values: { planReference: 'plan-2021' }, plans, back: '/b', action: '/a' });
    expect(v).toMatchObject({ heading: 'Create a consultation', reference: null, submitText: 'Create consultation', priorities: null, datesLocked: false });
    expect(v.plans.find((p) => p.selected)?.value).toBe('plan-2021');
    expect(v.plans[0]).toEqual({ value: '', text: 'None', selected: false });
  });
  it('edits: shows the saved values and reference, and the saved plan’s priorities with those chosen', () => {
    const v = consultationFormView({ values: consultationFormValues(c), plans, consultation: c, plan, back: '/b', action: '/a' });
    expect(v).toMatchObject({ heading: 'Change the consultation', reference: 'plan-2028', submitText: 'Save changes', datesLocked: false });
    expect(v.values).toMatchObject({ title: 'Plan 2028', opensOn: '2028-01-01', closesOn: '2028-02-01', planReference: 'plan-2024' });
    expect(v.priorities?.legend).toBe('Priorities of Plan 2024 it informs');
    expect(v.priorities?.items.map((i) => [i.value, i.checked])).toEqual([
      ['P1', false],
      ['P2', true],
    ]);
    // What was typed is kept: one ticked box comes back as a string.
    expect(
      consultationFormView({ values: { priorityReferences: 'P1' }, plans, consultation: c, plan, back: '/b', action: '/a' }).priorities?.items.map(
        (i) => i.checked,
      ),
    ).toEqual([true, false]);
  });
  it('keeps a saved plan that the list does not offer', () => {
    const v = consultationFormView({ values: consultationFormValues({ ...c, planReference: 'old-plan' }), plans, consultation: c, back: '/b', action: '/a' });
    expect(v.plans.find((p) => p.selected)).toEqual({ value: 'old-plan', text: 'old-plan', selected: true });
  });
  it('fixes the dates once the consultation has opened', () => {
    expect(consultationFormView({ values: {}, plans, consultation: { ...c, stage: 'open' }, back: '/b', action: '/a' }).datesLocked).toBe(true);
    expect(consultationFormView({ values: {}, plans, consultation: { ...c, stage: 'draft' }, back: '/b', action: '/a' }).datesLocked).toBe(false);
  });
});
