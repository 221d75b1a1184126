import { ROLES, definePermissions } from '../roles.js';

/** Every signed-in person has a task list, notifications and their own preferences. */
export const tasksPermissions = definePermissions({
  'tasks:view': ROLES,
  'notifications:read': ROLES,
  'notifications:preferences': ROLES,
});
