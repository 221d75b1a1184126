/**
 * Differences between two versions of a plan. Items are matched by their stable reference.
 * An item counts as "moved" when its order relative to the other kept items changed (judged by
 * the longest common subsequence, so inserting one priority does not mark all later ones as
 * moved) or, for a commitment, when it now sits under another priority.
 */
export interface DiffCommitment {
  reference: string;
  title: string;
  description?: string | null;
}
export interface DiffPriority {
  reference: string;
  title: string;
  narrative?: string | null;
  commitments: DiffCommitment[];
}
export interface DiffInput {
  priorities: DiffPriority[];
}

export type ChangeStatus = 'added' | 'removed' | 'kept';

export interface ItemChange {
  reference: string;
  status: ChangeStatus;
  title: string;
  previousTitle?: string;
  changedFields: string[];
  moved: boolean;
}

export interface CommitmentChange extends ItemChange {
  priorityReference: string;
  previousPriorityReference?: string;
}

export interface PlanDiff {
  priorities: ItemChange[];
  commitments: CommitmentChange[];
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

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

export function diffPlans(from: DiffInput, to: DiffInput): PlanDiff {
  const fromP = new Map(from.priorities.map((p) => [p.reference, p]));
  const toP = new Map(to.priorities.map((p) => [p.reference, p]));
  const keptOrderFrom = from.priorities.map((p) => p.reference).filter((r) => toP.has(r));
  const keptOrderTo = to.priorities.map((p) => p.reference).filter((r) => fromP.has(r));
  const stayed = inOrder(keptOrderTo, keptOrderFrom);

  const priorities: ItemChange[] = [];
  for (const p of to.priorities) {
    const before = fromP.get(p.reference);
    if (!before) {
      priorities.push({ reference: p.reference, status: 'added', title: p.title, changedFields: [], moved: false });
      continue;
    }
    const changedFields = [...(norm(before.title) !== norm(p.title) ? ['title'] : []), ...(norm(before.narrative) !== norm(p.narrative) ? ['narrative'] : [])];
    priorities.push({
      reference: p.reference,
      status: 'kept',
      title: p.title,
      previousTitle: changedFields.includes('title') ? before.title : undefined,
      changedFields,
      moved: !stayed.has(p.reference),
    });
  }
  for (const p of from.priorities) {
    if (!toP.has(p.reference)) priorities.push({ reference: p.reference, status: 'removed', title: p.title, changedFields: [], moved: false });
  }

  const locate = (input: DiffInput) => {
    const map = new Map<string, { c: DiffCommitment; priority: string }>();
    for (const p of input.priorities) for (const c of p.commitments) map.set(c.reference, { c, priority: p.reference });
    return map;
  };
  const fromC = locate(from);
  const toC = locate(to);
  const commitments: CommitmentChange[] = [];
  for (const p of to.priorities) {
    const beforePriority = fromP.get(p.reference);
    // Commitments that stayed under this same priority: judge their relative order.
    const sameParentTo = p.commitments.map((c) => c.reference).filter((r) => fromC.get(r)?.priority === p.reference);
    const sameParentFrom = (beforePriority?.commitments ?? []).map((c) => c.reference).filter((r) => toC.get(r)?.priority === p.reference);
    const stayedC = inOrder(sameParentTo, sameParentFrom);
    for (const c of p.commitments) {
      const before = fromC.get(c.reference);
      if (!before) {
        commitments.push({ reference: c.reference, status: 'added', title: c.title, changedFields: [], moved: false, priorityReference: p.reference });
        continue;
      }
      const changedFields = [
        ...(norm(before.c.title) !== norm(c.title) ? ['title'] : []),
        ...(norm(before.c.description) !== norm(c.description) ? ['description'] : []),
      ];
      const parentChanged = before.priority !== p.reference;
      commitments.push({
        reference: c.reference,
        status: 'kept',
        title: c.title,
        previousTitle: changedFields.includes('title') ? before.c.title : undefined,
        changedFields,
        moved: parentChanged || !stayedC.has(c.reference),
        priorityReference: p.reference,
        previousPriorityReference: parentChanged ? before.priority : undefined,
      });
    }
  }
  for (const [ref, { c, priority }] of fromC) {
    if (!toC.has(ref)) commitments.push({ reference: ref, status: 'removed', title: c.title, changedFields: [], moved: false, priorityReference: priority });
  }

  const all = [...priorities, ...commitments];
  return {
    priorities,
    commitments,
    counts: {
      added: all.filter((x) => x.status === 'added').length,
      removed: all.filter((x) => x.status === 'removed').length,
      changed: all.filter((x) => x.changedFields.length > 0).length,
      moved: all.filter((x) => x.moved).length,
    },
  };
}
