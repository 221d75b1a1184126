import type { PlansService } from '../plans/plansService.js';

/**
 * What scrutiny needs from other modules, passed in by the registry (src/modules/index.ts): the
 * plans service's reads and the hooks where scrutiny joins the plan's cycle, and (optionally) the
 * performance module's measures, which accountability topics may be about.
 */
export type ScrutinyPlans = Pick<PlansService, 'get' | 'list' | 'getTree' | 'inForce' | 'addPageLinks' | 'addStageHandler' | 'addChecklistEvidence'>;
/**
 * The measures, as the registry gives them from the performance module: scrutiny sits below
 * performance in the layers (.dependency-cruiser.cjs), so it cannot name that module's service.
 */
export interface ScrutinyMeasures {
  list(): Promise<{ id: string; title: string }[]>;
}

export interface ScrutinyDeps {
  plans: ScrutinyPlans;
  measures?: ScrutinyMeasures;
}
