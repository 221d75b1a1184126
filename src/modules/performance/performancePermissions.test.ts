import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../platform/roles.js';
import { performancePermissions, type PerformanceAction } from './performancePermissions.js';

const expected: Record<PerformanceAction, Role[]> = {
  'performance:view': [...ROLES],
  'measure:edit': ['admin', 'analyst'],
  'figures:enter': ['admin', 'analyst'],
  'commentary:write': ['admin', 'analyst'],
  'report:export': [...ROLES],
};

describe('performance permissions table', () => {
  for (const action of Object.keys(expected) as PerformanceAction[]) {
    for (const role of ROLES) {
      const allowed = expected[action].includes(role);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(performancePermissions.can(role, action)).toBe(allowed);
      });
    }
  }
  it('the public can do nothing on the staff side', () => {
    for (const action of performancePermissions.actions) expect(performancePermissions.can(null, action)).toBe(false);
  });
});
