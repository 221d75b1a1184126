import type { PlansService } from '../plans/index.js';

/** The shapes of plans delivery reads, derived from the plans service (never its repository). */
export type Plan = NonNullable<Awaited<ReturnType<PlansService['get']>>>;
export type PlanTree = NonNullable<Awaited<ReturnType<PlansService['getTree']>>>;
export type PriorityTree = PlanTree['priorities'][number];
