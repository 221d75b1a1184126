import { ROLES, definePermissions } from '../roles.js';

export const identityPermissions = definePermissions({
  'staff:home': ROLES,
  'users:manage': ['admin'],
  'settings:manage': ['admin'],
  'audit:browse': ['admin'],
  'outbox:read': ['admin'],
});
