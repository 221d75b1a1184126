import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../platform/roles.js';
import { plansPermissions, type PlansAction } from './plansPermissions.js';

const expected: Record<PlansAction, Role[]> = {
  'plan:view-drafts': [...ROLES],
  'plan:create': ['admin', 'editor'],
  'plan:edit': ['admin', 'editor'],
  'plan:delete': ['admin', 'editor'],
  'plan:import': ['admin', 'editor', 'commissioner'],
  'plan:refresh': ['admin', 'editor', 'commissioner'],
  'plan:transition': ['admin', 'editor', 'commissioner'],
  'plan:export': [...ROLES],
};

describe('plans permissions table', () => {
  for (const action of Object.keys(expected) as PlansAction[]) {
    for (const role of ROLES) {
      const allowed = expected[action].includes(role);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(plansPermissions.can(role, action)).toBe(allowed);
      });
    }
  }
  it('a panel member cannot edit a plan', () => {
    expect(plansPermissions.can('panel-member', 'plan:edit')).toBe(false);
  });
  it('the public can do nothing', () => {
    for (const action of plansPermissions.actions) expect(plansPermissions.can(null, action)).toBe(false);
  });
});
