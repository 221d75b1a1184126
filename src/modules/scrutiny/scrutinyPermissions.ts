import { definePermissions } from '../../platform/roles.js';

/**
 * Who may do what in scrutiny: the Panel records its reports and recommendations; the elected
 * head responds (editors may draft the response, only the elected head publishes it); editors
 * run meetings, decisions, inspections and risks; the force answers questions and actions.
 */
export const scrutinyPermissions = definePermissions({
  'scrutiny:view': ['admin', 'editor', 'analyst', 'force-lead', 'commissioner', 'panel-member'],
  'panel-report:record': ['admin', 'panel-member'],
  /** The response to the Panel's report as a whole, which publishing a plan needs (PRSRA 2011 s.28(3)). */
  'panel-report:respond': ['admin', 'commissioner'],
  'recommendation:respond': ['admin', 'commissioner', 'editor'],
  'recommendation:publish-response': ['admin', 'commissioner'],
  'meeting:manage': ['admin', 'editor'],
  'accountability:answer': ['admin', 'editor', 'force-lead'],
  'decision:manage': ['admin', 'editor', 'commissioner'],
  'decision:view-exempt': ['admin', 'editor', 'commissioner'],
  'inspection:manage': ['admin', 'editor'],
  'inspection:comment': ['admin', 'editor', 'commissioner'],
  'inspection:update': ['admin', 'editor', 'force-lead'],
  'risk:manage': ['admin', 'editor'],
  'publication:manage': ['admin', 'editor'],
  'calendar:settings': ['admin'],
});
export type ScrutinyAction = keyof typeof scrutinyPermissions.table;
