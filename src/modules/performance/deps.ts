/** What performance needs from the modules below it and beside it: narrow interfaces, passed in by the registry. */
import type { GeographyService } from '../geography/types.js';
import type { CrimeService } from '../crime/types.js';
import type { PlansService } from '../plans/index.js';

export type { Area, AreaLevel } from '../geography/types.js';

export interface LocalAction {
  reference: string;
  title: string;
  status: string;
  progress: number | null;
  /** Where the action is shown publicly, when delivery gives one. */
  href?: string;
  statusLabel?: string;
}

export interface PerformanceDeps {
  plans: Pick<PlansService, 'getTreeByReference' | 'current'> & Partial<Pick<PlansService, 'addChecklistEvidence'>>;
  geography: Pick<
    GeographyService,
    'area' | 'children' | 'areasOfForce' | 'boundaries' | 'population' | 'forces' | 'postcode' | 'normalisePostcode' | 'postcodeCount'
  >;
  crime: Pick<CrimeService, 'counts' | 'categories' | 'months' | 'stopSearch'>;
  /** Delivery's actions for a local authority or ward (delivery is at this module's level, so it is a function). */
  areaActions?: (areaCode: string) => Promise<LocalAction[]>;
  /** "Name, role" of the person with this e-mail address, for commentary saved before bylines were kept. */
  bylineOf?: (email: string) => Promise<string | undefined>;
}
