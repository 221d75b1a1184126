import type { Clock } from '../../platform/clock.js';
import type { Platform } from '../../platform/context.js';
import type { GeographyService } from '../geography/types.js';
import type { PlansService } from '../plans/plansService.js';

/**
 * What engagement needs from other modules, declared narrowly here and passed in by the registry
 * (src/modules/index.ts). Geography and delivery are optional: without them the module falls back
 * to the local authorities in the settings, and "you said, we did" shows no delivery actions.
 */
export type PlansLookup = Pick<PlansService, 'getTreeByReference' | 'addPageLinks' | 'addStageHandler' | 'list'>;
export type GeographyLookup = Pick<GeographyService, 'areasOfForce' | 'boundaries' | 'population'>;

/** What the consultation pages show of the plan a consultation informs (a plan's tree has it). */
export interface PlanPriorityRef {
  id: string;
  reference: string;
  title: string;
  commitments: { id: string; reference: string; title: string }[];
}
export interface PlanRef {
  id: string;
  reference: string;
  title: string;
  priorityLabel?: string;
  priorities: PlanPriorityRef[];
}
/** An area as engagement lists it (from geography, or the local authorities in the settings). */
export interface GeoArea {
  code: string;
  name: string;
  parentCode?: string | null;
}

/**
 * Delivery sits at engagement's own layer (.dependency-cruiser.cjs: engagement may import only
 * crime, plans, geography and resources), so its service's type cannot be named here: what
 * engagement needs of it is written out, and the delivery service has it.
 */
export interface PublicAction {
  id: string;
  title: string;
  status?: string | null;
  statusLabel?: string | null;
  reference?: string | null;
  /** Where the action's public page is (the delivery service calls it url). */
  url?: string | null;
  href?: string | null;
}
export type ListPublicActions = (filter: { priorityId?: string; commitmentId?: string }) => Promise<PublicAction[]>;
export interface ActionsLookup {
  listPublicActions: ListPublicActions;
}

export interface EngagementDeps {
  plans?: PlansLookup;
  geography?: GeographyLookup;
  actions?: ActionsLookup;
  /** Tells people (acknowledgements) and subscribers (a consultation opened): the platform's services. */
  notify?: Pick<Platform, 'notifications' | 'subscriptions'>;
  /** The app's clock (platform.clock); the real time when absent. */
  clock?: Clock;
}
