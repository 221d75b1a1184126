import { describe, expect, it } from 'vitest';
import { ROLES } from '../roles.js';
import { identityPermissions } from './identityPermissions.js';

const expected: Record<string, string[]> = {
  'staff:home': [...ROLES],
  'account:own': [...ROLES],
  'users:manage': ['admin'],
  'settings:manage': ['admin'],
  'security:manage': ['admin'],
  'audit:browse': ['admin'],
  'outbox:read': ['admin'],
};

describe('identity permissions', () => {
  for (const [action, allowed] of Object.entries(expected)) {
    for (const role of ROLES) {
      it(`${role} ${allowed.includes(role) ? 'may' : 'may not'} ${action}`, () => {
        expect(identityPermissions.can(role, action as keyof typeof identityPermissions.table)).toBe(allowed.includes(role));
      });
    }
  }
  it('refuses the public and unknown actions', () => {
    expect(identityPermissions.can(null, 'staff:home')).toBe(false);
    expect(identityPermissions.can('admin', 'nope' as never)).toBe(false);
  });
});
