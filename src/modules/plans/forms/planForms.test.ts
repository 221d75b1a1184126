import { describe, expect, it } from 'vitest';
import { parseForm } from '../../../platform/forms.js';
import { newPlanForm, priorityForm, refreshForm, sectionForm, transitionForm } from './planForms.js';

describe('plan forms', () => {
  it('takes values one per line and refuses a term that ends before it starts', () => {
    const ok = parseForm(newPlanForm, {
      reference: 'x-2025',
      title: 'T',
      termStart: '2025-01-01',
      termEnd: '2026-01-01',
      priorityLabel: 'Priority',
      values: ' A \r\n\r\nB\n',
      summary: '',
    });
    expect(ok).toMatchObject({ ok: true, data: { values: ['A', 'B'], summary: null } });
    const bad = parseForm(newPlanForm, { reference: 'Bad Ref', title: 'T', termStart: '2025-01-01', termEnd: '2024-01-01', priorityLabel: 'P' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field)).toEqual(['reference', 'termEnd']);
  });

  it('reads checkbox lists as arrays and refuses unknown statutory contents', () => {
    expect(parseForm(priorityForm, { title: 'T', outcomeIds: 'a' })).toMatchObject({ ok: true, data: { outcomeIds: ['a'], achievements: [] } });
    expect(parseForm(sectionForm, { title: 'S', covers: ['grants'] })).toMatchObject({ ok: true, data: { covers: ['grants'] } });
    expect(parseForm(sectionForm, { title: 'S', covers: ['bribes'] }).ok).toBe(false);
  });

  it('needs a reason for a transition; the gaps box is a yes/no', () => {
    expect(parseForm(transitionForm, { reason: ' ' }).ok).toBe(false);
    expect(parseForm(transitionForm, { reason: 'r', confirmGaps: 'yes' })).toMatchObject({ ok: true, data: { confirmGaps: true } });
    expect(parseForm(transitionForm, { reason: 'r' })).toMatchObject({ ok: true, data: { confirmGaps: false } });
  });

  it('lets a refresh keep the default reference when left empty', () => {
    expect(parseForm(refreshForm, { reference: '', title: '' })).toMatchObject({ ok: true, data: { reference: undefined, title: undefined } });
    expect(parseForm(refreshForm, { reference: 'NOT OK' }).ok).toBe(false);
  });
});
