import type { PlanTree } from '../plansRepository.js';
import type { PlanPageLinkGroup } from '../types.js';
import { termLabel } from './planList.js';
import { textBlocks } from './publicText.js';

/** The public address of a plan out for consultation, read as a draft. */
export const draftPlanPath = (ref: string) => `/plans/${encodeURIComponent(ref)}/draft`;

/**
 * A draft plan as the public reads it while it is out for consultation: its whole text, the
 * priorities with their commitments, and the consultation's links (dates and how to respond),
 * which engagement gives through the plan's page links.
 */
export function draftPlanPresenter(tree: PlanTree, links: PlanPageLinkGroup[]) {
  return {
    reference: tree.reference,
    title: tree.title,
    term: termLabel(tree),
    version: tree.version,
    summary: textBlocks(tree.summary),
    vision: textBlocks(tree.vision),
    mission: textBlocks(tree.mission),
    values: tree.values,
    priorityLabel: tree.priorityLabel,
    priorities: tree.priorities.map((p, i) => ({
      heading: `${tree.priorityLabel} ${i + 1}`,
      title: p.title,
      narrative: textBlocks(p.narrative),
      commitments: p.commitments.map((c) => c.title),
    })),
    sections: tree.sections.map((s) => ({ title: s.title, body: textBlocks(s.body) })),
    links,
  };
}
