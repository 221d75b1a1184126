import { definePermissions } from '../../platform/roles.js';

/**
 * Who may do what in delivery. Force leads may post updates, but only on actions they own:
 * that rule needs the action, so deliveryService.postUpdate checks it as well.
 */
export const deliveryPermissions = definePermissions({
  'delivery:view-staff': ['admin', 'editor', 'analyst', 'force-lead', 'commissioner', 'panel-member'],
  'delivery:manage': ['admin', 'editor'],
  'delivery:post-update': ['admin', 'editor', 'force-lead'],
  'delivery:review': ['admin', 'editor'],
  'delivery:reports': ['admin', 'editor', 'analyst', 'commissioner', 'panel-member'],
  'delivery:commentary': ['admin', 'editor'],
  /** Putting the annual report on the public site (and taking it off): the elected head's report. */
  'delivery:publish-annual-report': ['admin', 'commissioner'],
});
export type DeliveryAction = (typeof deliveryPermissions.actions)[number];
