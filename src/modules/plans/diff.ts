import { formatDate } from '../../platform/views.js';
import type { PlanTree } from './plansRepository.js';

/**
 * Differences between two versions of a plan, over every field a reader sees: the plan's own
 * fields (title, vision, mission, values…), outcomes, sections, themes, priorities (with their
 * lists, measures and links to outcomes), commitments and force priorities. Items are matched
 * by their stable reference. An item counts as "moved" when its order relative to the other
 * kept items changed (judged by the longest common subsequence, so inserting one priority does
 * not mark all later ones as moved) or when it now sits under another priority.
 */

export type ChangeStatus = 'added' | 'removed' | 'kept';
export type DiffKind = 'outcome' | 'section' | 'theme' | 'priority' | 'commitment' | 'force-priority';

/** One field's text before and after ('' where there was none). Lists are one item a line. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface ItemChange {
  kind: DiffKind;
  reference: string;
  status: ChangeStatus;
  title: string;
  /** The fields that changed; for an added or removed item, every field it has. */
  fields: FieldChange[];
  moved: boolean;
  /** For a commitment or force priority: the priority it sits under now (or last did). */
  parent?: string;
  previousParent?: string;
}

export interface PlanDiff {
  plan: FieldChange[];
  items: ItemChange[];
  counts: { added: number; removed: number; changed: number; moved: number };
}

/** The elements of `seq` that stay in order in a longest common subsequence with `other`. */
export function inOrder(seq: string[], other: string[]): Set<string> {
  const n = seq.length;
  const m = other.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i][j] = seq[i] === other[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
    }
  }
  const keep = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (seq[i] === other[j]) {
      keep.add(seq[i]);
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return keep;
}

const norm = (s: string) =>
  s
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
const lines = (xs: string[]) => xs.join('\n');

/** The fields of a version compared, in reading order. */
type Fields = Record<string, string>;

function changedFields(before: Fields | undefined, after: Fields | undefined): FieldChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.map((field) => ({ field, before: before?.[field] ?? '', after: after?.[field] ?? '' })).filter((f) => norm(f.before) !== norm(f.after));
}

interface Comparable {
  reference: string;
  title: string;
  fields: Fields;
  parent?: string;
}

function compare(kind: DiffKind, from: Comparable[], to: Comparable[]): ItemChange[] {
  const fromBy = new Map(from.map((x) => [x.reference, x]));
  const toBy = new Map(to.map((x) => [x.reference, x]));
  // Order is judged among items kept under the same parent.
  const stayed = new Set<string>();
  for (const parent of new Set(to.map((x) => x.parent ?? ''))) {
    const keptTo = to
      .filter((x) => (x.parent ?? '') === parent && (fromBy.get(x.reference)?.parent ?? '') === parent && fromBy.has(x.reference))
      .map((x) => x.reference);
    const keptFrom = from
      .filter((x) => (x.parent ?? '') === parent && (toBy.get(x.reference)?.parent ?? '') === parent && toBy.has(x.reference))
      .map((x) => x.reference);
    for (const r of inOrder(keptTo, keptFrom)) stayed.add(r);
  }
  const out: ItemChange[] = [];
  for (const x of to) {
    const before = fromBy.get(x.reference);
    const parentChanged = Boolean(before && (before.parent ?? '') !== (x.parent ?? ''));
    out.push({
      kind,
      reference: x.reference,
      status: before ? 'kept' : 'added',
      title: x.title,
      fields: changedFields(before?.fields, x.fields),
      moved: Boolean(before) && (parentChanged || !stayed.has(x.reference)),
      ...(x.parent ? { parent: x.parent } : {}),
      ...(parentChanged && before?.parent ? { previousParent: before.parent } : {}),
    });
  }
  for (const x of from) {
    if (!toBy.has(x.reference)) {
      out.push({
        kind,
        reference: x.reference,
        status: 'removed',
        title: x.title,
        fields: changedFields(x.fields, undefined),
        moved: false,
        ...(x.parent ? { parent: x.parent } : {}),
      });
    }
  }
  return out;
}

