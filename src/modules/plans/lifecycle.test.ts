import { describe, expect, it } from 'vitest';
import { ROLES } from '../../platform/roles.js';
import { PLAN_STATUSES } from './schema.js';
import { availableTransitions, canTransition, isEditable, isPublic } from './lifecycle.js';

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
