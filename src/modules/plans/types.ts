import type { PlanStatus } from './schema.js';
import type { Role } from '../../platform/roles.js';

/**
 * Links that modules above plans add to a plan's pages: the Panel's reports on a plan, the
 * plan's delivery plans and annual reports. Plans cannot import those modules (they sit above
 * it), so each of them registers a provider with `plansService.addPageLinks(provider)` when it is
 * created; the plan's pages then ask every provider for its links. A provider decides what the
 * reader may see: for the public, only what is published.
 */
export interface PlanPageLink {
  text: string;
  href: string;
  /** A short line under the link: a date, a status. Plain text. */
  hint?: string;
}

/** One group of links on a plan's page, under its own heading. */
export interface PlanPageLinkGroup {
  /** Orders the groups on the page (lower first); ties keep the order providers were added. */
  order?: number;
  heading: string;
  links: PlanPageLink[];
}

/** The plan being shown, as a provider sees it. */
export interface PlanPageRef {
  id: string;
  reference: string;
  title: string;
  status: PlanStatus;
}

/** Who is reading: the public site, or a member of staff with a role. */
export type PlanPageAudience = { audience: 'public' } | { audience: 'staff'; role: Role | null };

/** Gives a group of links for a plan's page, or null when it has nothing to show. */
export type PlanPageLinksProvider = (plan: PlanPageRef, reader: PlanPageAudience) => Promise<PlanPageLinkGroup | null>;
