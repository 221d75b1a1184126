import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../platform/roles.js';
import { engagementPermissions, type EngagementAction } from './engagementPermissions.js';

const expected: Record<EngagementAction, Role[]> = {
  'engagement:view': [...ROLES],
  'consultation:manage': ['admin', 'editor'],
  'consultation:publish': ['admin', 'editor'],
  'survey:build': ['admin', 'editor'],
  'response:view': ['admin', 'editor', 'analyst', 'commissioner'],
  'response:enter': ['admin', 'editor', 'analyst'],
  'response:import': ['admin', 'editor', 'analyst'],
  'response:export': ['admin', 'editor', 'analyst'],
  'analysis:view': ['admin', 'editor', 'analyst', 'commissioner'],
  'coding:code': ['admin', 'editor', 'analyst'],
  'codebook:manage': ['admin', 'editor', 'analyst'],
  'feedback:publish': ['admin', 'editor', 'commissioner'],
  'log:manage': ['admin', 'editor', 'commissioner'],
};

describe('engagement permissions table', () => {
  for (const action of Object.keys(expected) as EngagementAction[]) {
    for (const role of ROLES) {
      const allowed = expected[action].includes(role);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(engagementPermissions.can(role, action)).toBe(allowed);
      });
    }
  }
  it('covers every action of the table', () => {
    expect(Object.keys(expected).sort()).toEqual([...engagementPermissions.actions].sort());
  });
  it('a panel member or force lead cannot read individual responses', () => {
    expect(engagementPermissions.can('panel-member', 'response:view')).toBe(false);
    expect(engagementPermissions.can('force-lead', 'response:view')).toBe(false);
  });
  it('only admins and editors may change a consultation’s details or a survey’s questions and their order', () => {
    // The edit pages of a consultation are guarded by consultation:manage; changing, moving and
    // removing questions and pages by survey:build.
    for (const role of ROLES) {
      const may = role === 'admin' || role === 'editor';
      expect(engagementPermissions.can(role, 'consultation:manage')).toBe(may);
      expect(engagementPermissions.can(role, 'survey:build')).toBe(may);
    }
  });
  it('the public can do nothing here', () => {
    for (const action of engagementPermissions.actions) expect(engagementPermissions.can(null, action)).toBe(false);
  });
});
