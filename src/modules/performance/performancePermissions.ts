import { definePermissions } from '../../platform/roles.js';

/** Who may do what with measures, figures, commentary and performance reports. */
export const performancePermissions = definePermissions({
  /** The staff dashboard, unpublished measures and the Panel report. */
  'performance:view': ['admin', 'editor', 'analyst', 'force-lead', 'commissioner', 'panel-member'],
  'measure:edit': ['admin', 'analyst'],
  'figures:enter': ['admin', 'analyst'],
  'commentary:write': ['admin', 'analyst'],
  'report:export': ['admin', 'editor', 'analyst', 'force-lead', 'commissioner', 'panel-member'],
});
export type PerformanceAction = keyof typeof performancePermissions.table;
