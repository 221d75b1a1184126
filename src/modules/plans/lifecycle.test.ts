import { describe, expect, it } from 'vitest';
import { ROLES } from '../../platform/roles.js';
import { PLAN_STATUSES } from './schema.js';
import { availableTransitions, canTransition, defaultClosingDate, isEditable, isPublic, nextStep } from './lifecycle.js';

describe('plan lifecycle', () => {
  it('lets only the commissioner publish', () => {
    for (const role of ROLES) {
      expect(canTransition(role, 'panel-review', 'published')).toBe(role === 'commissioner');
    }
  });

  it('refuses transitions that skip the Panel', () => {
    for (const role of ROLES) {
      expect(canTransition(role, 'draft', 'published')).toBe(false);
      expect(canTransition(role, 'consultation', 'published')).toBe(false);
      expect(canTransition(role, 'superseded', 'draft')).toBe(false);
    }
  });

  it('gives panel members, analysts and force leads no transitions', () => {
    for (const role of ['panel-member', 'analyst', 'force-lead'] as const) {
      for (const s of PLAN_STATUSES) expect(availableTransitions(role, s)).toEqual([]);
    }
    expect(canTransition(null, 'draft', 'consultation')).toBe(false);
  });

  it('lets editors move a draft forward and back', () => {
    expect(canTransition('editor', 'draft', 'consultation')).toBe(true);
    expect(canTransition('editor', 'consultation', 'panel-review')).toBe(true);
    expect(canTransition('editor', 'panel-review', 'draft')).toBe(true);
  });

  it('knows what is editable and what is public', () => {
    expect(PLAN_STATUSES.filter(isEditable)).toEqual(['draft', 'consultation', 'panel-review']);
    expect(PLAN_STATUSES.filter(isPublic)).toEqual(['published', 'superseded']);
  });
});

describe('what happens next, in one sentence', () => {
  const names = { bodyShortName: 'OPCC', electedHeadTitle: 'Mayor', scrutinyBodyName: 'Police and Crime Panel' };
  it('names who acts at every stage, with the area’s own names', () => {
    expect(nextStep('draft', names)).toBe(
      'Next, the OPCC editors finish the draft and open its public consultation (or send it straight to the Police and Crime Panel for review).',
    );
    expect(nextStep('consultation', names)).toContain('residents read the draft and respond');
    expect(nextStep('panel-review', names)).toContain('then the Mayor responds to the report and publishes the plan');
    expect(nextStep('published', names)).toContain('start the delivery plan of each financial year');
    expect(nextStep('superseded', names)).toContain('a newer version of the plan is in force');
  });

  it('offers a closing date six weeks ahead when a consultation opens', () => {
    expect(defaultClosingDate(new Date('2026-12-05T10:00:00Z'))).toBe('2027-01-16');
  });
});
