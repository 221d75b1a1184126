import { isPublic } from './lifecycle.js';
import { statusTag, termLabel } from './presenters/planList.js';
import { priorityHeading, publicPlanPaths } from './presenters/publicPlans.js';
import { textBlocks } from './presenters/publicText.js';

/**
 * How a plan is shown and linked to outside this module (the public site's home page, the
 * open-data catalogue): the plans module's own words and addresses, given through its service so
 * that other modules never import its presenters or lifecycle.
 */
export const planWording = {
  /** Whether a plan of this status may be shown to the public. */
  isPublic,
  /** "2024–2029". */
  termLabel,
  /** The status as a GOV.UK tag. */
  statusTag,
  /** "Objective 2": the plan's label for a priority with its number. */
  priorityHeading,
  /** A plan's text as paragraphs and lists. */
  textBlocks,
  /** The public addresses of a plan, its priorities and its documents. */
  publicPlanPaths,
};
export type PlanWording = typeof planWording;
