import { STATUS_LABELS, isPublic } from '../lifecycle.js';
import type { Plan, PlanTree, PriorityTree } from '../plansRepository.js';
import { statusTag, termLabel } from './planList.js';
import { textBlocks, firstParagraph, type TextBlock } from './publicText.js';
import type { PlanPageLinkGroup } from '../types.js';
import { pluralNoun } from '../../../platform/views.js';
import { planFacts } from './planFacts.js';

/** The area's words a plan's public pages need: what its plans are called, who scrutinises them. */
export interface PlanNames {
  planKind: string;
  scrutinyBodyName: string;
}

/** Public URLs of plans, used for routing links, the API's links and the Word export. */
export const publicPlanPaths = {
  list: () => '/plans',
  plan: (ref: string) => `/plans/${encodeURIComponent(ref)}`,
  priority: (ref: string, priorityRef: string) => `/plans/${encodeURIComponent(ref)}/priorities/${encodeURIComponent(priorityRef)}`,
  docx: (ref: string) => `/plans/${encodeURIComponent(ref)}/plan.docx`,
  json: (ref: string) => `/plans/${encodeURIComponent(ref)}/plan.json`,
  pdf: (ref: string) => `/plans/${encodeURIComponent(ref)}/plan.pdf`,
  api: (ref: string) => `/api/v1/plans/${encodeURIComponent(ref)}`,
};

type PlanRef = Pick<
  Plan,
  | 'id'
  | 'reference'
  | 'title'
  | 'status'
  | 'version'
  | 'previousVersionId'
  | 'followsId'
  | 'termStart'
  | 'termEnd'
  | 'publishedOn'
  | 'publishedAt'
  | 'documentTitle'
>;

export interface LineageLink {
  reference: string;
  title: string;
  term: string;
  href: string;
  /** "version 2, published December 2024": tells versions of the same title apart. */
  version: string;
}

/** "version 2, superseded, published December 2024". */
export function versionLabel(p: Pick<Plan, 'version' | 'status' | 'publishedOn' | 'publishedAt'>): string {
  const published = planFacts({
    ...p,
    title: '',
    documentTitle: null,
    consultationOpens: null,
    consultationCloses: null,
    consultationExtension: null,
    panelReviewOn: null,
    commissionerName: null,
    commissionerTitle: null,
  }).publishedLabel;
  // "published, published December 2024" says it twice: a published version's date says it all.
  const status = p.status === 'published' && published ? null : STATUS_LABELS[p.status].toLowerCase();
  return [`version ${p.version}`, status, published ? `published ${published}` : null].filter(Boolean).join(', ');
}

/**
 * The public neighbours of a plan in its version lineage: the version it refreshes and the
 * version that replaced it. Only public plans are considered, so a draft refresh never shows.
 */
export function publicLineage(plan: Pick<Plan, 'id' | 'previousVersionId' | 'followsId'>, publicPlans: PlanRef[]) {
  const visible = publicPlans.filter((p) => isPublic(p.status));
  const link = (p: PlanRef | undefined): LineageLink | null =>
    p
      ? { reference: p.reference, title: p.documentTitle ?? p.title, term: termLabel(p), href: publicPlanPaths.plan(p.reference), version: versionLabel(p) }
      : null;
  const previous = plan.previousVersionId ? visible.find((p) => p.id === plan.previousVersionId) : undefined;
  const next = visible.find((p) => p.previousVersionId === plan.id);
  const follows = plan.followsId ? visible.find((p) => p.id === plan.followsId) : undefined;
  const followedBy = visible.find((p) => p.followsId === plan.id);
  return { refreshes: link(previous), supersededBy: link(next), follows: link(follows), followedBy: link(followedBy) };
}

/** What the plan calls each level (its own labels, else the plain words). */
export function planLabels(tree: Pick<Plan, 'priorityLabel' | 'labels'>) {
  return {
    priority: tree.priorityLabel,
    commitment: tree.labels.commitment ?? 'Commitment',
    outcome: tree.labels.outcome ?? 'Outcome',
    theme: tree.labels.theme ?? 'Cross-cutting theme',
  };
}

