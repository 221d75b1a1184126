import { definePermissions, type Role } from '../../platform/roles.js';

/** Who may do what with money, workforce, commissioned services and grant funds. */
export const resourcesPermissions = definePermissions({
  /** See the staff pages of resources (drafts of figures, applications, contracts). */
  'resources:view': ['admin', 'editor', 'analyst', 'commissioner'],
  'finance:manage': ['admin', 'editor'],
  'workforce:manage': ['admin', 'editor'],
  'contracts:manage': ['admin', 'editor'],
  'spending:import': ['admin', 'editor'],
  'funds:manage': ['admin', 'editor'],
  /** The roles that can be assigned as assessors of a round (the assignment itself is per round). */
  'funds:assess': ['editor', 'analyst', 'commissioner'],
});
export type ResourcesAction = keyof typeof resourcesPermissions.table;

/** The roles an editor may assign as assessors of a round. */
export const ASSESSOR_ROLES: readonly Role[] = resourcesPermissions.table['funds:assess'];

export interface ScoringContext {
  role: Role | null | undefined;
  /** Assigned as an assessor of the application's round. */
  assigned: boolean;
  /** The assessor's declaration on this application: undefined = not yet declared. */
  declaration: { hasConflict: boolean } | undefined;
  /** The application is still open to assessment (not awarded or declined). */
  open: boolean;
}

export type ScoringDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether a person may score one application. An assessor must be assigned to the round, must
 * have declared whether they have a conflict of interest, and may not score if they have one.
 */
export function canScore(c: ScoringContext): ScoringDecision {
  if (!resourcesPermissions.can(c.role, 'funds:assess')) return { allowed: false, reason: 'Your role cannot assess grant applications' };
  if (!c.assigned) return { allowed: false, reason: 'You are not an assessor of this round' };
  if (!c.open) return { allowed: false, reason: 'This application has already been decided' };
  if (!c.declaration) return { allowed: false, reason: 'Declare whether you have a conflict of interest before scoring' };
  if (c.declaration.hasConflict) return { allowed: false, reason: 'You declared a conflict of interest with this application, so you cannot score it' };
  return { allowed: true };
}
