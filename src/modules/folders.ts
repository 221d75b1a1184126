/** Migration folders in the order they apply: the platform, then modules bottom-up. */
export const MIGRATION_FOLDERS = [
  'platform',
  'identity',
  'plans',
  'geography',
  'resources',
  'crime',
  'delivery',
  'performance',
  'engagement',
  'scrutiny',
  'publishing',
  'search',
] as const;
