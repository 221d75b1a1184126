import type { Database } from '../../db/index.js';
import { joinText, yearOf, searchSource, type SearchDocument, type SearchSource } from '../../platform/searchDocuments.js';
import { deliveryPermissions } from './deliveryPermissions.js';
import { isPublicPlan } from './deliveryContext.js';
import { deliveryPaths } from './presenters/planLinks.js';
import { deliveryRepository } from './deliveryRepository.js';
import type { PlansLookup } from './deps.js';

/** The audit entity types whose changes can change these documents: delivery's own records, and plans (a plan's status decides whether its actions are public). */
const DELIVERY_SEARCH_ENTITY_TYPES = ['delivery-plan', 'delivery-action', 'delivery-update', 'settings', 'plan'];

/**
 * Delivery actions and their updates for the site-wide search: on the public pages when their
 * plan is public (updates only once approved, as the public pages show them); on the staff page
 * of the action to the roles that may see delivery in the staff area.
 */
export function deliverySearchSource(database: Database, plans: Pick<PlansLookup, 'get'>): SearchSource {
  return searchSource('delivery', DELIVERY_SEARCH_ENTITY_TYPES, async () => {
    const { plans: dps, actions, updates } = await deliveryRepository.everything(database.db);
    const isPublic = new Map<string, boolean>();
    for (const dp of dps) isPublic.set(dp.id, isPublicPlan(await plans.get(dp.planId)));
    const dpById = new Map(dps.map((d) => [d.id, d]));
    const actionById = new Map(actions.map((a) => [a.id, a]));
    const staff = deliveryPermissions.table['delivery:view-staff'];
    const publicHref = (dpRef: string, actionRef: string) => `${deliveryPaths.plan(dpRef)}/actions/${encodeURIComponent(actionRef)}`;
    const out: SearchDocument[] = [];
    for (const a of actions) {
      const dp = dpById.get(a.deliveryPlanId);
      if (!dp) continue;
      const d = { kind: 'action', id: a.id, title: a.title, body: joinText(a.description, a.leadOrganisation), year: yearOf(dp.yearStart) };
      if (isPublic.get(dp.id)) out.push({ ...d, href: publicHref(dp.reference, a.reference), audience: 'public' });
      out.push({ ...d, href: `/admin/delivery/actions/${encodeURIComponent(a.id)}`, audience: staff });
    }
    for (const u of updates) {
      const a = actionById.get(u.actionId);
      const dp = a && dpById.get(a.deliveryPlanId);
      if (!a || !dp) continue;
      const d = { kind: 'update', id: u.id, title: `Update on ${a.title}`, body: u.narrative, year: yearOf(u.asOf) };
      if (u.state === 'approved' && isPublic.get(dp.id)) out.push({ ...d, href: publicHref(dp.reference, a.reference), audience: 'public' });
      out.push({ ...d, href: `/admin/delivery/actions/${encodeURIComponent(a.id)}`, audience: staff });
    }
    return out;
  });
}
