import { describe, expect, it } from 'vitest';
import { ROLES } from '../../platform/roles.js';
import { canScore, resourcesPermissions, type ResourcesAction } from './resourcesPermissions.js';

const MANAGE: ResourcesAction[] = ['finance:manage', 'workforce:manage', 'contracts:manage', 'spending:import', 'funds:manage'];
const rolesThatMay = (action: ResourcesAction) => ROLES.filter((r) => resourcesPermissions.can(r, action));

describe('resources permissions', () => {
  it('whoever may change figures, contracts, spending or funds, or assess, may also see the staff pages', () => {
    for (const action of resourcesPermissions.actions)
      for (const role of rolesThatMay(action)) expect(resourcesPermissions.can(role, 'resources:view'), `${role} ${action}`).toBe(true);
  });
  it('only admins and editors change money, workforce, contracts, spending and funds', () => {
    expect(MANAGE.sort()).toEqual(resourcesPermissions.actions.filter((a) => a !== 'resources:view' && a !== 'funds:assess').sort());
    for (const action of MANAGE) expect(rolesThatMay(action), action).toEqual(['admin', 'editor']);
  });
  it('assessors are OPCC staff who may see resources, not the administrator; the force and the Panel see and assess nothing', () => {
    expect(rolesThatMay('funds:assess')).toEqual(rolesThatMay('resources:view').filter((r) => r !== 'admin'));
    for (const role of ['force-lead', 'panel-member'] as const)
      for (const action of resourcesPermissions.actions) expect(resourcesPermissions.can(role, action), `${role} ${action}`).toBe(false);
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
      expect(canScore(ctx)).toEqual(allowed ? { allowed: true } : { allowed: false, reason: expect.stringMatching(/\S/) });
    });
  }
  it('says why a conflicted assessor cannot score', () => {
    const d = canScore({ role: 'editor', assigned: true, declaration: conflict, open: true });
    expect(d).toEqual({ allowed: false, reason: expect.stringMatching(/conflict of interest/) });
  });
});
