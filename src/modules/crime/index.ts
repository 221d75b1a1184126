import type { AppModule, Platform } from '../../platform/context.js';
import type { GeographyService } from '../geography/types.js';
import { createCrimeReads } from './crimeReads.js';
import type { CrimeService } from './types.js';

export type { CrimeService, CrimeDim, CountRow, CountsQuery, StopSearchDim, OutcomeDim } from './types.js';
export { CATEGORIES } from './categories.js';

export interface CrimeModule extends AppModule {
  service: CrimeService & ReturnType<typeof createCrimeReads>;
}

export function createCrimeModule(platform: Platform, deps: { geography: GeographyService }): CrimeModule {
  const reads = createCrimeReads(platform.database, deps.geography);
  const service = { ...reads };
  return {
    name: 'crime',
    service,
    routes() {},
  };
}
