import type { FeatureCollection } from 'geojson';

export type AreaLevel = 'pfa' | 'csp' | 'lad' | 'ward' | 'lsoa';
export const AREA_LEVELS: readonly AreaLevel[] = ['pfa', 'csp', 'lad', 'ward', 'lsoa'];

export interface Area {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  /** The ONS vintage of the code, e.g. '2021' for LSOA 2021, '2023' for WD23. */
  vintage?: string;
}

/** One LSOA (any vintage) with the current ward, local authority, CSP and force area it falls in. */
export interface LsoaPlace {
  lsoa: string;
  lsoaName: string;
  vintage: string;
  ward: string | null;
  wardName: string | null;
  lad: string | null;
  ladName: string | null;
  csp: string | null;
  pfa: string | null;
}

export interface Force {
  /** police.uk slug, e.g. 'cleveland'. */
  id: string;
  name: string;
  /** ONS police force area code (E23…) where the force has one (BTP has none). */
  code: string | null;
}

/** Where a postcode is (null where it lies in no imported area). */
export interface PostcodePlace {
  postcode: string;
  lsoa: string | null;
  ward: string | null;
  lad: string | null;
  pfa: string | null;
}

export interface GeographyService {
  /** Where a postcode is; undefined when it is not a postcode or not in any imported postcode file. */
  postcode(postcode: string): Promise<PostcodePlace | undefined>;
  /** "ts1 1aa" → "TS1 1AA"; undefined when the text is not a full UK postcode. */
  normalisePostcode(text: string): string | undefined;
  /** How many postcodes are imported (0: none, so a postcode cannot be looked up). */
  postcodeCount(): Promise<number>;
  area(code: string): Promise<Area | undefined>;
  /** Current areas at `level` directly or indirectly under `parentCode` (e.g. wards of a LAD). */
  children(parentCode: string, level: AreaLevel): Promise<Area[]>;
  /** forceId = police.uk slug e.g. 'cleveland'. */
  areasOfForce(forceId: string, level: 'lad' | 'ward' | 'lsoa'): Promise<Area[]>;
  /** Feature properties: code, name. */
  boundaries(level: 'ward' | 'lsoa', ladCode: string): Promise<FeatureCollection>;
  /** The figure for `year`, or the latest year available when no year is given. */
  population(code: string, year?: number): Promise<{ year: number; population: number } | undefined>;
  forces(): Promise<Force[]>;
  /** Every LSOA (2011 and 2021) with the current ward/LAD/CSP/PFA it rolls up to. */
  lsoaPlaces(): Promise<LsoaPlace[]>;
  /** Changes whenever geography is imported (lets dependants refresh their caches). */
  revision(): Promise<string>;
}
