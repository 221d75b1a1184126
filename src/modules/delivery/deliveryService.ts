import { createDeliveryContext, type DeliveryServiceDeps } from './deliveryContext.js';
import { createActionsService } from './actionsService.js';
import { createDeliveryPlansService } from './deliveryPlansService.js';
import { createImportsService } from './importsService.js';
import { createRemindersService } from './remindersService.js';
import { createReportsService } from './reportsService.js';
import { createUpdatesService } from './updatesService.js';

export {
  isPublicPlan,
  ragCounts,
  rollupOf,
  type ActionInput,
  type ActionView,
  type DeliveryServiceDeps,
  type PublicAction,
  type StoredFile,
  type UpdateInput,
} from './deliveryContext.js';

/**
 * The delivery service, one object for its callers (the routes, the registry, other modules) made
 * of its parts: delivery plans, actions, updates and their review, CSV import and export, reports,
 * and reminders. Each part holds the rules of its area and keeps its SQL in deliveryRepository.ts.
 */
export function createDeliveryService(deps: DeliveryServiceDeps) {
  const ctx = createDeliveryContext(deps);
  const deliveryPlans = createDeliveryPlansService(ctx);
  const actions = createActionsService(ctx);
  return {
    ...deliveryPlans,
    ...actions,
    ...createUpdatesService(ctx),
    ...createImportsService(ctx, deliveryPlans),
    ...createReportsService(ctx, deliveryPlans),
    ...createRemindersService(ctx, actions),
    financialYearLabel: ctx.financialYearLabel,
    getDeliveryPlan: ctx.mustPlan,
    catalogue: ctx.catalogue,
  };
}
export type DeliveryService = ReturnType<typeof createDeliveryService>;
