import type { FastifyInstance } from 'fastify';
import { idParams, typedRoutes } from '../../../../platform/typedRoutes.js';
import { A, FINDING_LABELS, can } from './shared.js';
import { requirePermission } from '../../../../platform/auth.js';
import type { Platform } from '../../../../platform/context.js';
import { notFound } from '../../../../platform/http.js';
import { hmicfrsCommentsDue } from '../../deadlines.js';
import { commentsForm, findingForm, findingUpdateForm, inspectionForm } from '../../forms/scrutinyForms.js';
import { inspectionsTable } from '../../presenters/tables.js';
import { FINDING_KINDS, FINDING_STATUSES } from '../../schema.js';
import { scrutinyPermissions as perms } from '../../scrutinyPermissions.js';
import type { ScrutinyService } from '../../scrutinyService.js';
import { formPage } from '../formPage.js';

/** HMICFRS inspections: findings, the force's progress and the comments. */
export function inspectionRoutes(platform: Platform, service: ScrutinyService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    const view = { preHandler: requirePermission(can('scrutiny:view')) };
    const names = () => platform.settings.getArea();

    // ---- inspections -------------------------------------------------------------------------
    app.get(`${A}/inspections`, view, async (request, reply) => {
      const items = await service.inspectionsWithFindings();
      return reply.view('scrutiny/views/list.njk', {
        title: 'HMICFRS inspections',
        back: { text: 'Scrutiny', href: A },
        buttons: perms.can(request.actor.role, 'inspection:manage') ? [{ text: 'Record an inspection report', href: `${A}/inspections/new` }] : [],
        tables: [inspectionsTable(items, service.today(), `${A}/inspections`, true)],
      });
    });
    formPage(scope, {
      path: `${A}/inspections/new`,
      allowed: can('inspection:manage'),
      title: 'Record an HMICFRS report',
      back: () => `${A}/inspections`,
      fields: () => [
        { name: 'reference', label: 'Reference', classes: 'govuk-input--width-20' },
        { name: 'title', label: 'Title' },
        {
          name: 'kind',
          label: 'Kind',
          type: 'radios',
          options: [
            { value: 'peel', text: 'PEEL' },
            { value: 'thematic', text: 'Thematic' },
          ],
        },
        {
          name: 'publishedOn',
          label: 'Date HMICFRS published it',
          type: 'date',
          hint: 'The comments are due within 56 days, counting this day. For example, 2025-04-01',
        },
        { name: 'summary', label: 'Summary (optional)', type: 'textarea' },
        { name: 'url', label: 'Link to the report (optional)' },
      ],
      schema: inspectionForm,
      save: async (req, data) => {
        const i = await service.createInspection(req.actor, data);
        return { redirect: `${A}/inspections/${i.id}`, flash: `Recorded "${i.title}"` };
      },
    });
    app.get(`${A}/inspections/:id`, { ...view, schema: { params: idParams } }, async (request, reply) => {
      const d = await service.inspectionDetail(request.params.id);
      if (!d) throw notFound();
      const role = request.actor.role;
      return reply.view('scrutiny/views/inspection.njk', {
        title: d.inspection.title,
        ...d,
        staff: true,
        findingLabels: FINDING_LABELS,
        commentsDue: hmicfrsCommentsDue(d.inspection.publishedOn),
        today: service.today(),
        canManage: perms.can(role, 'inspection:manage'),
        canComment: perms.can(role, 'inspection:comment'),
        canUpdate: perms.can(role, 'inspection:update'),
      });
    });
    formPage(scope, {
      path: `${A}/inspections/:id/findings`,
      allowed: can('inspection:manage'),
      title: 'Add a finding',
      back: (p) => `${A}/inspections/${p.id}`,
      fields: async () => [
        { name: 'kind', label: 'Kind', type: 'radios', options: FINDING_KINDS.map((k) => ({ value: k, text: FINDING_LABELS[k] })) },
        { name: 'text', label: 'Finding', type: 'textarea' },
        {
          name: 'priorityIds',
          label: 'Plan priorities it relates to (optional)',
          type: 'checkboxes',
          options: (await service.priorityChoices()).map((p) => ({ value: p.id, text: p.title })),
        },
      ],
      schema: findingForm,
      save: async (req, data) => {
        await service.addFinding(req.actor, req.params.id, data);
        return { redirect: `${A}/inspections/${req.params.id}`, flash: 'Finding added' };
      },
    });
    formPage(scope, {
      path: `${A}/findings/:id/update`,
      allowed: can('inspection:update'),
      title: 'Add a progress update',
      back: () => `${A}/inspections`,
      fields: () => [
        { name: 'updateDate', label: 'Date', type: 'date' },
        { name: 'text', label: 'Progress', type: 'textarea' },
        {
          name: 'status',
          label: 'Status',
          type: 'radios',
          options: FINDING_STATUSES.map((s) => ({ value: s, text: s === 'in-progress' ? 'In progress' : s.charAt(0).toUpperCase() + s.slice(1) })),
        },
      ],
      schema: findingUpdateForm,
      load: async () => ({ updateDate: service.today() }),
      save: async (req, data) => {
        await service.addFindingUpdate(req.actor, req.params.id, data);
        return { redirect: `${A}/inspections`, flash: 'Progress update added' };
      },
    });
    formPage(scope, {
      path: `${A}/inspections/:id/comments`,
      allowed: can('inspection:comment'),
      title: async () => `Comments of the ${(await names()).electedHeadTitle}`,
      back: (p) => `${A}/inspections/${p.id}`,
      intro: 'The comments must say, for each recommendation, what has been or will be done, or why nothing will be (Police Act 1996 s.55(5B)).',
      fields: () => [
        { name: 'commentsText', label: 'Comments', type: 'textarea', rows: 12 },
        { name: 'commentsPublishedOn', label: 'Date published', type: 'date' },
      ],
      schema: commentsForm,
      save: async (req, data) => {
        await service.recordComments(req.actor, req.params.id, data);
        return { redirect: `${A}/inspections/${req.params.id}`, flash: 'Comments recorded' };
      },
    });
  };
}
