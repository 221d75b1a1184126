import { STATUS_LABELS, isPublic } from '../lifecycle.js';
import type { Plan, PlanTree, PriorityTree } from '../plansRepository.js';
import { statusTag, termLabel } from './planList.js';
import { textBlocks, firstParagraph, type TextBlock } from './publicText.js';
import type { PlanPageLinkGroup } from '../types.js';

/** Public URLs of plans, used for routing links, the API's links and the Word export. */
export const publicPlanPaths = {
  list: () => '/plans',
  plan: (ref: string) => `/plans/${encodeURIComponent(ref)}`,
  priority: (ref: string, priorityRef: string) => `/plans/${encodeURIComponent(ref)}/priorities/${encodeURIComponent(priorityRef)}`,
  docx: (ref: string) => `/plans/${encodeURIComponent(ref)}/plan.docx`,
  json: (ref: string) => `/plans/${encodeURIComponent(ref)}/plan.json`,
  api: (ref: string) => `/api/v1/plans/${encodeURIComponent(ref)}`,
};

type PlanRef = Pick<Plan, 'id' | 'reference' | 'title' | 'status' | 'previousVersionId' | 'termStart' | 'termEnd'>;

export interface LineageLink {
  reference: string;
  title: string;
  term: string;
  href: string;
}

/**
 * The public neighbours of a plan in its version lineage: the version it refreshes and the
 * version that replaced it. Only public plans are considered, so a draft refresh never shows.
 */
export function publicLineage(plan: Pick<Plan, 'id' | 'previousVersionId'>, publicPlans: PlanRef[]) {
  const visible = publicPlans.filter((p) => isPublic(p.status));
  const link = (p: PlanRef | undefined): LineageLink | null =>
    p ? { reference: p.reference, title: p.title, term: termLabel(p), href: publicPlanPaths.plan(p.reference) } : null;
  const previous = plan.previousVersionId ? visible.find((p) => p.id === plan.previousVersionId) : undefined;
  const next = visible.find((p) => p.previousVersionId === plan.id);
  return { refreshes: link(previous), supersededBy: link(next) };
}

/** "Objective 3", "Point 10", "Priority objective 2". */
export function priorityHeading(label: string, position: number) {
  return `${label} ${position}`;
}

function summaryRow(p: Plan, all: Plan[]) {
  const lineage = publicLineage(p, all);
  return {
    reference: p.reference,
    title: p.title,
    term: termLabel(p),
    version: p.version,
    status: statusTag(p.status),
    superseded: p.status === 'superseded',
    href: publicPlanPaths.plan(p.reference),
    summary: firstParagraph(p.summary ?? p.vision),
    ...lineage,
  };
}

/** The public list of plans: the plans in force first, then past plans (superseded, marked). */
export function publicPlanListPresenter(plans: Plan[]) {
  const visible = plans.filter((p) => isPublic(p.status));
  return {
    current: visible.filter((p) => p.status === 'published').map((p) => summaryRow(p, visible)),
    past: visible.filter((p) => p.status === 'superseded').map((p) => summaryRow(p, visible)),
    hasPlans: visible.length > 0,
  };
}

/** The number of a priority: its place in the plan's order (positions may have gaps). */
function numberOf(tree: PlanTree, p: PriorityTree) {
  return tree.priorities.indexOf(p) + 1;
}

function priorityLink(tree: PlanTree, p: PriorityTree) {
  return {
    reference: p.reference,
    number: numberOf(tree, p),
    heading: priorityHeading(tree.priorityLabel, numberOf(tree, p)),
    title: p.title,
    href: publicPlanPaths.priority(tree.reference, p.reference),
  };
}

/** Rows of the plan's performance table: priority → measure → intended outcome. */
export function performanceRows(tree: PlanTree) {
  return tree.priorities.flatMap((p) =>
    p.measures.map((m) => ({
      priority: `${priorityHeading(tree.priorityLabel, numberOf(tree, p))}: ${p.title}`,
      measure: m.measure,
      outcome: m.outcome ?? '',
    })),
  );
}

/** Rows of the force priorities table: priority → force priority → areas of focus → lead. */
export function forcePriorityRows(tree: PlanTree) {
  return tree.priorities.flatMap((p) =>
    p.forcePriorities.map((f) => ({
      priority: `${priorityHeading(tree.priorityLabel, numberOf(tree, p))}: ${p.title}`,
      forcePriority: f.title,
      areasOfFocus: f.areasOfFocus,
      lead: f.lead ?? '',
    })),
  );
}

function govukRows(rows: string[][]) {
  return rows.map((r) => r.map((text) => ({ text })));
}

/**
 * The public page of one plan. `publicPlans` is every public plan, for the lineage; `links` are
 * the other modules' links about this plan (the Panel's reports, progress, annual reports).
 */
