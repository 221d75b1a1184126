import type { Database } from '../../db/index.js';
import type { Clock } from '../../platform/clock.js';
import type { UsersService } from '../../platform/identity/usersService.js';
import type { Mailer } from '../../platform/mailer.js';
import type { Notifications } from '../../platform/notifications.js';
import type { PlansService } from '../plans/index.js';

/**
 * What resources needs from the plans module: functions of its service, passed in by the registry
 * (src/modules/index.ts). Where the plan's checklist asks for what resources holds is optional
 * (the plans service has it; fakes may not).
 */
export type ResourcesPlans = Pick<PlansService, 'current' | 'getTreeByReference'> & Partial<Pick<PlansService, 'addChecklistEvidence'>>;

/** The plan's checklist, as the plans service takes its evidence from other modules. */
export type ChecklistEvidenceProvider = Parameters<PlansService['addChecklistEvidence']>[0];
export type StagePlan = Parameters<ChecklistEvidenceProvider>[0];
export type ChecklistEvidence = Awaited<ReturnType<ChecklistEvidenceProvider>>;

/** What the resources service is built from: the platform's parts it uses, and the plans service. */
export interface ResourcesServiceDeps {
  database: Database;
  mailer: Mailer;
  users: UsersService;
  plans: ResourcesPlans;
  clock: Clock;
  notifications?: Notifications;
}
