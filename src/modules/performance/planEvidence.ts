import type { ChecklistEvidence, StagePlan } from '../plans/hooks.js';

/** A measure as the checklist needs it. */
export interface MeasureLink {
  reference: string;
  name: string;
  planReference: string | null;
  priorityRefs: string[];
}

/**
 * How the chief officer's performance is measured, read from the record: the measures of the
 * performance pages linked to the plan's priorities. The plan's checklist and its performance pages
 * then say the same thing.
 */
export function measureEvidence(plan: StagePlan, measures: readonly MeasureLink[]): ChecklistEvidence {
  const byPriority: Record<string, { text: string; href: string }[]> = {};
  const coveredBy: string[] = [];
  for (const p of plan.priorities) {
    const linked = measures.filter((m) => m.planReference === plan.reference && m.priorityRefs.includes(p.reference));
    if (!linked.length) continue;
    byPriority[p.reference] = linked.map((m) => ({ text: m.name, href: `/admin/performance/measures/${encodeURIComponent(m.reference)}` }));
    coveredBy.push(`${linked.length} ${linked.length === 1 ? 'measure' : 'measures'} of the performance pages under “${p.title}”`);
  }
  return { covers: coveredBy.length ? [{ element: 'performance', coveredBy }] : [], byPriority };
}
