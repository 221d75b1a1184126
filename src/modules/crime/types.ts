export type CrimeDim = 'month' | 'category' | 'force' | 'localAuthority' | 'ward' | 'lsoa';
export const CRIME_DIMS: readonly CrimeDim[] = ['month', 'category', 'force', 'localAuthority', 'ward', 'lsoa'];

export interface CountsQuery {
  force?: string;
  /** YYYY-MM, inclusive. */
  from?: string;
  to?: string;
  by: CrimeDim[];
  /** police.uk category slugs. */
  category?: string[];
  /** An ONS code of any level (force area, CSP, local authority, ward, LSOA). */
  area?: string;
}

export interface CountRow {
  month?: string;
  category?: string;
  categoryName?: string;
  force?: string;
  localAuthority?: string;
  localAuthorityName?: string;
  ward?: string;
  wardName?: string;
  lsoa?: string;
  count: number;
}

export const STOP_SEARCH_DIMS = ['month', 'selfDefinedEthnicity', 'officerDefinedEthnicity', 'ageRange', 'objectOfSearch', 'outcome', 'gender'] as const;
export type StopSearchDim = (typeof STOP_SEARCH_DIMS)[number];
export const OUTCOME_DIMS = ['month', 'outcome', 'category'] as const;
export type OutcomeDim = (typeof OUTCOME_DIMS)[number];

/** A force's outcomes or stop-and-search counts over a month range, grouped by `by`. */
export interface GroupedQuery<D extends string> {
  force: string;
  from?: string;
  to?: string;
  by: D[];
}

export interface CrimeService {
  counts(q: CountsQuery): Promise<CountRow[]>;
  categories(): Promise<{ slug: string; name: string }[]>;
  /** YYYY-MM with street data, sorted. */
  months(force: string): Promise<string[]>;
  stopSearch(q: GroupedQuery<StopSearchDim>): Promise<Array<Record<string, string | number>>>;
  outcomes(q: GroupedQuery<OutcomeDim>): Promise<Array<Record<string, string | number>>>;
}