export function publicPlanPresenter(tree: PlanTree, publicPlans: Plan[], links: PlanPageLinkGroup[] = []) {
  const lineage = publicLineage(tree, publicPlans);
  const perf = performanceRows(tree);
  const force = forcePriorityRows(tree);
  const outcomeLinks = new Map(tree.outcomes.map((o) => [o.id, [] as ReturnType<typeof priorityLink>[]]));
  for (const p of tree.priorities) for (const id of p.outcomeIds) outcomeLinks.get(id)?.push(priorityLink(tree, p));
  return {
    title: tree.title,
    reference: tree.reference,
    term: termLabel(tree),
    termStart: tree.termStart,
    termEnd: tree.termEnd,
    status: statusTag(tree.status),
    statusLabel: STATUS_LABELS[tree.status],
    superseded: tree.status === 'superseded',
    version: tree.version,
    publishedAt: tree.publishedAt,
    /** When the plan's record last changed: a refresh superseding it, a correction re-imported. */
    updatedAt: tree.updatedAt,
    priorityLabel: tree.priorityLabel,
    summary: textBlocks(tree.summary),
    vision: textBlocks(tree.vision),
    mission: textBlocks(tree.mission),
    values: tree.values,
    outcomes: tree.outcomes.map((o) => ({
      reference: o.reference,
      title: o.title,
      description: textBlocks(o.description),
      priorities: outcomeLinks.get(o.id) ?? [],
    })),
    priorities: tree.priorities.map((p) => ({
      ...priorityLink(tree, p),
      summary: firstParagraph(p.narrative, 200),
      commitmentCount: p.commitments.length,
    })),
    sections: tree.sections.map((s) => ({ id: `section-${s.reference.replace(/[^\w-]/g, '-')}`, title: s.title, body: textBlocks(s.body) })),
    performance: perf.length
      ? {
          caption: `How performance against each ${tree.priorityLabel.toLowerCase()} will be measured`,
          head: [{ text: tree.priorityLabel }, { text: 'Measure' }, { text: 'Intended outcome' }],
          rows: govukRows(perf.map((r) => [r.priority, r.measure, r.outcome])),
        }
      : null,
    forcePriorities: force.length
      ? {
          caption: `Force priorities under each ${tree.priorityLabel.toLowerCase()}`,
          head: [{ text: tree.priorityLabel }, { text: 'Force priority' }, { text: 'Areas of focus' }, { text: 'Lead' }],
          rows: govukRows(force.map((r) => [r.priority, r.forcePriority, r.areasOfFocus.join('; '), r.lead])),
        }
      : null,
    ...lineage,
    links,
    downloads: { docx: publicPlanPaths.docx(tree.reference), json: publicPlanPaths.json(tree.reference), api: publicPlanPaths.api(tree.reference) },
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Police and crime plans', href: publicPlanPaths.list() },
    ],
  };
}

export interface PublicPriorityPage {
  plan: { title: string; reference: string; term: string; href: string; superseded: boolean; priorityLabel: string };
  heading: string;
  title: string;
  narrative: TextBlock[];
  commitments: { reference: string; number: number; title: string; description: TextBlock[] }[];
  forcePriorities: { title: string; lead: string; areasOfFocus: string[] }[];
  measures: { caption: string; head: { text: string }[]; rows: { text: string }[][] } | null;
  outcomes: { reference: string; title: string; description: TextBlock[] }[];
  achievements: string[];
  plannedActions: string[];
  isEmpty: boolean;
  pagination: { previous?: { href: string; labelText: string }; next?: { href: string; labelText: string } } | null;
  breadcrumbs: { text: string; href: string }[];
  supersededBy: LineageLink | null;
}

/** The public page of one priority of a plan, or undefined when the plan has no such priority. */
export function publicPriorityPresenter(tree: PlanTree, priorityRef: string, publicPlans: Plan[]): PublicPriorityPage | undefined {
  const index = tree.priorities.findIndex((p) => p.reference === priorityRef);
  if (index < 0) return undefined;
  const p = tree.priorities[index];
  const heading = priorityHeading(tree.priorityLabel, index + 1);
  const prev = tree.priorities[index - 1];
  const next = tree.priorities[index + 1];
  const link = (x: PriorityTree) => ({
    href: publicPlanPaths.priority(tree.reference, x.reference),
    labelText: `${priorityHeading(tree.priorityLabel, numberOf(tree, x))}: ${x.title}`,
  });
  const planHref = publicPlanPaths.plan(tree.reference);
  const commitments = p.commitments.map((c, i) => ({ reference: c.reference, number: i + 1, title: c.title, description: textBlocks(c.description) }));
  const outcomes = tree.outcomes
    .filter((o) => p.outcomeIds.includes(o.id))
    .map((o) => ({ reference: o.reference, title: o.title, description: textBlocks(o.description) }));
  const narrative = textBlocks(p.narrative);
  return {
    plan: {
      title: tree.title,
      reference: tree.reference,
      term: termLabel(tree),
      href: planHref,
      superseded: tree.status === 'superseded',
      priorityLabel: tree.priorityLabel,
    },
    heading,
    title: p.title,
    narrative,
    commitments,
    forcePriorities: p.forcePriorities.map((f) => ({ title: f.title, lead: f.lead ?? '', areasOfFocus: f.areasOfFocus })),
    measures: p.measures.length
      ? {
          caption: `How this ${tree.priorityLabel.toLowerCase()} will be measured`,
          head: [{ text: 'Measure' }, { text: 'Intended outcome' }],
          rows: govukRows(p.measures.map((m) => [m.measure, m.outcome ?? ''])),
        }
      : null,
    outcomes,
    achievements: p.achievements,
    plannedActions: p.plannedActions,
    isEmpty: !narrative.length && !commitments.length && !p.forcePriorities.length && !p.measures.length && !p.achievements.length && !p.plannedActions.length,
    pagination: prev || next ? { ...(prev ? { previous: link(prev) } : {}), ...(next ? { next: link(next) } : {}) } : null,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Police and crime plans', href: publicPlanPaths.list() },
      { text: tree.title, href: planHref },
    ],
    supersededBy: publicLineage(tree, publicPlans).supersededBy,
  };
}
