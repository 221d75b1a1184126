import type { Clock } from '../../platform/clock.js';
import type { Platform } from '../../platform/context.js';
import type { StageHandler } from '../plans/hooks.js';
import type { PlanPageLinksProvider } from '../plans/types.js';

/**
 * What engagement needs from other modules, declared narrowly here and passed in by the registry
 * (src/modules/index.ts). Geography and delivery are optional: without them the module falls back
 * to the local authorities in the settings, and "you said, we did" shows no delivery actions.
 */
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
export interface PlansLookup {
  getTreeByReference(reference: string): Promise<PlanRef | undefined>;
  /** Where engagement joins the plan's cycle (the plans service has them; fakes may not). */
  addPageLinks?(provider: PlanPageLinksProvider): void;
  addStageHandler?(handler: StageHandler): void;
  list(opts: { includeDrafts: boolean }): Promise<{ id: string; reference: string; title: string }[]>;
}

export interface GeoArea {
  code: string;
  name: string;
  parentCode?: string | null;
}
export interface GeoFeatureCollection {
  type: 'FeatureCollection';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  features: { type: 'Feature'; properties: Record<string, any> | null; geometry: any }[];
}
export interface GeographyLookup {
  areasOfForce(forceId: string, level: 'lad' | 'ward'): Promise<GeoArea[]>;
  boundaries(level: 'ward', ladCode: string): Promise<GeoFeatureCollection | null | undefined>;
  /** The latest population of an area (a number, or the geography service's { population }). */
  population(code: string): Promise<number | { population: number } | null | undefined>;
}

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
