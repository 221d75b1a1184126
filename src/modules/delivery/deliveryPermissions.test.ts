import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../platform/roles.js';
import { deliveryPermissions, type DeliveryAction } from './deliveryPermissions.js';

const Y = true;
const N = false;
// prettier-ignore
const TABLE: Record<DeliveryAction, Record<Role, boolean>> = {
  'delivery:view-staff':  { admin: Y, editor: Y, analyst: Y, 'force-lead': Y, commissioner: Y, 'panel-member': Y },
  'delivery:manage':      { admin: Y, editor: Y, analyst: N, 'force-lead': N, commissioner: N, 'panel-member': N },
  'delivery:post-update': { admin: Y, editor: Y, analyst: N, 'force-lead': Y, commissioner: N, 'panel-member': N },
  'delivery:review':      { admin: Y, editor: Y, analyst: N, 'force-lead': N, commissioner: N, 'panel-member': N },
  'delivery:reports':     { admin: Y, editor: Y, analyst: Y, 'force-lead': N, commissioner: Y, 'panel-member': Y },
  'delivery:commentary':  { admin: Y, editor: Y, analyst: N, 'force-lead': N, commissioner: N, 'panel-member': N },
  'delivery:publish-annual-report': { admin: Y, editor: N, analyst: N, 'force-lead': N, commissioner: Y, 'panel-member': N },
};

describe('delivery permissions', () => {
  it('covers every action', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...deliveryPermissions.actions].sort());
  });
  for (const action of deliveryPermissions.actions) {
    for (const role of ROLES) {
      it(`${role} ${TABLE[action][role] ? 'may' : 'may not'} ${action}`, () => {
        expect(deliveryPermissions.can(role, action)).toBe(TABLE[action][role]);
      });
    }
    it(`nobody signed out may ${action}`, () => expect(deliveryPermissions.can(null, action)).toBe(false));
  }
});
