import type { Db } from '../../db/index.js';
import { RuleError, notFound } from '../../platform/http.js';
import { isEditable, statusInWords } from './lifecycle.js';
import { plansRepository as repo, type Plan } from './plansRepository.js';

/** The plan with this id, or a 404. */
export async function mustGetPlan(dbx: Db, id: string): Promise<Plan> {
  const p = await repo.byId(dbx, id);
  if (!p) throw notFound('No such plan');
  return p;
}

/** Refuses a change to a plan that is no longer a draft (or in consultation). */
export function assertEditable(plan: Plan) {
  if (!isEditable(plan.status)) {
    throw new RuleError(`This plan is ${statusInWords(plan.status)}, so it cannot be changed. Refresh it to make a new draft version.`);
  }
}
