import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseForm, readUpload, type FieldError } from '../../../../platform/forms.js';
import { RuleError } from '../../../../platform/http.js';
import { NotUtf8, utf8Text } from '../../../../platform/text.js';
import { typedRoutes } from '../../../../platform/typedRoutes.js';
import { importForm } from '../../forms/planForms.js';
import { PlanFileInvalid } from '../../planFile.js';
import { PlanImportRemovals, type Removal } from '../../planImport.js';
import type { PlansService } from '../../plansService.js';
import { importErrorRows } from '../../presenters/importErrors.js';
import { planPaths } from '../../presenters/planPage.js';
import { allowed, flashAndGo } from './shared.js';

/** Largest plan file accepted by the upload page. */
const MAX_PLAN_FILE_BYTES = 2 * 1024 * 1024;

/** Importing a plan file: uploaded, or pasted into the page. */
export function importRoutes(service: PlansService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);

    const renderImport = (
      reply: FastifyReply,
      o: { values?: Record<string, unknown>; errors?: FieldError[]; problems?: ReturnType<typeof importErrorRows>; removals?: Removal[]; status?: number },
    ) =>
      reply.status(o.status ?? 200).view('plans/views/admin/import.njk', {
        title: 'Import a plan file',
        values: o.values ?? {},
        errors: o.errors,
        problems: o.problems ?? [],
        removals: o.removals ?? [],
      });

    app.get('/admin/plans/import', allowed('plan:import'), async (_request, reply) => renderImport(reply, {}));

    // Multipart (an uploaded file) or a urlencoded form (pasted text): the body is read here, not checked by a schema.
    app.post('/admin/plans/import', allowed('plan:import'), async (request, reply) => {
      let pasted = '';
      let uploaded: string | undefined;
      let tooBig = false;
      let allowRemovals = false;
      let notUtf8: string | undefined;
      if (request.isMultipart()) {
        const form = await readUpload(request, MAX_PLAN_FILE_BYTES);
        tooBig = form.tooBig;
        pasted = form.fields.content ?? '';
        allowRemovals = form.fields.allowRemovals === 'yes';
        try {
          uploaded = form.file?.data.length ? utf8Text(form.file.data) : undefined;
        } catch (e) {
          if (!(e instanceof NotUtf8)) throw e;
          notUtf8 = e.message;
        }
      } else {
        const form = parseForm(importForm, request.body);
        pasted = form.ok ? (form.data.content ?? '') : '';
        allowRemovals = form.ok && form.data.allowRemovals === 'yes';
      }
      const values = { content: pasted };
      if (tooBig) {
        return renderImport(reply, { values, status: 400, errors: [{ field: 'planFile', message: 'The plan file must be 2 MB or smaller' }] });
      }
      if (notUtf8) return renderImport(reply, { values, status: 400, errors: [{ field: 'planFile', message: `${notUtf8} Nothing was saved.` }] });
      const source = uploaded ?? pasted;
      if (!source.trim()) {
        return renderImport(reply, { values, status: 400, errors: [{ field: 'planFile', message: 'Choose a plan file, or paste the plan file’s contents' }] });
      }
      const field = uploaded ? 'planFile' : 'content';
      try {
        const { plan, created, removals } = await service.importPlan(request.actor, source, { allowRemovals });
        const removed = removals.length ? `, removing ${removals.length} ${removals.length === 1 ? 'item' : 'items'}` : '';
        return flashAndGo(
          request,
          reply,
          `${created ? 'Created' : 'Updated'} the plan “${plan.title}” (${plan.reference}) from the plan file${removed}`,
          planPaths.plan(plan.id),
        );
      } catch (e) {
        if (e instanceof PlanFileInvalid) {
          const n = e.errors.length;
          return renderImport(reply, {
            values,
            status: 400,
            problems: importErrorRows(e.errors),
            errors: [{ field, message: `The plan file has ${n} ${n === 1 ? 'problem' : 'problems'}; nothing was saved` }],
          });
        }
        if (e instanceof PlanImportRemovals) {
          // The file goes back into the text box, so that confirming imports the same file.
          return renderImport(reply, {
            values: { content: source },
            status: 400,
            removals: e.removals,
            errors: [
              {
                field: 'allowRemovals',
                message: `This file would remove ${e.removals.length} ${e.removals.length === 1 ? 'item' : 'items'} from the published plan; confirm the removals or correct the file. Nothing was saved.`,
              },
            ],
          });
        }
        if (e instanceof RuleError) {
          return renderImport(reply, { values, status: 422, errors: [{ field, message: `${e.detail} Nothing was saved.` }] });
        }
        throw e;
      }
    });
  };
}
