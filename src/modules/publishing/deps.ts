import type { OpenDataset } from '../../platform/context.js';
import type { PlansService } from '../plans/index.js';

/** How publishing shows and links a plan: the plans module's words and addresses, from its service. */
export type PlanWording = Pick<PlansService, 'isPublic' | 'termLabel' | 'statusTag' | 'priorityHeading' | 'textBlocks' | 'publicPlanPaths'>;
/** What publishing reads from plans: only the public reads, and how to show them. */
export type PublishingPlans = Pick<PlansService, 'current' | 'listPublic'> & PlanWording;
/** A public plan with its whole tree, as plans' service gives it. */
export type PublicPlanTree = NonNullable<Awaited<ReturnType<PlansService['current']>>>;
/** A public plan's record, as plans' service lists it. */
export type PublicPlan = Awaited<ReturnType<PlansService['listPublic']>>[number];

export interface PublishingDeps {
  plans: PublishingPlans;
  /** Every module's open datasets, read when the page is asked for (the registry passes it). */
  catalogue: () => OpenDataset[];
}
