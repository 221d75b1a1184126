import { describe, expect, it } from 'vitest';
import { ROLES } from '../roles.js';
import { tasksPermissions } from './tasksPermissions.js';

/** The routes each action guards, so a new route is added here with its rule. */
const expected: Record<keyof typeof tasksPermissions.table, { roles: string[]; routes: string[] }> = {
  'tasks:view': { roles: [...ROLES], routes: ['GET /admin'] },
  'notifications:read': { roles: [...ROLES], routes: ['POST /admin/notifications/read'] },
  'notifications:preferences': { roles: [...ROLES], routes: ['GET /account/notifications', 'POST /account/notifications'] },
};

describe('tasks and notifications permissions', () => {
  for (const [action, { roles, routes }] of Object.entries(expected)) {
    for (const role of ROLES) {
      it(`${role} ${roles.includes(role) ? 'may' : 'may not'} ${action} (${routes.join(', ')})`, () => {
        expect(tasksPermissions.can(role, action as keyof typeof tasksPermissions.table)).toBe(roles.includes(role));
      });
    }
  }
  it('refuses the public and unknown actions', () => {
    expect(tasksPermissions.can(null, 'tasks:view')).toBe(false);
    expect(tasksPermissions.can('admin', 'nope' as never)).toBe(false);
  });
});
