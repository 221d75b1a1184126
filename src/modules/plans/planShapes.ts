import type { PlanTree } from './plansRepository.js';
import type { StagePlan } from './hooks.js';

/** The next free reference with this prefix: P3 after P1 and P2; P2-C1 for the first commitment of P2. */
export function nextReference(prefix: string, existing: string[]): string {
  const numbered = existing.filter((r) => r.startsWith(prefix) && /^\d+$/.test(r.slice(prefix.length)));
  let n = numbered.length + 1;
  while (existing.includes(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** The plan as other modules' stage handlers and checklist evidence see it. */
export function stagePlan(tree: PlanTree): StagePlan {
  const { id, reference, title, version, termStart, termEnd } = tree;
  return { id, reference, title, version, termStart, termEnd, priorities: tree.priorities.map((p) => ({ id: p.id, reference: p.reference, title: p.title })) };
}

/** What the audit trail keeps of a plan's shape. */
export function snapshot(tree: PlanTree) {
  return {
    reference: tree.reference,
    title: tree.title,
    status: tree.status,
    priorities: tree.priorities.map((p) => ({ reference: p.reference, title: p.title, commitments: p.commitments.map((c) => c.reference) })),
  };
}
