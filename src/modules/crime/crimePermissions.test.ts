import { describe, expect, it } from 'vitest';
import { ROLES } from '../../platform/roles.js';
import { crimePermissions as perms } from './crimePermissions.js';

const importers = ROLES.filter((r) => perms.can(r, 'crime:import'));
const viewers = ROLES.filter((r) => perms.can(r, 'crime:view-imports'));

describe('crime permissions', () => {
  it('lets only administrators and analysts import crime data', () => {
    expect([...importers].sort()).toEqual(['admin', 'analyst']);
  });

  it('lets everyone who may import see the imports', () => {
    for (const role of importers) expect(viewers).toContain(role);
  });

  it('shows the imports to the office (editors, the commissioner), never to force leads or the Panel', () => {
    expect(viewers).toEqual(expect.arrayContaining(['editor', 'commissioner']));
    expect(viewers).not.toContain('force-lead');
    expect(viewers).not.toContain('panel-member');
  });

  it('refuses the public and unknown actions', () => {
    for (const action of perms.actions) expect(perms.can(null, action)).toBe(false);
    // @ts-expect-error an action the module does not have
    expect(perms.can('admin', 'crime:delete')).toBe(false);
  });
});
