import type { PerformanceService } from '../performance/performanceService.js';
import type { PlansService } from '../plans/plansService.js';

/**
 * What scrutiny needs from other modules, passed in by the registry (src/modules/index.ts): the
 * plans service's reads and the hooks where scrutiny joins the plan's cycle, and (optionally) the
 * performance service's measures, which accountability topics may be about.
 */
export type ScrutinyPlans = Pick<PlansService, 'get' | 'list' | 'getTree' | 'addPageLinks' | 'addStageHandler' | 'addChecklistEvidence'>;
export type ScrutinyMeasures = Pick<PerformanceService, 'list'>;

export interface ScrutinyDeps {
  plans: ScrutinyPlans;
  measures?: ScrutinyMeasures;
}
