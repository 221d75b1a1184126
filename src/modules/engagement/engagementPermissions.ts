import { definePermissions } from '../../platform/roles.js';

/** Who may do what in engagement. The public needs no permission to answer a survey. */
export const engagementPermissions = definePermissions({
  'engagement:view': ['admin', 'editor', 'analyst', 'force-lead', 'commissioner', 'panel-member'],
  'consultation:manage': ['admin', 'editor'],
  /** Publishing a draft makes it public (forthcoming or open) and tells subscribed residents. */
  'consultation:publish': ['admin', 'editor'],
  'survey:build': ['admin', 'editor'],
  'response:view': ['admin', 'editor', 'analyst', 'commissioner'],
  'response:enter': ['admin', 'editor', 'analyst'],
  'response:import': ['admin', 'editor', 'analyst'],
  'response:export': ['admin', 'editor', 'analyst'],
  'analysis:view': ['admin', 'editor', 'analyst', 'commissioner'],
  'coding:code': ['admin', 'editor', 'analyst'],
  'codebook:manage': ['admin', 'editor', 'analyst'],
  'feedback:publish': ['admin', 'editor', 'commissioner'],
  'log:manage': ['admin', 'editor', 'commissioner'],
});
export type EngagementAction = (typeof engagementPermissions.actions)[number];
