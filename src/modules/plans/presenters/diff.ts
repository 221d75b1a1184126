import { diffWordsWithSpace } from 'diff';
import { pluralNoun } from '../../../platform/views.js';
import type { DiffKind, FieldChange, ItemChange, PlanDiff } from '../diff.js';
import type { Plan, PlanTree } from '../plansRepository.js';
import { planLabels, versionLabel } from './publicPlans.js';

/** A run of text on one side of a change: kept, or marked as taken out (old side) or put in (new side). */
export interface Segment {
  text: string;
  marked: boolean;
}

export interface FieldRow {
  label: string;
  before: Segment[];
  after: Segment[];
}

/** The label of a plan in the version pickers: title, version, status and date. */
export function planOptionLabel(p: Pick<Plan, 'title' | 'reference' | 'version' | 'status' | 'publishedOn' | 'publishedAt'>) {
  return `${p.title} (${p.reference}): ${versionLabel(p)}`;
}

/** Choices for the "compare" form: every plan, the selected one marked. */
export function planOptions(plans: Plan[], selected: string | undefined) {
  return plans.map((p) => ({ value: p.id, text: planOptionLabel(p), selected: p.id === selected }));
}

/**
 * The old and the new text, word by word: on the old side the words taken out are marked, on
 * the new side the words put in. Line breaks are kept (the view shows them).
 */
export function wordChanges(before: string, after: string): { before: Segment[]; after: Segment[] } {
  const old: Segment[] = [];
  const neu: Segment[] = [];
  for (const part of diffWordsWithSpace(before, after)) {
    if (!part.added) add(old, { text: part.value, marked: Boolean(part.removed) });
    if (!part.removed) add(neu, { text: part.value, marked: Boolean(part.added) });
  }
  return { before: joinRuns(old), after: joinRuns(neu) };
}

/** Appends a segment, joining it to the last one when both are marked or both are kept. */
function add(side: Segment[], s: Segment) {
  const last = side.at(-1);
  if (last && last.marked === s.marked) last.text += s.text;
  else side.push(s);
}

/**
 * One marked run for words taken out (or put in) one after another: the spaces kept between them
 * join the run, so a rewritten sentence reads as one change ("taken out: …") rather than word by word.
 */
function joinRuns(side: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const [i, s] of side.entries()) {
    const between = !s.marked && !s.text.trim() && side[i - 1]?.marked && side[i + 1]?.marked;
    add(out, between ? { text: s.text, marked: true } : s);
  }
  return out;
}

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  documentTitle: 'Document title',
  term: 'Term',
  commissioner: 'Made by',
  summary: 'Summary',
  vision: 'Vision',
  mission: 'Mission',
  values: 'Values',
  description: 'Description',
  servedBy: 'Served by',
  body: 'Text',
  priorities: 'Runs across',
  narrative: 'Text',
  lists: 'Lists',
  measures: 'Measures',
  outcomes: 'Outcomes it serves',
  achievements: 'In the past year',
  plannedActions: 'In the coming year',
  lead: 'Lead',
  areasOfFocus: 'Areas of focus',
};

const STATUS_TEXT = { added: 'Added', removed: 'Removed' } as const;

function fieldRows(fields: FieldChange[]): FieldRow[] {
  return fields.map((f) => ({ label: FIELD_LABELS[f.field] ?? f.field, ...wordChanges(f.before, f.after) }));
}

/**
 * The diff between two versions as people read it: the plan's own fields, then each kind of
 * item (in the plan's own words), each item with its status, where it moved, and every changed
 * field with the old and the new text side by side, the changed words marked.
 */
export function diffPresenter(from: PlanTree, to: PlanTree, diff: PlanDiff) {
  const labels = planLabels(to);
  const priorityName = (tree: PlanTree, ref: string | undefined) => {
    if (!ref) return undefined;
    const i = tree.priorities.findIndex((p) => p.reference === ref);
    return i >= 0 ? `${tree.priorityLabel} ${i + 1}: ${tree.priorities[i].title}` : ref;
  };
  const positionName = (tree: PlanTree, kind: DiffKind, ref: string) => {
    if (kind !== 'priority') return undefined;
    const i = tree.priorities.findIndex((p) => p.reference === ref);
    return i >= 0 ? `${tree.priorityLabel} ${i + 1}` : undefined;
  };
  const item = (c: ItemChange) => {
    let moved: string | null = null;
    if (c.moved && c.previousParent) moved = `Moved from ${priorityName(from, c.previousParent)} to ${priorityName(to, c.parent)}`;
    else if (c.moved) {
      const was = positionName(from, c.kind, c.reference);
      const now = positionName(to, c.kind, c.reference);
      moved = was && now ? `Moved from ${was} to ${now}` : 'Moved to another place in the order';
    }
    const place = c.parent ? priorityName(c.status === 'removed' ? from : to, c.parent) : undefined;
    const status = c.status === 'kept' ? [c.fields.length ? 'Changed' : null, c.moved ? 'Moved' : null].filter(Boolean).join(' and ') : STATUS_TEXT[c.status];
    return { reference: c.reference, title: c.title, status, moved, place: place ?? null, fields: fieldRows(c.fields) };
  };
  const kinds: { kind: DiffKind; heading: string }[] = [
    { kind: 'outcome', heading: pluralNoun(labels.outcome) },
    { kind: 'priority', heading: pluralNoun(labels.priority) },
    { kind: 'commitment', heading: pluralNoun(labels.commitment) },
    { kind: 'force-priority', heading: 'Force priorities' },
    { kind: 'theme', heading: pluralNoun(labels.theme) },
    { kind: 'section', heading: 'Other sections' },
  ];
  const groups = kinds
    .map((k) => ({
      id: `changes-${k.kind}`,
      heading: k.heading,
      items: diff.items.filter((c) => c.kind === k.kind && (c.status !== 'kept' || c.fields.length || c.moved)).map(item),
    }))
    .filter((g) => g.items.length > 0);
  return {
    from: { id: from.id, label: planOptionLabel(from) },
    to: { id: to.id, label: planOptionLabel(to) },
    counts: diff.counts,
    same: from.id === to.id,
    noChanges: diff.counts.added + diff.counts.removed + diff.counts.changed + diff.counts.moved === 0,
    plan: fieldRows(diff.plan),
    groups,
  };
}
export type DiffView = ReturnType<typeof diffPresenter>;
