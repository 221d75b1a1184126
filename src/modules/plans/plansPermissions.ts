import { definePermissions } from '../../platform/roles.js';

/** Who may do what with plans. Lifecycle transitions have their own table in lifecycle.ts. */
export const plansPermissions = definePermissions({
  /** See drafts and every version in the staff area (the Panel reads drafts). */
  'plan:view-drafts': ['admin', 'editor', 'analyst', 'force-lead', 'commissioner', 'panel-member'],
  'plan:create': ['admin', 'editor'],
  'plan:edit': ['admin', 'editor'],
  'plan:delete': ['admin', 'editor'],
  'plan:import': ['admin', 'editor', 'commissioner'],
  'plan:refresh': ['admin', 'editor', 'commissioner'],
  'plan:transition': ['admin', 'editor', 'commissioner'],
  'plan:export': ['admin', 'editor', 'analyst', 'force-lead', 'commissioner', 'panel-member'],
});
export type PlansAction = keyof typeof plansPermissions.table;
