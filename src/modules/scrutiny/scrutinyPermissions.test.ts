import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../platform/roles.js';
import { scrutinyPermissions, type ScrutinyAction } from './scrutinyPermissions.js';

const expected: Record<ScrutinyAction, Role[]> = {
  'scrutiny:view': [...ROLES],
  'panel-report:record': ['admin', 'panel-member'],
  'panel-report:respond': ['admin', 'commissioner'],
  'recommendation:respond': ['admin', 'commissioner', 'editor'],
  'recommendation:publish-response': ['admin', 'commissioner'],
  'meeting:manage': ['admin', 'editor'],
  'accountability:answer': ['admin', 'editor', 'force-lead'],
  'decision:manage': ['admin', 'editor', 'commissioner'],
  'decision:view-exempt': ['admin', 'editor', 'commissioner'],
  'inspection:manage': ['admin', 'editor'],
  'inspection:comment': ['admin', 'editor', 'commissioner'],
  'inspection:update': ['admin', 'editor', 'force-lead'],
  'risk:manage': ['admin', 'editor'],
  'publication:manage': ['admin', 'editor'],
  'calendar:settings': ['admin'],
};

describe('scrutiny permissions table', () => {
  it('covers every action', () => {
    expect(Object.keys(expected).sort()).toEqual([...scrutinyPermissions.actions].sort());
  });
  for (const action of Object.keys(expected) as ScrutinyAction[]) {
    for (const role of ROLES) {
      const allowed = expected[action].includes(role);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(scrutinyPermissions.can(role, action)).toBe(allowed);
      });
    }
  }
  it('the Panel cannot respond to its own recommendations, nor an editor publish the response', () => {
    expect(scrutinyPermissions.can('panel-member', 'recommendation:respond')).toBe(false);
    expect(scrutinyPermissions.can('editor', 'recommendation:publish-response')).toBe(false);
  });
  it('the Panel records and publishes its own reports; staff of the office cannot', () => {
    expect(scrutinyPermissions.can('panel-member', 'panel-report:record')).toBe(true);
    for (const role of ['editor', 'commissioner', 'analyst', 'force-lead'] as const) expect(scrutinyPermissions.can(role, 'panel-report:record')).toBe(false);
  });
  it('the public can do nothing', () => {
    for (const action of scrutinyPermissions.actions) expect(scrutinyPermissions.can(null, action)).toBe(false);
  });
});
