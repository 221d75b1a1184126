import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requirePermission } from '../../../platform/auth.js';
import type { Platform } from '../../../platform/context.js';
import { parseForm, readUpload, submitForm, type FieldError } from '../../../platform/forms.js';
import { formBody, queryOf, typedRoutes } from '../../../platform/typedRoutes.js';
import { HttpError, notFound } from '../../../platform/http.js';
import { ImportRefused, type ImportProblem } from '../../../platform/importKit.js';
import { commentarySchema, figureSchema, measureSchema, measureToValues, toMeasureInput } from '../forms/measureForm.js';
import { quarterOfMonth } from '../periods.js';
import { performancePermissions as perms } from '../performancePermissions.js';
import type { PerformanceService } from '../performanceService.js';
import { measurePage } from '../presenters/measure.js';
import { dashboardPage } from '../presenters/pages.js';
import { reportPage } from '../presenters/report.js';
import { reportDocx, reportPdf } from '../report.js';
import { isRole, ROLE_LABELS } from '../../../platform/roles.js';
import { FREQUENCIES, POLARITIES, SOURCE_KINDS, TARGET_KINDS } from '../schema.js';

const can = (a: Parameters<typeof perms.can>[1]) => ({ preHandler: requirePermission((r) => perms.can(r, a)) });
/** A figures CSV: one file up to this size. */
const MAX_FIGURES_FILE_BYTES = 10 * 1024 * 1024;

const refParams = z.object({ ref: z.string() });
const reportQuery = { schema: { querystring: queryOf('quarter') } };

