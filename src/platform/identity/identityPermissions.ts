import { ROLES, definePermissions } from '../roles.js';

export const identityPermissions = definePermissions({
  'staff:home': ROLES,
  /** One's own account: password, two-step verification, sessions. */
  'account:own': ROLES,
  'users:manage': ['admin'],
  'settings:manage': ['admin'],
  /** How people sign in: two-step verification required, local accounts on or off. */
  'security:manage': ['admin'],
  'audit:browse': ['admin'],
  'outbox:read': ['admin'],
});
