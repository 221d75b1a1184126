import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requirePermission } from '../../../platform/auth.js';
import { parseForm, readFiles, type FieldError } from '../../../platform/forms.js';
import { RuleError } from '../../../platform/http.js';
import { formBody, typedRoutes, type FormValues } from '../../../platform/typedRoutes.js';
import type { Role } from '../../../platform/roles.js';
import { renderFields, type FieldSpec } from '../presenters/formFields.js';
import type { UploadedFile } from '../scrutinyService.js';

type Params = Record<string, string>;

/** Any parameters in the address, and the query string's values (the first of repeated ones). */
const formParams = z.record(z.string(), z.string());
const formQuery = z.record(
  z.string(),
  z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? (v[0] ?? '') : v)),
);
/** A urlencoded form; none (null to the validator) for a multipart one, which `readFiles` reads. */
const formOrMultipart = formBody.nullable();

/** The request a form page's callbacks see: its `:id` and query string typed. */
export type FormRequest = Pick<FastifyRequest, 'actor' | 'url' | 'user' | 'session'> & { params: Params; query: Partial<Record<string, string>> };

export interface FormPageOptions<S extends z.ZodType> {
  path: string;
  allowed: (role: Role | null) => boolean;
  title: string | ((req: FormRequest) => Promise<string> | string);
  caption?: (req: FormRequest) => Promise<string | undefined> | string | undefined;
  back: (params: Params) => string;
  fields: (req: FormRequest) => Promise<FieldSpec[]> | FieldSpec[];
  schema: S;
  load?: (req: FormRequest) => Promise<Record<string, unknown>>;
  save: (req: FormRequest, data: z.infer<S>, file?: UploadedFile) => Promise<{ redirect: string; flash: string }>;
  submitText?: string;
  intro?: string;
  multipart?: boolean;
}

/** A paper or a document: one file, up to this size. */
export const PAPER_LIMITS = { maxFiles: 1, maxBytes: 50 * 1024 * 1024 };

/**
 * A GET/POST pair for one GOV.UK form: permission on both, zod validation, errors with the values
 * typed kept, rules broken by the service shown in the error summary, then redirect with a flash.
 */
export function formPage<S extends z.ZodType>(scope: FastifyInstance, o: FormPageOptions<S>) {
  const app = typedRoutes(scope);
  const pre = requirePermission(o.allowed);
  async function render(request: FormRequest, reply: FastifyReply, values: Record<string, unknown>, errors?: FieldError[]) {
    const params = request.params;
    const title = typeof o.title === 'function' ? await o.title(request) : o.title;
    const specs = await o.fields(request);
    if (errors?.length) reply.status(400);
    return reply.view('scrutiny/views/admin/form.njk', {
      title,
      caption: o.caption ? await o.caption(request) : undefined,
      back: o.back(params),
      action: request.url.split('?')[0],
      fields: renderFields(specs, values),
      errors,
      submitText: o.submitText,
      intro: o.intro,
      multipart: o.multipart,
    });
  }
  const schema = { params: formParams, querystring: formQuery };
  app.get(o.path, { preHandler: pre, schema }, async (request, reply) => render(request, reply, o.load ? await o.load(request) : {}));
  app.post(o.path, { preHandler: pre, schema: { ...schema, body: formOrMultipart } }, async (request, reply) => {
    let body: FormValues = request.body ?? {};
    let file: UploadedFile | undefined;
    let tooBig = false;
    if (o.multipart && request.isMultipart()) {
      const m = await readFiles(request, PAPER_LIMITS);
      body = m.fields;
      tooBig = m.tooBig || m.tooMany;
      file = m.files[0] && { data: m.files[0].data, fileName: m.files[0].name, contentType: m.files[0].type };
    }
    const parsed = parseForm(o.schema, body);
    const limitErrors = tooBig ? [{ field: 'file', message: `The file must be ${PAPER_LIMITS.maxBytes / 1024 / 1024} MB or smaller` }] : [];
    if (!parsed.ok || tooBig) return render(request, reply, parsed.ok ? body : parsed.values, [...(parsed.ok ? [] : parsed.errors), ...limitErrors]);
    try {
      const { redirect, flash } = await o.save(request, parsed.data, file);
      request.session.flash = flash;
      return reply.redirect(redirect, 303);
    } catch (e) {
      if (e instanceof RuleError) {
        const specs = await o.fields(request);
        const values = { ...body };
        delete values._csrf;
        return render(request, reply, values, [{ field: specs[0]?.name ?? 'form', message: e.detail ?? e.message }]);
      }
      throw e;
    }
  });
}