export function adminRoutes(
  platform: Platform,
  service: PerformanceService,
  deps: {
    categories: () => Promise<{ slug: string; name: string }[]>;
    currentPlan: () => Promise<
      { reference: string; priorities: { reference: string; title: string }[]; outcomes: { reference: string; title: string }[] } | undefined
    >;
  },
) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    async function formOptions() {
      const [categories, plan] = await Promise.all([deps.categories(), deps.currentPlan()]);
      return {
        categories,
        plan,
        polarities: POLARITIES,
        frequencies: FREQUENCIES,
        sourceKinds: SOURCE_KINDS,
        targetKinds: TARGET_KINDS,
      };
    }
    async function showForm(reply: FastifyReply, opts: { values: Record<string, unknown>; errors?: FieldError[]; editing?: string; status?: number }) {
      return reply.status(opts.status ?? 200).view('performance/views/admin/measure-form.njk', {
        title: opts.editing ? 'Change measure' : 'New measure',
        values: opts.values,
        errors: opts.errors,
        editing: opts.editing,
        ...(await formOptions()),
      });
    }

    app.get('/admin/performance', can('performance:view'), async (request, reply) => {
      const d = await service.dashboard({ publicOnly: false });
      return reply.view('performance/views/admin/dashboard.njk', {
        title: 'Performance',
        ...dashboardPage(d),
        canEdit: perms.can(request.actor.role, 'measure:edit'),
        canEnter: perms.can(request.actor.role, 'figures:enter'),
        base: '/admin/performance',
      });
    });

    app.get('/admin/performance/measures/new', can('measure:edit'), async (_request, reply) => {
      const plan = await deps.currentPlan();
      return showForm(reply, {
        values: {
          polarity: 'lower',
          frequency: 'monthly',
          sourceKind: 'crime',
          targetKind: 'direction',
          perThousand: 'yes',
          isPublic: 'yes',
          planReference: plan?.reference ?? '',
        },
      });
    });
    app.post('/admin/performance/measures/new', { ...can('measure:edit'), schema: { body: formBody } }, async (request, reply) => {
      const r = parseForm(measureSchema, request.body);
      if (!r.ok) return showForm(reply, { values: r.values, errors: r.errors, status: 400 });
      try {
        const m = await service.saveMeasure(request.actor, toMeasureInput(r.data));
        request.session.flash = `Measure "${m.name}" created`;
        return reply.redirect(`/admin/performance/measures/${m.reference}`);
      } catch (e) {
        if (e instanceof HttpError && e.statusCode === 422)
          return showForm(reply, {
            values: request.body,
            errors: [{ field: /baseline/i.test(e.detail ?? '') ? 'baselineFrom' : 'reference', message: e.detail ?? e.message }],
            status: 400,
          });
        throw e;
      }
    });

    app.get('/admin/performance/measures/:ref/edit', { ...can('measure:edit'), schema: { params: refParams } }, async (request, reply) => {
      const m = await service.getMeasure(request.params.ref);
      if (!m) throw notFound();
      return showForm(reply, { values: measureToValues(m), editing: m.reference });
    });
    app.post('/admin/performance/measures/:ref/edit', { ...can('measure:edit'), schema: { params: refParams, body: formBody } }, async (request, reply) => {
      const m = await service.getMeasure(request.params.ref);
      if (!m) throw notFound();
      const r = parseForm(measureSchema, request.body);
      if (!r.ok) return showForm(reply, { values: r.values, errors: r.errors, editing: m.reference, status: 400 });
      try {
        const saved = await service.saveMeasure(request.actor, toMeasureInput(r.data, m.isDemo), m.id);
        request.session.flash = `Measure "${saved.name}" saved`;
        return reply.redirect(`/admin/performance/measures/${saved.reference}`);
      } catch (e) {
        if (e instanceof HttpError && e.statusCode === 422)
          return showForm(reply, {
            values: request.body,
            errors: [{ field: /baseline/i.test(e.detail ?? '') ? 'baselineFrom' : 'reference', message: e.detail ?? e.message }],
            editing: m.reference,
            status: 400,
          });
        throw e;
      }
    });

    async function showMeasure(
      request: FastifyRequest,
      reply: FastifyReply,
      ref: string,
      extra: { errors?: FieldError[]; figureValues?: Record<string, unknown>; commentValues?: Record<string, unknown>; status?: number } = {},
    ) {
      const v = await service.measureView(ref);
      const last = v.evaluation.latest?.period;
      const defaultPeriod = last ? (last.length === 7 ? quarterOfMonth(last) : last) : '';
      return reply.status(extra.status ?? 200).view('performance/views/admin/measure.njk', {
        title: v.measure.name,
        ...measurePage(v, await service.categoryNames()),
        v,
        base: '/admin/performance',
        canEdit: perms.can(request.actor.role, 'measure:edit'),
        canEnter: perms.can(request.actor.role, 'figures:enter') && v.measure.sourceKind === 'entered',
        canComment: perms.can(request.actor.role, 'commentary:write'),
        errors: extra.errors,
        figureValues: extra.figureValues ?? {},
        commentValues: extra.commentValues ?? { period: defaultPeriod },
      });
    }
    app.get('/admin/performance/measures/:ref', { ...can('performance:view'), schema: { params: refParams } }, async (request, reply) =>
      showMeasure(request, reply, request.params.ref),
    );

    app.post('/admin/performance/measures/:ref/figures', { ...can('figures:enter'), schema: { params: refParams, body: formBody } }, async (request, reply) => {
      const { ref } = request.params;
      const r = await submitForm(
        request.body,
        figureSchema,
        (data) => service.enterFigure(request.actor, ref, data.period, data.value, data.note ?? null),
        'period',
      );
      if (!r.ok) return showMeasure(request, reply, ref, { errors: r.errors, figureValues: r.values, status: 400 });
      request.session.flash = `Figure for ${r.data.period} saved`;
      return reply.redirect(`/admin/performance/measures/${ref}`);
    });

    app.post(
      '/admin/performance/measures/:ref/commentary',
      { ...can('commentary:write'), schema: { params: refParams, body: formBody } },
      async (request, reply) => {
        const r = parseForm(commentarySchema, request.body);
        if (!r.ok)
          return showMeasure(request, reply, request.params.ref, {
            errors: r.errors.map((e) => ({ ...e, field: e.field === 'period' ? 'commentPeriod' : e.field })),
            commentValues: r.values,
            status: 400,
          });
        // Credited publicly to a name and a role, never to an e-mail address.
        const u = request.user;
        const byline = u ? `${u.name}, ${isRole(u.role) ? ROLE_LABELS[u.role] : u.role}` : request.actor.label;
        await service.writeCommentary(request.actor, request.params.ref, r.data.period, r.data.body, byline);
        request.session.flash = `Commentary for ${r.data.period} saved`;
        return reply.redirect(`/admin/performance/measures/${request.params.ref}`);
      },
    );

    app.get('/admin/performance/figures/import', can('figures:enter'), async (_request, reply) => {
      const entered = (await service.list()).filter((m) => m.sourceKind === 'entered');
      return reply.view('performance/views/admin/import.njk', { title: 'Import figures', entered });
    });
    app.post('/admin/performance/figures/import', can('figures:enter'), async (request, reply) => {
      const entered = (await service.list()).filter((m) => m.sourceKind === 'entered');
      const { file: upload, tooBig } = request.isMultipart() ? await readUpload(request, MAX_FIGURES_FILE_BYTES) : { file: undefined, tooBig: false };
      const render = (errors: FieldError[], problems?: ImportProblem[], fileName?: string) =>
        reply.status(400).view('performance/views/admin/import.njk', { title: 'Import figures', entered, errors, problems, fileName });
      if (tooBig) return render([{ field: 'file', message: 'The file must be 10 MB or smaller' }]);
      if (!upload) return render([{ field: 'file', message: 'Choose a CSV file' }]);
      const file = { filename: upload.name };
      const text = upload.data.toString('utf8');
      try {
        const { rows } = await service.importFigures(request.actor, text, file.filename);
        request.session.flash = `Imported ${rows} figure${rows === 1 ? '' : 's'} from ${file.filename}`;
        return reply.redirect('/admin/performance');
      } catch (e) {
        if (e instanceof ImportRefused) {
          return render(
            [
              {
                field: 'file',
                message: `${file.filename} was refused and nothing was saved: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} (listed below)`,
              },
            ],
            e.problems,
            file.filename,
          );
        }
        throw e;
      }
    });

    // The quarterly performance report for the Panel, as HTML, Word and PDF.
    const quarterOf = async (q: string | undefined) => {
      if (typeof q === 'string' && /^\d{4}-Q[1-4]$/.test(q)) return q;
      const d = await service.dashboard({ publicOnly: false });
      const last = d.all
        .map((v) => v.series.points.at(-1)?.period)
        .filter((p): p is string => !!p && p.length === 7)
        .sort()
        .at(-1);
      return quarterOfMonth(last ?? platform.clock.today().slice(0, 7));
    };
    app.get('/admin/performance/report', { ...can('report:export'), ...reportQuery }, async (request, reply) => {
      const quarter = await quarterOf(request.query.quarter);
      const area = await platform.settings.getArea();
      const page = reportPage(await service.report(quarter, { publicOnly: false }), area);
      return reply.view('performance/views/admin/report.njk', { title: page.title, page, quarter });
    });
    app.get('/admin/performance/report.docx', { ...can('report:export'), ...reportQuery }, async (request, reply) => {
      const quarter = await quarterOf(request.query.quarter);
      const page = reportPage(await service.report(quarter, { publicOnly: false }), await platform.settings.getArea());
      const buf = await reportDocx(page);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="performance-report-${quarter}.docx"`)
        .send(buf);
    });
    app.get('/admin/performance/report.pdf', { ...can('report:export'), ...reportQuery }, async (request, reply) => {
      const quarter = await quarterOf(request.query.quarter);
      const page = reportPage(await service.report(quarter, { publicOnly: false }), await platform.settings.getArea());
      const buf = await reportPdf(page);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="performance-report-${quarter}.pdf"`)
        .send(buf);
    });
  };
}
