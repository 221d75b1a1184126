import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { STATUS_RULE, statusOf } from '../statuses.js';
import { actionNextStep } from '../presenters/planLinks.js';
import { requirePermission } from '../../../platform/auth.js';
import type { Platform } from '../../../platform/context.js';
import { parseForm, readFiles, submitForm, type FieldError } from '../../../platform/forms.js';
import { formBody, idParams, queryOf, typedRoutes, type FormValues } from '../../../platform/typedRoutes.js';
import { storeThenRecord } from '../../../platform/storage.js';
import { badRequest, forbidden, notFound } from '../../../platform/http.js';
import { describeProblem, ImportRefused } from '../../../platform/importKit.js';
import { deliveryPermissions as perms } from '../deliveryPermissions.js';
import type { PlansLookup } from '../deps.js';
import type { DeliveryService } from '../deliveryService.js';
import { actionForm, annualPublicationForm, commentaryForm, deliveryPlanForm, rejectForm, statusSettingsForm, updateForm } from '../forms/deliveryForms.js';
import { STATUS_KEYS } from '../statuses.js';
import {
  actionFormValues,
  deliveryPaths,
  ownerOptions,
  parseServes,
  rollupDisplay,
  servesOptions,
  statusOptions,
  statusSettingsRows,
} from '../presenters/deliveryPresenters.js';
import { annualReportDocument, quarterlySummaryDocument } from '../reports/blocks.js';
import { sendDocument } from '../reports/send.js';
import { dispositionOf, safeContentType } from '../../../platform/download.js';

const can = (a: Parameters<typeof perms.can>[1]) => requirePermission((r) => perms.can(r, a));

/** Evidence on one update: at most this many files of at most this size each. */
export const EVIDENCE_LIMITS = { maxFiles: 5, maxBytes: 20 * 1024 * 1024 };
/** A CSV import: one file. */
const IMPORT_LIMITS = { maxFiles: 1, maxBytes: 10 * 1024 * 1024 };

