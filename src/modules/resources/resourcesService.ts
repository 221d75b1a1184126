import { createContractsService } from './contractsService.js';
import type { ResourcesServiceDeps } from './deps.js';
import { createFinanceService } from './financeService.js';
import { financeRepository } from './financeRepository.js';
import { createGrantsService } from './grantsService.js';
import { createPlanLinks } from './planLinks.js';

export type { ContractInput, ContractReturnInput } from './contractsService.js';
export { CONTRACT_REMINDER_DAYS } from './contractsService.js';
export type { FinanceLineInput, WorkforceFigureInput, WorkforceTargetInput } from './financeService.js';
export type { ApplicationInput, RoundInput } from './grantsService.js';

/**
 * The resources module's service: finance, workforce and spending; commissioned services; grant
 * funds. Each area is its own file; this is the one object index.ts and the routes use.
 */
export function createResourcesService(deps: ResourcesServiceDeps) {
  const links = createPlanLinks(deps.plans);
  return {
    ...createFinanceService(deps, links),
    ...createContractsService(deps, links),
    ...createGrantsService(deps, links),
    // plan links
    planPriorities: links.planPriorities,
    currentPlanReference: links.currentPlanReference,
    currentPlanTerm: links.currentPlanTerm,
    /** Counts for the staff overview. */
    counts: () => financeRepository.counts(deps.database),
  };
}
export type ResourcesService = ReturnType<typeof createResourcesService>;
