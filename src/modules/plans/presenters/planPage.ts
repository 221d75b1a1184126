import type { Role } from '../../../platform/roles.js';
import type { ChecklistItem } from '../checklist.js';
import { STATUS_LABELS, availableTransitions, statusInWords, isEditable, nextStep, type StageNames } from '../lifecycle.js';
import { PLAN_STATUSES } from '../schema.js';
import type { ItemKind, Plan, PlanTree, Transition } from '../plansRepository.js';
import { plansPermissions } from '../plansPermissions.js';
import { STATUTORY_LABELS } from '../checklist.js';
import { planFacts } from './planFacts.js';
import { statusTag, termLabel } from './planList.js';
import type { PlanPageLinkGroup } from '../types.js';

/** The path segment of each item kind in staff URLs. */
export const KIND_SLUGS: Record<ItemKind, string> = {
  outcome: 'outcomes',
  priority: 'priorities',
  section: 'sections',
  commitment: 'commitments',
  'force-priority': 'force-priorities',
  measure: 'measures',
};
/** A transition's status in words (a status no longer known is shown as stored). */
function statusLabel(status: string): string {
  const known = PLAN_STATUSES.find((s) => s === status);
  return known ? STATUS_LABELS[known] : status;
}

// Cast: Object.entries gives its keys as strings; they are the keys of KIND_SLUGS, the item kinds.
export const SLUG_KINDS: Record<string, ItemKind> = Object.fromEntries(Object.entries(KIND_SLUGS).map(([k, s]) => [s, k as ItemKind]));

/** What people call each kind of item, for headings and messages. */
export const KIND_NAMES: Record<ItemKind, string> = {
  outcome: 'outcome',
  priority: 'priority',
  section: 'section',
  commitment: 'commitment',
  'force-priority': 'force priority',
  measure: 'measure',
};

/** Kinds that hang off a priority rather than the plan. */
export const CHILD_KINDS: readonly ItemKind[] = ['commitment', 'force-priority', 'measure'];

export const planPaths = {
  plan: (planId: string) => `/admin/plans/${planId}`,
  edit: (planId: string) => `/admin/plans/${planId}/edit`,
  item: (planId: string, kind: ItemKind, itemId: string) => `/admin/plans/${planId}/${KIND_SLUGS[kind]}/${itemId}`,
  newItem: (planId: string, kind: ItemKind, priorityId?: string) =>
    priorityId ? `/admin/plans/${planId}/priorities/${priorityId}/${KIND_SLUGS[kind]}/new` : `/admin/plans/${planId}/${KIND_SLUGS[kind]}/new`,
  transition: (planId: string, to: string) => `/admin/plans/${planId}/transition/${to}`,
};