export function adminRoutes(platform: Platform, service: DeliveryService, plans: PlansLookup) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    async function actionPage(
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      extra: { errors?: FieldError[]; values?: Record<string, unknown>; rejectErrors?: { updateId: string; errors: FieldError[] } } = {},
    ) {
      const found = await service.getAction(id, { publicOnly: false });
      if (!found) throw notFound();
      const actor = request.actor;
      const canUpdate = perms.can(actor.role, 'delivery:post-update') && (actor.role !== 'force-lead' || found.action.ownerId === actor.id);
      return reply.status(extra.errors || extra.rejectErrors ? 400 : 200).view('delivery/views/admin/action.njk', {
        title: `${found.action.reference}: ${found.action.title}`,
        ...found,
        canUpdate,
        nextStep: actionNextStep({
          ownerName: found.action.ownerName,
          closed: statusOf(found.action.status).closed,
          pendingUpdates: found.updates.filter((u) => u.state === 'pending').length,
        }),
        canReview: perms.can(actor.role, 'delivery:review'),
        canManage: perms.can(actor.role, 'delivery:manage'),
        statusItems: statusOptions(String(extra.values?.status ?? found.action.status), {}, (await service.catalogue()).list),
        values: extra.values ?? { asOf: platform.clock.today(), progress: String(found.action.progress) },
        errors: extra.errors ?? extra.rejectErrors?.errors,
        rejectFor: extra.rejectErrors?.updateId,
      });
    }

    app.get('/admin/delivery', { preHandler: can('delivery:view-staff') }, async (request, reply) => {
      const [plansList, work, allPlans] = await Promise.all([
        service.listPlans({ publicOnly: false }),
        service.dueAndOverdue(request.actor),
        plans.list({ includeDrafts: true }),
      ]);
      return reply.view('delivery/views/admin/index.njk', {
        title: 'Delivery',
        deliveryPlans: plansList.map((p) => ({ ...p, rollupText: rollupDisplay(p.rollup).text })),
        dueCount: work.due.length,
        overdueCount: work.overdue.length,
        pendingCount: perms.can(request.actor.role, 'delivery:review') ? (await service.pendingUpdates()).length : 0,
        canManage: perms.can(request.actor.role, 'delivery:manage'),
        canReview: perms.can(request.actor.role, 'delivery:review'),
        planItems: [{ value: '', text: 'Choose a plan' }, ...allPlans.map((p) => ({ value: p.id, text: p.title }))],
        values: {},
      });
    });

    app.post('/admin/delivery/plans', { schema: { body: formBody }, preHandler: can('delivery:manage') }, async (request, reply) => {
      const form = parseForm(deliveryPlanForm, request.body);
      if (!form.ok) {
        const allPlans = await plans.list({ includeDrafts: true });
        return reply.status(400).view('delivery/views/admin/newPlan.njk', {
          title: 'Add a delivery plan',
          errors: form.errors,
          values: form.values,
          planItems: [{ value: '', text: 'Choose a plan' }, ...allPlans.map((p) => ({ value: p.id, text: p.title, selected: p.id === form.values.planId }))],
        });
      }
      const dp = await service.createPlan(request.actor, form.data);
      request.session.flash = `${dp.title} added`;
      return reply.redirect(`/admin/delivery/plans/${dp.id}`);
    });

    app.get('/admin/delivery/plans/new', { preHandler: can('delivery:manage') }, async (_request, reply) => {
      const allPlans = await plans.list({ includeDrafts: true });
      return reply.view('delivery/views/admin/newPlan.njk', {
        title: 'Add a delivery plan',
        values: {},
        planItems: [{ value: '', text: 'Choose a plan' }, ...allPlans.map((p) => ({ value: p.id, text: p.title }))],
      });
    });

    const listPage = (which: 'mine' | 'due' | 'overdue') => async (request: FastifyRequest, reply: FastifyReply) => {
      const titles = { mine: 'My actions', due: 'Updates due this period', overdue: 'Overdue updates and actions' };
      const work = which === 'mine' ? undefined : await service.dueAndOverdue(request.actor);
      const actions = which === 'mine' ? await service.myActions(request.actor) : which === 'due' ? work!.due : work!.overdue;
      return reply.view('delivery/views/admin/actionList.njk', { title: titles[which], which, actions });
    };
    app.get('/admin/delivery/my-actions', { preHandler: can('delivery:view-staff') }, listPage('mine'));
    app.get('/admin/delivery/due', { preHandler: can('delivery:view-staff') }, listPage('due'));
    app.get('/admin/delivery/overdue', { preHandler: can('delivery:view-staff') }, listPage('overdue'));

    app.get('/admin/delivery/plans/:id', { schema: { params: idParams }, preHandler: can('delivery:view-staff') }, async (request, reply) => {
      const v = await service.planView(request.params.id, { publicOnly: false });
      return reply.view('delivery/views/admin/plan.njk', {
        title: `${v.deliveryPlan.title}: ${v.plan.title}`,
        ...v,
        rollupView: rollupDisplay(v.rollup),
        priorities: v.priorities.map((p) => ({ ...p, rollupView: rollupDisplay(p.rollup) })),
        canManage: perms.can(request.actor.role, 'delivery:manage'),
        canReports: perms.can(request.actor.role, 'delivery:reports'),
      });
    });

    // ---- actions ----------------------------------------------------------------------------
    async function actionFormPage(reply: FastifyReply, dpId: string, actionId: string | null, values: Record<string, unknown>, errors?: FieldError[]) {
      const dp = await service.getDeliveryPlan(dpId);
      const tree = await plans.getTree(dp.planId);
      if (!tree) throw notFound();
      const people = await platform.users.list();
      return reply.status(errors ? 400 : 200).view('delivery/views/admin/actionForm.njk', {
        title: actionId ? 'Change the action' : 'Add an action',
        deliveryPlan: dp,
        actionId,
        values,
        errors,
        servesItems: servesOptions(tree, String(values.priority ?? '')),
        ownerItems: ownerOptions(people, String(values.ownerId ?? '')),
        statusItems: statusOptions(String(values.status ?? 'not-started'), {}, (await service.catalogue()).list),
      });
    }

    async function saveAction(request: FastifyRequest, body: FormValues, reply: FastifyReply, dpId: string, actionId: string | null) {
      const form = parseForm(actionForm, body);
      const dp = await service.getDeliveryPlan(dpId);
      const tree = (await plans.getTree(dp.planId))!;
      if (!form.ok) return actionFormPage(reply, dpId, actionId, form.values, form.errors);
      const serves = parseServes(tree, form.data.priority);
      if (!serves)
        return actionFormPage(reply, dpId, actionId, { ...body, _csrf: undefined }, [{ field: 'priority', message: 'Select what the action serves' }]);
      const input = { ...form.data, ...serves };
      const a = actionId ? await service.updateAction(request.actor, actionId, input) : await service.createAction(request.actor, dp.id, input);
      request.session.flash = actionId ? 'Action changed' : `Action ${a.reference} added`;
      return reply.redirect(`/admin/delivery/actions/${a.id}`);
    }

    app.get('/admin/delivery/plans/:id/actions/new', { schema: { params: idParams }, preHandler: can('delivery:manage') }, async (request, reply) =>
      actionFormPage(reply, request.params.id, null, { status: 'not-started', progress: '0' }),
    );
    app.post(
      '/admin/delivery/plans/:id/actions',
      { schema: { params: idParams, body: formBody }, preHandler: can('delivery:manage') },
      async (request, reply) => saveAction(request, request.body, reply, request.params.id, null),
    );
    app.get('/admin/delivery/actions/:id/edit', { schema: { params: idParams }, preHandler: can('delivery:manage') }, async (request, reply) => {
      const found = await service.getAction(request.params.id, { publicOnly: false });
      if (!found) throw notFound();
      return actionFormPage(reply, found.deliveryPlan.id, found.action.id, actionFormValues(found.action));
    });
    app.post('/admin/delivery/actions/:id', { schema: { params: idParams, body: formBody }, preHandler: can('delivery:manage') }, async (request, reply) => {
      const found = await service.getAction(request.params.id, { publicOnly: false });
      if (!found) throw notFound();
      return saveAction(request, request.body, reply, found.deliveryPlan.id, found.action.id);
    });

    app.get('/admin/delivery/actions/:id', { schema: { params: idParams }, preHandler: can('delivery:view-staff') }, async (request, reply) =>
      actionPage(request, reply, request.params.id),
    );

    // ---- updates ----------------------------------------------------------------------------
    app.post(
      '/admin/delivery/actions/:id/updates',
      { schema: { params: idParams, body: formBody.nullable() }, preHandler: can('delivery:post-update') },
      async (request, reply) => {
        const id = request.params.id;
        if (!request.isMultipart()) throw badRequest('Send the update as a multipart form');
        // Authorised before a byte of the files is read; validated before any is stored.
        const found = await service.getAction(id, { publicOnly: false });
        if (!found) throw notFound();
        if (request.actor.role === 'force-lead' && found.action.ownerId !== request.actor.id)
          throw forbidden('You can post updates only on the actions you own.');
        const { fields, files, tooBig, tooMany } = await readFiles(request, EVIDENCE_LIMITS);
        const form = parseForm(updateForm, fields);
        const limitError =
          tooBig || tooMany
            ? [
                {
                  field: 'evidence',
                  message: `Attach at most ${EVIDENCE_LIMITS.maxFiles} files of ${EVIDENCE_LIMITS.maxBytes / 1024 / 1024} MB or smaller each`,
                },
              ]
            : [];
        if (!form.ok || limitError.length)
          return actionPage(request, reply, id, { errors: [...(form.ok ? [] : form.errors), ...limitError], values: form.ok ? fields : form.values });
        const evidence = files.filter((f) => f.field === 'evidence');
        await storeThenRecord(platform.storage, evidence, (stored) =>
          service.postUpdate(
            request.actor,
            id,
            form.data,
            stored.map((s, i) => ({ key: s.key, size: s.size, filename: evidence[i].name.slice(0, 200), contentType: evidence[i].type })),
          ),
        );
        request.session.flash = 'Update sent for approval';
        return reply.redirect(`/admin/delivery/actions/${id}`);
      },
    );

    app.get('/admin/delivery/reviews', { preHandler: can('delivery:review') }, async (_request, reply) => {
      return reply.view('delivery/views/admin/reviews.njk', { title: 'Updates waiting for approval', updates: await service.pendingUpdates() });
    });
    app.post(
      '/admin/delivery/updates/:id/approve',
      { schema: { params: idParams, body: formBody }, preHandler: can('delivery:review') },
      async (request, reply) => {
        const u = await service.review(request.actor, request.params.id, { approve: true });
        request.session.flash = `Update ${u.reference} approved and published`;
        return reply.redirect(`/admin/delivery/actions/${u.actionId}`);
      },
    );
    app.post(
      '/admin/delivery/updates/:id/reject',
      { schema: { params: idParams, body: formBody }, preHandler: can('delivery:review') },
      async (request, reply) => {
        const id = request.params.id;
        const form = parseForm(rejectForm, request.body);
        if (!form.ok) {
          const pending = (await service.pendingUpdates()).find((u) => u.id === id);
          if (!pending) throw notFound();
          return actionPage(request, reply, pending.actionId, {
            rejectErrors: { updateId: id, errors: form.errors.map((e) => ({ ...e, field: `reason-${id}` })) },
          });
        }
        const u = await service.review(request.actor, id, { approve: false, reason: form.data.reason });
        request.session.flash = `Update ${u.reference} rejected`;
        return reply.redirect(`/admin/delivery/actions/${u.actionId}`);
      },
    );
    app.get('/admin/delivery/files/:id', { schema: { params: idParams }, preHandler: can('delivery:view-staff') }, async (request, reply) => {
      const f = await service.getFile(request.params.id);
      if (!f) throw notFound();
      return reply
        .header('content-type', safeContentType(f.file.contentType))
        .header('content-disposition', dispositionOf(f.file.filename))
        .header('x-content-type-options', 'nosniff')
        .send(await platform.storage.get(f.file.storageKey));
    });

    // ---- CSV ------------------------------------------------------------------------------
    app.get('/admin/delivery/plans/:id/import', { schema: { params: idParams }, preHandler: can('delivery:manage') }, async (request, reply) => {
      const dp = await service.getDeliveryPlan(request.params.id);
      return reply.view('delivery/views/admin/import.njk', { title: `Import into ${dp.title}`, deliveryPlan: dp });
    });
    app.post(
      '/admin/delivery/plans/:id/import',
      { schema: { params: idParams, body: formBody.nullable() }, preHandler: can('delivery:manage') },
      async (request, reply) => {
        const dp = await service.getDeliveryPlan(request.params.id);
        if (!request.isMultipart()) throw badRequest('Send the file as a multipart form');
        const { fields, files } = await readFiles(request, IMPORT_LIMITS);
        const csv = files.find((f) => f.field === 'csv')?.data.toString('utf8');
        const kind = fields.kind === 'updates' ? 'updates' : 'actions';
        const page = (errors: FieldError[], problems: string[] = []) =>
          reply.status(400).view('delivery/views/admin/import.njk', { title: `Import into ${dp.title}`, deliveryPlan: dp, errors, problems, values: { kind } });
        if (!csv) return page([{ field: 'csv', message: 'Select a CSV file of 10 MB or smaller' }]);
        try {
          const r = kind === 'actions' ? await service.importActions(request.actor, dp.id, csv) : await service.importUpdates(request.actor, dp.id, csv);
          request.session.flash = `Imported ${kind}: ${r.created} new, ${r.updated} changed`;
          return reply.redirect(`/admin/delivery/plans/${dp.id}`);
        } catch (e) {
          if (e instanceof ImportRefused)
            return page([{ field: 'csv', message: `${e.message}. ${describeProblem(e.problems[0])}` }], e.problems.map(describeProblem));
          throw e;
        }
      },
    );
    app.get('/admin/delivery/plans/:id/actions.csv', { schema: { params: idParams }, preHandler: can('delivery:view-staff') }, async (request, reply) => {
      const dp = await service.getDeliveryPlan(request.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', dispositionOf(`${dp.reference}-actions.csv`))
        .send(await service.exportActions(dp.id, { publicOnly: false }));
    });
    app.get('/admin/delivery/plans/:id/updates.csv', { schema: { params: idParams }, preHandler: can('delivery:view-staff') }, async (request, reply) => {
      const dp = await service.getDeliveryPlan(request.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', dispositionOf(`${dp.reference}-updates.csv`))
        .send(await service.exportUpdates(dp.id));
    });

    // ---- statuses -----------------------------------------------------------------------
    app.get('/admin/delivery/statuses', { preHandler: can('delivery:manage') }, async (_request, reply) => {
      return reply.view('delivery/views/admin/statuses.njk', {
        title: 'Statuses and RAG colours',
        statusRule: STATUS_RULE,
        rows: statusSettingsRows((await service.catalogue()).list),
      });
    });
    app.post('/admin/delivery/statuses', { schema: { body: formBody }, preHandler: can('delivery:manage') }, async (request, reply) => {
      const form = parseForm(statusSettingsForm, request.body);
      if (!form.ok) {
        return reply.status(400).view('delivery/views/admin/statuses.njk', {
          title: 'Statuses and RAG colours',
          statusRule: STATUS_RULE,
          errors: form.errors,
          rows: statusSettingsRows((await service.catalogue()).list, form.values),
        });
      }
      await service.setStatuses(
        request.actor,
        STATUS_KEYS.map((k) => ({ key: k, label: form.data[`label-${k}`], rag: form.data[`rag-${k}`] })),
      );
      request.session.flash = 'Statuses saved';
      return reply.redirect('/admin/delivery/statuses');
    });

    // ---- reports ----------------------------------------------------------------------------
    app.get(
      '/admin/delivery/plans/:id/quarterly',
      { schema: { params: idParams, querystring: queryOf('period', 'format') }, preHandler: can('delivery:reports') },
      async (request, reply) => {
        const { id } = request.params;
        const q = request.query;
        const data = await service.quarterlySummary(id, q.period);
        if (q.format === 'docx' || q.format === 'pdf')
          return sendDocument(reply, quarterlySummaryDocument(data), q.format, `${data.deliveryPlan.reference}-${data.period.key}-summary`);
        return reply.view('delivery/views/admin/quarterly.njk', {
          title: `Quarterly executive summary: ${data.period.label}`,
          ...data,
          rollupView: rollupDisplay(data.rollup),
          priorities: data.priorities.map((p) => ({ ...p, rollupView: rollupDisplay(p.rollup) })),
          periodItems: data.periods.map((p) => ({ value: p.key, text: p.label, selected: p.key === data.period.key })),
          canComment: perms.can(request.actor.role, 'delivery:commentary'),
        });
      },
    );
    app.post(
      '/admin/delivery/plans/:id/commentary/:period',
      { schema: { params: z.object({ id: z.string(), period: z.string() }), body: formBody }, preHandler: can('delivery:commentary') },
      async (request, reply) => {
        const { id, period } = request.params;
        const form = parseForm(commentaryForm, request.body);
        if (!form.ok) throw badRequest(form.errors[0].message);
        if (period !== 'annual' && !/^\d{4}-\d{2}-Q[1-4]$/.test(period)) throw notFound();
        await service.setCommentary(request.actor, id, period, form.data.priorityId, form.data.body.trim());
        request.session.flash = 'Commentary saved';
        return reply.redirect(period === 'annual' ? `/admin/delivery/plans/${id}/annual` : `/admin/delivery/plans/${id}/quarterly?period=${period}`);
      },
    );
    async function annualPage(request: FastifyRequest, reply: FastifyReply, id: string, errors?: FieldError[]) {
      const data = await service.annualReport(id);
      const publishedAt = data.deliveryPlan.annualReportPublishedAt;
      return reply.status(errors ? 400 : 200).view('delivery/views/admin/annual.njk', {
        title: data.title,
        report: data,
        canComment: perms.can(request.actor.role, 'delivery:commentary'),
        canPublish: perms.can(request.actor.role, 'delivery:publish-annual-report'),
        publication: publishedAt ? { publishedAt, href: deliveryPaths.annualReport(data.deliveryPlan.reference) } : null,
        errors,
      });
    }
    app.get(
      '/admin/delivery/plans/:id/annual',
      { schema: { params: idParams, querystring: queryOf('format') }, preHandler: can('delivery:reports') },
      async (request, reply) => {
        const { id } = request.params;
        const q = request.query;
        if (q.format === 'docx' || q.format === 'pdf') {
          const data = await service.annualReport(id);
          return sendDocument(reply, annualReportDocument(data), q.format, `${data.deliveryPlan.reference}-annual-report`);
        }
        return annualPage(request, reply, id);
      },
    );
    app.post(
      '/admin/delivery/plans/:id/annual/publication',
      { schema: { params: idParams, body: formBody }, preHandler: can('delivery:publish-annual-report') },
      async (request, reply) => {
        const { id } = request.params;
        const r = await submitForm(
          request.body,
          annualPublicationForm,
          (data) => service.setAnnualReportPublished(request.actor, id, data.publish === 'yes'),
          'publish',
        );
        if (!r.ok) return annualPage(request, reply, id, r.errors);
        request.session.flash = r.value.annualReportPublishedAt
          ? 'The annual report is published on the public site'
          : 'The annual report is no longer on the public site';
        return reply.redirect(`/admin/delivery/plans/${id}/annual`, 303);
      },
    );
  };
}