/** "Objective 3", "Point 10", "Priority objective 2". */
export function priorityHeading(label: string, position: number) {
  return `${label} ${position}`;
}

function summaryRow(p: Plan, all: Plan[]) {
  const lineage = publicLineage(p, all);
  return {
    reference: p.reference,
    title: p.documentTitle ?? p.title,
    term: termLabel(p),
    version: versionLabel(p),
    /** The card's own rows: its status is the tag, so the number and the date say the rest. */
    versionNumber: String(p.version),
    published: planFacts(p).publishedLabel,
    status: statusTag(p.status),
    superseded: p.status === 'superseded',
    href: publicPlanPaths.plan(p.reference),
    summary: firstParagraph(p.summary ?? p.vision),
    ...lineage,
  };
}

/** The public list of plans: the plans in force first, then past plans (superseded, marked). */
export function publicPlanListPresenter(plans: Plan[], names: PlanNames) {
  const visible = plans.filter((p) => isPublic(p.status));
  return {
    heading: pluralNoun(names.planKind),
    kind: names.planKind,
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
export function publicPlanPresenter(tree: PlanTree, publicPlans: Plan[], names: PlanNames, links: PlanPageLinkGroup[] = []) {
  const lineage = publicLineage(tree, publicPlans);
  const facts = planFacts(tree, names);
  const labels = planLabels(tree);
  const priorityLinks = new Map(tree.priorities.map((p) => [p.id, priorityLink(tree, p)]));
  const perf = performanceRows(tree);
  const force = forcePriorityRows(tree);
  const outcomeLinks = new Map<string, ReturnType<typeof priorityLink>[]>(tree.outcomes.map((o) => [o.id, []]));
  for (const p of tree.priorities) for (const id of p.outcomeIds) outcomeLinks.get(id)?.push(priorityLink(tree, p));
  return {
    title: facts.documentTitle,
    facts,
    labels,
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
      commitmentCountText: `${p.commitments.length} ${p.commitments.length === 1 ? labels.commitment.toLowerCase() : pluralNoun(labels.commitment).toLowerCase()}`,
    })),
    themes: tree.themes.map((t) => ({
      reference: t.reference,
      title: t.title,
      description: textBlocks(t.description),
      priorities: t.priorityIds.map((id) => priorityLinks.get(id)).filter((x): x is ReturnType<typeof priorityLink> => Boolean(x)),
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
    downloads: {
      docx: publicPlanPaths.docx(tree.reference),
      pdf: publicPlanPaths.pdf(tree.reference),
      json: publicPlanPaths.json(tree.reference),
      api: publicPlanPaths.api(tree.reference),
    },
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: pluralNoun(names.planKind), href: publicPlanPaths.list() },
    ],
  };
}

export interface PublicPriorityPage {
  plan: { title: string; reference: string; term: string; href: string; superseded: boolean; priorityLabel: string; commitmentsHeading: string };
  lists: { label: string; items: string[] }[];
  themes: { reference: string; title: string }[];
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
export function publicPriorityPresenter(tree: PlanTree, priorityRef: string, publicPlans: Plan[], names: PlanNames): PublicPriorityPage | undefined {
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
      title: tree.documentTitle ?? tree.title,
      reference: tree.reference,
      term: termLabel(tree),
      href: planHref,
      superseded: tree.status === 'superseded',
      priorityLabel: tree.priorityLabel,
      commitmentsHeading: pluralNoun(planLabels(tree).commitment),
    },
    lists: p.lists,
    themes: tree.themes.filter((t) => t.priorityIds.includes(p.id)).map((t) => ({ reference: t.reference, title: t.title })),
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
    isEmpty:
      !narrative.length &&
      !commitments.length &&
      !p.lists.length &&
      !p.forcePriorities.length &&
      !p.measures.length &&
      !p.achievements.length &&
      !p.plannedActions.length,
    pagination: prev || next ? { ...(prev ? { previous: link(prev) } : {}), ...(next ? { next: link(next) } : {}) } : null,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: pluralNoun(names.planKind), href: publicPlanPaths.list() },
      { text: tree.documentTitle ?? tree.title, href: planHref },
    ],
    supersededBy: publicLineage(tree, publicPlans).supersededBy,
  };
}