/** The plural of what a plan calls its priorities: Priority → Priorities, Objective → Objectives. */
export function pluralLabel(label: string): string {
  if (/[^aeiou]y$/i.test(label)) return `${label.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/i.test(label)) return `${label}es`;
  return `${label}s`;
}

/** Why a plan cannot be edited, or null when it can. */
export function editRefusal(plan: Pick<Plan, 'status'>): string | null {
  if (isEditable(plan.status)) return null;
  const next = plan.status === 'superseded' ? 'A newer version is in force; refresh that one to make a new draft.' : 'Refresh it to make a new draft version.';
  return `This plan is ${statusInWords(plan.status)}, so it cannot be changed. ${next}`;
}

function withPlace<T>(items: T[]) {
  return items.map((item, i) => ({ item, first: i === 0, last: i === items.length - 1 }));
}

function itemActions(planId: string, kind: ItemKind, id: string, place: { first: boolean; last: boolean }) {
  const base = planPaths.item(planId, kind, id);
  return { id, editHref: `${base}/edit`, deleteHref: `${base}/delete`, moveHref: `${base}/move`, canMoveUp: !place.first, canMoveDown: !place.last };
}

export interface PlanPageInput {
  tree: PlanTree;
  role: Role | null;
  versions: Plan[];
  transitions: Transition[];
  checklist: ChecklistItem[];
  /** Other modules' links about this plan (the Panel's reports on it, its delivery plans). */
  links?: PlanPageLinkGroup[];
  /** The area's names, for the sentence saying what happens next. */
  names?: StageNames;
  /** Records other modules link to each priority, by priority reference (the performance module's measures). */
  linkedByPriority?: Record<string, { text: string; href?: string }[]>;
}

const DEFAULT_NAMES: StageNames = { bodyShortName: 'OPCC', electedHeadTitle: 'commissioner', scrutinyBodyName: 'Panel' };

export function planPagePresenter({ tree, role, versions, transitions, checklist, links = [], names = DEFAULT_NAMES, linkedByPriority = {} }: PlanPageInput) {
  const can = (a: Parameters<typeof plansPermissions.can>[1]) => plansPermissions.can(role, a);
  const editable = isEditable(tree.status);
  const canEdit = editable && can('plan:edit');
  const openDraft = versions.find((v) => isEditable(v.status));
  const outcomeTitle = new Map(tree.outcomes.map((o) => [o.id, o.title]));
  const previous = versions.find((v) => v.id === tree.previousVersionId);
  const performance = tree.priorities.flatMap((p, i) =>
    p.measures.map((m) => ({ priority: `${tree.priorityLabel} ${i + 1}: ${p.title}`, measure: m.measure, outcome: m.outcome ?? '' })),
  );
  return {
    plan: {
      id: tree.id,
      reference: tree.reference,
      title: tree.title,
      status: tree.status,
      statusTag: statusTag(tree.status),
      statusInWords: statusInWords(tree.status, names.scrutinyBodyName),
      term: termLabel(tree),
      version: tree.version,
      priorityLabel: tree.priorityLabel,
      summary: tree.summary,
      vision: tree.vision,
      mission: tree.mission,
      values: tree.values,
    },
    links,
    facts: planFacts(tree),
    nextStep: nextStep(tree.status, names),
    canEdit,
    canDelete: tree.status === 'draft' && can('plan:delete'),
    canRefresh: tree.status === 'published' && can('plan:refresh') && !openDraft,
    canExport: can('plan:export'),
    editRefusal: can('plan:edit') ? editRefusal(tree) : null,
    openDraft: openDraft && openDraft.id !== tree.id ? { id: openDraft.id, reference: openDraft.reference } : null,
    versions: versions.map((v) => ({
      id: v.id,
      href: planPaths.plan(v.id),
      label: `Version ${v.version}: ${v.title} (${v.reference})`,
      status: STATUS_LABELS[v.status],
      published: planFacts(v).publishedLabel,
      isThis: v.id === tree.id,
    })),
    compareHref: previous ? `/admin/plans/diff?from=${previous.id}&to=${tree.id}` : versions.length > 1 ? `/admin/plans/diff?to=${tree.id}` : null,
    outcomes: withPlace(tree.outcomes).map(({ item: o, ...place }) => ({
      reference: o.reference,
      title: o.title,
      description: o.description,
      ...itemActions(tree.id, 'outcome', o.id, place),
    })),
    priorities: withPlace(tree.priorities).map(({ item: p, ...place }, i) => ({
      number: i + 1,
      heading: `${tree.priorityLabel} ${i + 1}: ${p.title}`,
      reference: p.reference,
      title: p.title,
      narrative: p.narrative,
      outcomes: p.outcomeIds.map((o) => outcomeTitle.get(o)).filter((t): t is string => Boolean(t)),
      achievements: p.achievements,
      plannedActions: p.plannedActions,
      ...itemActions(tree.id, 'priority', p.id, place),
      newCommitmentHref: planPaths.newItem(tree.id, 'commitment', p.id),
      newForcePriorityHref: planPaths.newItem(tree.id, 'force-priority', p.id),
      newMeasureHref: planPaths.newItem(tree.id, 'measure', p.id),
      commitments: withPlace(p.commitments).map(({ item: c, ...cp }) => ({
        reference: c.reference,
        title: c.title,
        description: c.description,
        ...itemActions(tree.id, 'commitment', c.id, cp),
      })),
      forcePriorities: withPlace(p.forcePriorities).map(({ item: f, ...fp }) => ({
        reference: f.reference,
        title: f.title,
        lead: f.lead,
        areasOfFocus: f.areasOfFocus,
        ...itemActions(tree.id, 'force-priority', f.id, fp),
      })),
      linkedMeasures: linkedByPriority[p.reference] ?? [],
      measures: withPlace(p.measures).map(({ item: m, ...mp }) => ({
        measure: m.measure,
        outcome: m.outcome,
        ...itemActions(tree.id, 'measure', m.id, mp),
      })),
    })),
    performance,
    sections: withPlace(tree.sections).map(({ item: s, ...place }) => ({
      reference: s.reference,
      title: s.title,
      body: s.body,
      covers: s.covers.map((c) => STATUTORY_LABELS[c]),
      ...itemActions(tree.id, 'section', s.id, place),
    })),
    prioritiesLabel: pluralLabel(tree.priorityLabel),
    addPriorityText: `Add ${/^[aeiou]/i.test(tree.priorityLabel) ? 'an' : 'a'} ${tree.priorityLabel.toLowerCase()}`,
    newHrefs: {
      outcome: planPaths.newItem(tree.id, 'outcome'),
      priority: planPaths.newItem(tree.id, 'priority'),
      section: planPaths.newItem(tree.id, 'section'),
    },
    availableTransitions: can('plan:transition')
      ? availableTransitions(role, tree.status).map((t) => ({ to: t.to, label: t.label, href: planPaths.transition(tree.id, t.to) }))
      : [],
    transitionHistory: transitions.map((t) => ({
      at: t.at,
      from: statusLabel(t.fromStatus),
      to: statusLabel(t.toStatus),
      reason: t.reason,
      by: t.actorLabel,
      gapsConfirmed: t.gapsConfirmed,
    })),
    checklist,
    gaps: checklist.filter((c) => !c.covered).length,
  };
}