/** What a reader sees of each part of a plan, as text to compare. */
function parts(tree: PlanTree) {
  const priorityRef = new Map(tree.priorities.map((p) => [p.id, p.reference]));
  const outcomeTitle = new Map(tree.outcomes.map((o) => [o.id, o.title]));
  const priorityTitle = new Map(tree.priorities.map((p) => [p.id, p.title]));
  const servedBy = (outcomeId: string) => tree.priorities.filter((p) => p.outcomeIds.includes(outcomeId)).map((p) => p.title);
  return {
    plan: {
      title: tree.title,
      documentTitle: tree.documentTitle ?? '',
      // In words, as the plan page gives it: ISO dates split into "2013" and "-04-01" when compared word by word.
      term: `${formatDate(tree.termStart)} to ${formatDate(tree.termEnd)}`,
      commissioner: [tree.commissionerName, tree.commissionerTitle].filter(Boolean).join(', '),
      summary: tree.summary ?? '',
      vision: tree.vision ?? '',
      mission: tree.mission ?? '',
      values: lines(tree.values),
    } satisfies Fields,
    outcomes: tree.outcomes.map((o) => ({
      reference: o.reference,
      title: o.title,
      fields: { title: o.title, description: o.description ?? '', servedBy: lines(servedBy(o.id)) },
    })),
    sections: tree.sections.map((s) => ({ reference: s.reference, title: s.title, fields: { title: s.title, body: s.body ?? '' } })),
    themes: tree.themes.map((t) => ({
      reference: t.reference,
      title: t.title,
      fields: { title: t.title, description: t.description ?? '', priorities: lines(t.priorityIds.map((id) => priorityTitle.get(id) ?? '')) },
    })),
    priorities: tree.priorities.map((p) => ({
      reference: p.reference,
      title: p.title,
      fields: {
        title: p.title,
        narrative: p.narrative ?? '',
        lists: p.lists.map((l) => `${l.label}:\n${lines(l.items)}`).join('\n'),
        measures: lines(p.measures.map((m) => (m.outcome ? `${m.measure} → ${m.outcome}` : m.measure))),
        outcomes: lines(p.outcomeIds.map((id) => outcomeTitle.get(id) ?? '')),
        achievements: lines(p.achievements),
        plannedActions: lines(p.plannedActions),
      },
    })),
    commitments: tree.priorities.flatMap((p) =>
      p.commitments.map((c) => ({
        reference: c.reference,
        title: c.title,
        parent: priorityRef.get(p.id),
        fields: { title: c.title, description: c.description ?? '' },
      })),
    ),
    forcePriorities: tree.priorities.flatMap((p) =>
      p.forcePriorities.map((f) => ({
        reference: f.reference,
        title: f.title,
        parent: priorityRef.get(p.id),
        fields: { title: f.title, lead: f.lead ?? '', areasOfFocus: lines(f.areasOfFocus) },
      })),
    ),
  };
}

export function diffPlans(from: PlanTree, to: PlanTree): PlanDiff {
  const a = parts(from);
  const b = parts(to);
  const items = [
    ...compare('outcome', a.outcomes, b.outcomes),
    ...compare('priority', a.priorities, b.priorities),
    ...compare('commitment', a.commitments, b.commitments),
    ...compare('force-priority', a.forcePriorities, b.forcePriorities),
    ...compare('theme', a.themes, b.themes),
    ...compare('section', a.sections, b.sections),
  ];
  const plan = changedFields(a.plan, b.plan);
  return {
    plan,
    items,
    counts: {
      added: items.filter((x) => x.status === 'added').length,
      removed: items.filter((x) => x.status === 'removed').length,
      changed: plan.length + items.filter((x) => x.status === 'kept' && x.fields.length > 0).length,
      moved: items.filter((x) => x.moved).length,
    },
  };
}
