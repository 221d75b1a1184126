import { scrutinyPermissions as perms, type ScrutinyAction } from '../../scrutinyPermissions.js';

/** Where the staff pages of scrutiny live. */
export const A = '/admin/scrutiny';
/** Whether a role may take the action (for `requirePermission` and form pages). */
export const can = (a: ScrutinyAction) => (r: Parameters<typeof perms.can>[0]) => perms.can(r, a);
export const RESPONSE_VERBS = { accept: 'Accept', 'partly-accept': 'Partly accept', reject: 'Reject' } as const;
export const FINDING_LABELS: Record<string, string> = {
  'cause-of-concern': 'Cause of concern',
  recommendation: 'Recommendation',
  'area-for-improvement': 'Area for improvement',
};
