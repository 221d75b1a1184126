import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../platform/roles.js';
import { canScore, resourcesPermissions, type ResourcesAction } from './resourcesPermissions.js';

const expected: Record<ResourcesAction, Role[]> = {
  'resources:view': ['admin', 'editor', 'analyst', 'commissioner'],
  'finance:manage': ['admin', 'editor'],
  'workforce:manage': ['admin', 'editor'],
  'contracts:manage': ['admin', 'editor'],
  'spending:import': ['admin', 'editor'],
  'funds:manage': ['admin', 'editor'],
  'funds:assess': ['editor', 'analyst', 'commissioner'],
};

describe('resources permissions table', () => {
  it('covers every action', () => {
    expect(Object.keys(expected).sort()).toEqual([...resourcesPermissions.actions].sort());
  });
  for (const action of Object.keys(expected) as ResourcesAction[]) {
    for (const role of ROLES) {
      const allowed = expected[action].includes(role);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(resourcesPermissions.can(role, action)).toBe(allowed);
      });
    }
  }
  it('adding and changing a commissioned service, and importing spending (typed or uploaded), are for those who manage them', () => {
    for (const role of ROLES) {
      expect(resourcesPermissions.can(role, 'contracts:manage'), role).toBe(role === 'admin' || role === 'editor');
      expect(resourcesPermissions.can(role, 'spending:import'), role).toBe(role === 'admin' || role === 'editor');
    }
  });
  it('the public can do nothing', () => {
    for (const action of resourcesPermissions.actions) expect(resourcesPermissions.can(null, action)).toBe(false);
  });
});

describe('canScore', () => {
  const none = { hasConflict: false };
  const conflict = { hasConflict: true };
  const cases: [string, Parameters<typeof canScore>[0], boolean][] = [
    ['assigned analyst, no conflict declared', { role: 'analyst', assigned: true, declaration: none, open: true }, true],
    ['assigned editor, no conflict declared', { role: 'editor', assigned: true, declaration: none, open: true }, true],
    ['assigned commissioner, no conflict declared', { role: 'commissioner', assigned: true, declaration: none, open: true }, true],
    ['assigned editor with a conflict', { role: 'editor', assigned: true, declaration: conflict, open: true }, false],
    ['assigned editor who has not declared', { role: 'editor', assigned: true, declaration: undefined, open: true }, false],
    ['unassigned editor', { role: 'editor', assigned: false, declaration: none, open: true }, false],
    ['assigned editor, decided application', { role: 'editor', assigned: true, declaration: none, open: false }, false],
    ['panel member even if assigned', { role: 'panel-member', assigned: true, declaration: none, open: true }, false],
    ['force lead even if assigned', { role: 'force-lead', assigned: true, declaration: none, open: true }, false],
    ['public', { role: null, assigned: true, declaration: none, open: true }, false],
  ];
  for (const [name, ctx, allowed] of cases) {
    it(`${name}: ${allowed ? 'may' : 'may not'} score`, () => {
      const d = canScore(ctx);
      expect(d.allowed).toBe(allowed);
      if (!d.allowed) expect(d.reason.length).toBeGreaterThan(0);
    });
  }
  it('says why a conflicted assessor cannot score', () => {
    const d = canScore({ role: 'editor', assigned: true, declaration: conflict, open: true });
    expect(d).toEqual({ allowed: false, reason: expect.stringMatching(/conflict of interest/) });
  });
});
