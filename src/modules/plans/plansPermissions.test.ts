import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../platform/roles.js';
import { plansPermissions, type PlansAction } from './plansPermissions.js';

const can = (role: Role | null, action: PlansAction) => plansPermissions.can(role, action);
const rolesThatMay = (action: PlansAction) => ROLES.filter((r) => can(r, action));

/** The actions that change what a plan says, item by item. */
const WRITING: PlansAction[] = ['plan:create', 'plan:edit', 'plan:delete'];
/** The actions that move a plan on as a whole (a file, a new version, a stage of its cycle). */
const STEERING: PlansAction[] = ['plan:import', 'plan:refresh', 'plan:transition'];

describe('plans permissions: the rules', () => {
  it('every member of staff may read every version, drafts included, and export it (the Panel reads drafts)', () => {
    for (const role of ROLES) {
      expect(can(role, 'plan:view-drafts')).toBe(true);
      expect(can(role, 'plan:export')).toBe(true);
    }
  });

  it('only the OPCC’s administrators and editors write a plan’s text', () => {
    for (const action of WRITING) expect(rolesThatMay(action)).toEqual(['admin', 'editor']);
  });

  it('the commissioner steers the plan (imports it, refreshes it, moves it through its cycle) without editing it item by item', () => {
    for (const action of STEERING) expect(can('commissioner', action)).toBe(true);
    for (const action of WRITING) expect(can('commissioner', action)).toBe(false);
  });

  it('whoever may write a plan may also steer it', () => {
    for (const role of ROLES.filter((r) => WRITING.every((a) => can(r, a)))) for (const action of STEERING) expect(can(role, action)).toBe(true);
  });

  it('analysts, force leads and Panel members only read: they change no plan', () => {
    for (const role of ['analyst', 'force-lead', 'panel-member'] as const) {
      for (const action of [...WRITING, ...STEERING]) expect(can(role, action)).toBe(false);
    }
  });

  it('the public can do nothing in the staff area', () => {
    for (const action of plansPermissions.actions) expect(can(null, action)).toBe(false);
  });
});
