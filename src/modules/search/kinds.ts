/** The kinds of record the search finds, in the order the filters list them, with their names. */
export const SEARCH_KINDS = {
  plan: 'Plans',
  priority: 'Priorities',
  commitment: 'Commitments',
  action: 'Delivery actions',
  update: 'Delivery updates',
  measure: 'Measures',
  consultation: 'Consultations',
  'you-said-we-did': 'You said, we did',
  'panel-report': 'Panel reports',
  recommendation: 'Recommendations and responses',
  decision: 'Decisions',
  inspection: 'Inspections',
  grant: 'Grants',
  contract: 'Contracts',
} as const;

export type SearchKind = keyof typeof SEARCH_KINDS;

/** The kinds, in the order the filters list them. */
export const SEARCH_KIND_LIST = Object.entries(SEARCH_KINDS)
  .map(([kind]) => kind)
  .filter(isSearchKind);

export function isSearchKind(value: string): value is SearchKind {
  return Object.hasOwn(SEARCH_KINDS, value);
}
