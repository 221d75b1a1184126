import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../platform/roles.js';
import { crimePermissions, type CrimeAction } from './crimePermissions.js';

const expected: Record<CrimeAction, Role[]> = {
  'crime:view-imports': ['admin', 'analyst', 'editor', 'commissioner'],
  'crime:import': ['admin', 'analyst'],
};

describe('crime permissions', () => {
  for (const action of Object.keys(expected) as CrimeAction[]) {
    for (const role of ROLES) {
      it(`${role} ${expected[action].includes(role) ? 'may' : 'may not'} ${action}`, () => {
        expect(crimePermissions.can(role, action)).toBe(expected[action].includes(role));
      });
    }
  }
  it('refuses the public and unknown actions', () => {
    expect(crimePermissions.can(null, 'crime:import')).toBe(false);
    expect(crimePermissions.can('admin', 'crime:delete' as CrimeAction)).toBe(false);
  });
});
