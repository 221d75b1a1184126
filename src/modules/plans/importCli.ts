import { RuleError } from '../../platform/http.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { PlanFileInvalid } from './planFile.js';
import { PlanImportRemovals, type ImportOptions } from './planImport.js';
import type { PlansService } from './plansService.js';

/**
 * One plan file through the command line: the lines to print and whether it succeeded. A refused
 * file prints each problem as `FILE:LINE:COLUMN place: message`, the form editors jump to.
 */
export async function importPlanFile(service: Pick<PlansService, 'importPlan'>, file: string, source: string, opts: ImportOptions) {
  try {
    const r = await service.importPlan(SYSTEM_ACTOR, source, opts);
    const removed = r.removals.map((x) => `  ${r.checked ? 'would remove' : 'removed'} ${x.kind} ${x.reference}: ${x.title}`);
    const head = r.checked
      ? `${file}: valid; nothing was saved. It would ${r.created ? 'create' : 'update'} ${r.plan.reference}: ${r.plan.title} (${r.plan.status})`
      : `${r.created ? 'Created' : 'Updated'} ${r.plan.reference}: ${r.plan.title} (${r.plan.status})`;
    return { ok: true, lines: [head, ...removed] };
  } catch (e) {
    if (e instanceof PlanFileInvalid) {
      return {
        ok: false,
        lines: [
          `${file}: refused, nothing was saved:`,
          ...e.errors.map((err) => `  ${file}${err.line ? `:${err.line}:${err.column}` : ''} ${err.path}: ${err.message}`),
        ],
      };
    }
    if (e instanceof PlanImportRemovals) {
      return {
        ok: false,
        lines: [
          `${file}: refused, nothing was saved: it would remove from the published plan ${e.planReference}:`,
          ...e.removals.map((x) => `  ${x.kind} ${x.reference}: ${x.title}`),
          'Run again with --allow-removals to remove them.',
        ],
      };
    }
    if (e instanceof RuleError) return { ok: false, lines: [`${file}: refused, nothing was saved: ${e.detail}`] };
    throw e;
  }
}
