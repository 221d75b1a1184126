import type { Database } from '../../db/index.js';
import { financialYear, financialYearOf } from '../../platform/dates.js';
import type { ChecklistEvidence, StagePlan } from './deps.js';
import { financeRepository } from './financeRepository.js';
import { grantsRepository } from './grantsRepository.js';

/** The financial years ("2024/25") that overlap a plan's term (April to March). */
export function financialYearsOfTerm(termStart: string, termEnd: string): string[] {
  const startYear = (d: string) => Number(financialYearOf(d).start.slice(0, 4));
  const out: string[] = [];
  for (let y = startYear(termStart); y <= startYear(termEnd); y++) out.push(financialYear(y).label);
  return out;
}

/**
 * The resources and grants items of the plan's checklist, read from the record: the funding
 * forecast of the financial years of the plan's term, and the grant rounds whose applicants
 * choose from this plan's priorities.
 */
export function resourceEvidence(
  plan: Pick<StagePlan, 'termStart' | 'termEnd'>,
  funding: readonly { financialYear: string }[],
  rounds: readonly { title: string; fund: string }[],
): ChecklistEvidence {
  const years = financialYearsOfTerm(plan.termStart, plan.termEnd).filter((y) => funding.some((f) => f.financialYear === y));
  const covers: ChecklistEvidence['covers'] = [];
  if (years.length) covers.push({ element: 'resources', coveredBy: [`Funding forecast of the resources pages for ${years.join(', ')}`] });
  if (rounds.length) covers.push({ element: 'grants', coveredBy: rounds.map((r) => `Grant round “${r.title}” of the ${r.fund}`) });
  return { covers };
}

export function createResourceEvidence(database: Database) {
  const { db } = database;
  return async (plan: StagePlan): Promise<ChecklistEvidence> => {
    const years = financialYearsOfTerm(plan.termStart, plan.termEnd);
    const [funding, rounds] = await Promise.all([financeRepository.yearsWithLines(db, years), grantsRepository.roundsOfPlan(db, plan.reference)]);
    return resourceEvidence(plan, funding, rounds);
  };
}
