import { definePermissions } from '../../platform/roles.js';

/** Who may do what with police.uk crime data. Reading counts is public (the API and the public site). */
export const crimePermissions = definePermissions({
  'crime:view-imports': ['admin', 'analyst', 'editor', 'commissioner'],
  'crime:import': ['admin', 'analyst'],
});
export type CrimeAction = keyof typeof crimePermissions.table;
