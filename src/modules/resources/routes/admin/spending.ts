import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../../../platform/forms.js';
import { parseForm, readUpload } from '../../../../platform/forms.js';
import { ImportRefused, type ImportProblem } from '../../../../platform/importKit.js';
import { NotUtf8, utf8Text } from '../../../../platform/text.js';
import { formBody, typedRoutes } from '../../../../platform/typedRoutes.js';
import { spendingImportForm } from '../../forms/resourcesForms.js';
import { formatPounds } from '../../money.js';
import { resourcesPermissions as perms } from '../../resourcesPermissions.js';
import type { ResourcesService } from '../../resourcesService.js';
import { can, done, type Values } from './shared.js';

/** The largest spending CSV file accepted (the pasted text has the same limit). */
const MAX_SPENDING_FILE_BYTES = 5_000_000;

/** A pasted form, or none when the form is multipart (its parts are read by the route). */
const formOrMultipart = formBody.nullable();

/** Spending over £500: the list, and its import from a CSV file or pasted text. */
export function spendingRoutes(service: ResourcesService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    async function renderSpending(
      request: FastifyRequest,
      reply: FastifyReply,
      errors: FieldError[] = [],
      values: Values = {},
      problems: ImportProblem[] = [],
      status = 200,
    ) {
      const list = await service.listSpending();
      return reply.status(status).view('resources/views/admin/spending.njk', {
        title: 'Spending',
        rows: list.map((s) => ({ ...s, amount: formatPounds(s.amountPence) })),
        canImport: perms.can(request.actor.role, 'spending:import'),
        errors,
        values,
        problems,
      });
    }
    app.get('/admin/resources/spending', can('resources:view'), async (request, reply) => renderSpending(request, reply));
    /**
     * Imports spending lines from an uploaded CSV file (multipart, field "file") or from pasted
     * text (field "content"); a file wins over pasted text. The same all-or-nothing parser either
     * way, its problems listed with their line and column.
     */
    app.post('/admin/resources/spending/import', { ...can('spending:import'), schema: { body: formOrMultipart } }, async (request, reply) => {
      let body: Values = request.body ?? {};
      let upload: { name: string; text: string } | undefined;
      if (request.isMultipart()) {
        const { fields, file, tooBig } = await readUpload(request, MAX_SPENDING_FILE_BYTES);
        body = fields;
        if (tooBig) return renderSpending(request, reply, [{ field: 'file', message: 'The file must be 5 MB or smaller' }], body, [], 400);
        if (file)
          try {
            upload = { name: file.name, text: utf8Text(file.data) };
          } catch (e) {
            if (!(e instanceof NotUtf8)) throw e;
            return renderSpending(request, reply, [{ field: 'file', message: `${file.name} was refused: ${e.message}` }], body, [], 400);
          }
      }
      let text: string;
      if (upload) text = upload.text;
      else {
        const parsed = parseForm(spendingImportForm, body);
        if (!parsed.ok) {
          const nothing = !String(body.content ?? '').trim();
          return renderSpending(
            request,
            reply,
            nothing ? [{ field: 'file', message: 'Choose a CSV file, or paste the CSV file’s contents' }] : parsed.errors,
            parsed.values,
            [],
            400,
          );
        }
        text = parsed.data.content;
      }
      try {
        const r = await service.importSpending(request.actor, text);
        return done(
          request,
          reply,
          '/admin/resources/spending',
          `Spending imported${upload ? ` from ${upload.name}` : ''}: ${r.created} new, ${r.updated} updated`,
        );
      } catch (e) {
        if (!(e instanceof ImportRefused)) throw e;
        const message = upload ? `${upload.name} was refused: ${e.message}` : e.message;
        return renderSpending(request, reply, [{ field: upload ? 'file' : 'content', message }], body, e.problems, 400);
      }
    });
  };
}
