import { STATUTORY_ELEMENTS, type StatutoryElement } from './schema.js';

/** What section 7 of the Police Reform and Social Responsibility Act 2011 expects a plan to set out. */
export const STATUTORY_LABELS: Record<StatutoryElement, string> = {
  objectives: 'The police and crime objectives',
  policing: 'The policing of the area which the chief officer is to provide',
  resources: 'The financial and other resources provided to the chief officer',
  reporting: 'How the chief officer will report to the body on the policing provided',
  performance: 'How the chief officer’s performance will be measured',
  grants: 'The crime and disorder reduction grants the body is to make, and their conditions',
};

export interface ChecklistInput {
  priorities: { title: string; forcePriorities: unknown[]; measures: unknown[] }[];
  sections: { title: string; covers: StatutoryElement[] }[];
}

export interface ChecklistItem {
  element: StatutoryElement;
  label: string;
  covered: boolean;
  /** Where in the plan it is covered. */
  coveredBy: string[];
}

/**
 * Works out each statutory item from the plan's own text (priorities, force priorities, measures
 * written in the plan, sections that say what they cover) and from what the plan links in other
 * modules (`linked`: the measures of the performance module linked to its priorities, budgets,
 * grants, the chief officer's reporting meetings).
 */
export function statutoryChecklist(
  plan: ChecklistInput,
  linked: readonly { element: StatutoryElement; coveredBy: string[] }[] = [],
): { items: ChecklistItem[]; gaps: StatutoryElement[] } {
  const by = new Map<StatutoryElement, string[]>(STATUTORY_ELEMENTS.map((e) => [e, []]));
  if (plan.priorities.length) by.get('objectives')!.push(`${plan.priorities.length} priorities`);
  for (const p of plan.priorities) {
    if (p.forcePriorities.length) by.get('policing')!.push(`Force priorities under “${p.title}”`);
    if (p.measures.length) by.get('performance')!.push(`Measures under “${p.title}”`);
  }
  for (const s of plan.sections) for (const c of s.covers) by.get(c)?.push(`Section “${s.title}”`);
  for (const l of linked) by.get(l.element)?.push(...l.coveredBy);
  const items = STATUTORY_ELEMENTS.map((element) => {
    const coveredBy = by.get(element)!;
    return { element, label: STATUTORY_LABELS[element], covered: coveredBy.length > 0, coveredBy };
  });
  return { items, gaps: items.filter((i) => !i.covered).map((i) => i.element) };
}
