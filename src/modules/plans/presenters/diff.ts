import type { CommitmentChange, ItemChange, PlanDiff } from '../diff.js';
import { STATUS_LABELS } from '../lifecycle.js';
import type { Plan, PlanTree } from '../plansRepository.js';

export interface DiffRow {
  reference: string;
  title: string;
  /** Where it sits: for a commitment, the priority it is under. */
  place?: string;
  previousTitle?: string;
  previousPlace?: string;
  fields?: string;
}

export interface DiffGroup {
  id: string;
  heading: string;
  rows: DiffRow[];
}

/** The label of a plan in the version pickers. */
export function planOptionLabel(p: Pick<Plan, 'title' | 'reference' | 'version' | 'status'>) {
  return `${p.title} (${p.reference}, version ${p.version}, ${STATUS_LABELS[p.status].toLowerCase()})`;
}

/** Choices for the "compare" form: every plan, the selected one marked. */
export function planOptions(plans: Plan[], selected: string | undefined) {
  return plans.map((p) => ({ value: p.id, text: planOptionLabel(p), selected: p.id === selected }));
}

const FIELD_NAMES: Record<string, string> = { title: 'title', narrative: 'narrative', description: 'description' };

/**
 * The diff between two plans, grouped the way people read it: priorities then commitments, each
 * as added, removed, changed (old → new title and which fields) and moved.
 */
export function diffPresenter(from: PlanTree, to: PlanTree, diff: PlanDiff) {
  const priorityName = (tree: PlanTree, ref: string | undefined) => {
    if (!ref) return undefined;
    const i = tree.priorities.findIndex((p) => p.reference === ref);
    return i >= 0 ? `${tree.priorityLabel} ${i + 1}: ${tree.priorities[i].title}` : ref;
  };
  const row = (c: ItemChange, place?: string, previousPlace?: string): DiffRow => ({
    reference: c.reference,
    title: c.title,
    ...(place ? { place } : {}),
    ...(c.previousTitle ? { previousTitle: c.previousTitle } : {}),
    ...(previousPlace ? { previousPlace } : {}),
    ...(c.changedFields.length ? { fields: c.changedFields.map((f) => FIELD_NAMES[f] ?? f).join(', ') } : {}),
  });
  const commitmentRow = (c: CommitmentChange) =>
    row(
      c,
      c.status === 'removed' ? priorityName(from, c.priorityReference) : priorityName(to, c.priorityReference),
      c.previousPriorityReference ? priorityName(from, c.previousPriorityReference) : undefined,
    );
  const groups = (kind: 'priorities' | 'commitments', label: string, items: ItemChange[], toRow: (c: never) => DiffRow): DiffGroup[] => [
    { id: `${kind}-added`, heading: `${label} added`, rows: items.filter((c) => c.status === 'added').map((c) => toRow(c as never)) },
    { id: `${kind}-removed`, heading: `${label} removed`, rows: items.filter((c) => c.status === 'removed').map((c) => toRow(c as never)) },
    {
      id: `${kind}-changed`,
      heading: `${label} changed`,
      rows: items.filter((c) => c.status === 'kept' && c.changedFields.length).map((c) => toRow(c as never)),
    },
    { id: `${kind}-moved`, heading: `${label} moved`, rows: items.filter((c) => c.moved).map((c) => toRow(c as never)) },
  ];
  const priorityGroups = groups('priorities', 'Priorities', diff.priorities, (c: ItemChange) => row(c));
  const commitmentGroups = groups('commitments', 'Commitments', diff.commitments, commitmentRow);
  return {
    from: { id: from.id, label: planOptionLabel(from) },
    to: { id: to.id, label: planOptionLabel(to) },
    counts: diff.counts,
    same: from.id === to.id,
    noChanges: diff.counts.added + diff.counts.removed + diff.counts.changed + diff.counts.moved === 0,
    priorityGroups,
    commitmentGroups,
    hasPriorityChanges: priorityGroups.some((g) => g.rows.length > 0),
    hasCommitmentChanges: commitmentGroups.some((g) => g.rows.length > 0),
  };
}
