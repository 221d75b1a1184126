import { RuleError } from '../../platform/http.js';
import type { ResourcesPlans } from './deps.js';
import type { GrantRound } from './grantsRepository.js';

/** What resources reads from the plans: the priorities and commitments money, contracts and rounds serve. */
export function createPlanLinks(plans: ResourcesPlans) {
  async function mustFindPriority(planReference: string, priorityReference: string) {
    const tree = await plans.getTreeByReference(planReference);
    if (!tree) throw new RuleError(`There is no plan ${planReference}`);
    const p = tree.priorities.find((x) => x.reference === priorityReference);
    if (!p) throw new RuleError(`The plan ${planReference} has no priority ${priorityReference}`);
    return p;
  }
  async function mustFindCommitment(planReference: string, commitmentReference: string) {
    const tree = await plans.getTreeByReference(planReference);
    if (!tree) throw new RuleError(`There is no plan ${planReference}`);
    const c = tree.priorities.flatMap((p) => p.commitments).find((x) => x.reference === commitmentReference);
    if (!c) throw new RuleError(`The plan ${planReference} has no commitment ${commitmentReference}`);
    return c;
  }
  /** The commitment a target serves, with its plan's reference and title, where both exist. */
  async function commitmentOf(planReference: string, commitmentReference: string) {
    const tree = await plans.getTreeByReference(planReference);
    const c = tree?.priorities.flatMap((p) => p.commitments).find((x) => x.reference === commitmentReference);
    return tree && c ? { planReference: tree.reference, planTitle: tree.title, reference: c.reference, title: c.title } : undefined;
  }
  async function prioritiesOf(planReference: string | null, refs: string[]) {
    if (!planReference || !refs.length) return [];
    const tree = await plans.getTreeByReference(planReference);
    return (tree?.priorities ?? [])
      .filter((p) => refs.includes(p.reference))
      .map((p) => ({ reference: p.reference, title: p.title, planReference, planTitle: tree!.title }));
  }
  /** Whether there is a plan with this reference. */
  async function planExists(planReference: string) {
    return Boolean(await plans.getTreeByReference(planReference));
  }
  /** The reference of the plan in force now: what new contracts and grant rounds serve by default. */
  async function currentPlanReference(): Promise<string | undefined> {
    return (await plans.current())?.reference;
  }
  /** The term of the plan in force, for the years the finance and workforce pages cover. */
  async function currentPlanTerm(): Promise<{ reference: string; start: string; end: string } | undefined> {
    const p = await plans.current();
    return p ? { reference: p.reference, start: p.termStart, end: p.termEnd } : undefined;
  }
  async function planPriorities(planReference: string) {
    const tree = await plans.getTreeByReference(planReference);
    return tree
      ? { reference: tree.reference, title: tree.title, priorities: tree.priorities.map((p) => ({ reference: p.reference, title: p.title })) }
      : undefined;
  }
  /** The priorities an applicant may choose from: those of the round's plan. */
  async function roundPriorities(round: GrantRound) {
    if (!round.planReference) return [];
    const tree = await plans.getTreeByReference(round.planReference);
    return (tree?.priorities ?? []).map((p) => ({ reference: p.reference, title: p.title }));
  }
  return {
    mustFindPriority,
    mustFindCommitment,
    commitmentOf,
    prioritiesOf,
    planExists,
    currentPlanReference,
    currentPlanTerm,
    planPriorities,
    roundPriorities,
  };
}
export type PlanLinks = ReturnType<typeof createPlanLinks>;
