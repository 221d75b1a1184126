import type { FastifyInstance } from 'fastify';
import { idParams, typedRoutes } from '../../../../platform/typedRoutes.js';
import { A, can } from './shared.js';
import { requirePermission } from '../../../../platform/auth.js';
import type { Platform } from '../../../../platform/context.js';
import { notFound } from '../../../../platform/http.js';
import { decisionDocumentForm, decisionForm } from '../../forms/scrutinyForms.js';
import type { FieldSpec } from '../../presenters/formFields.js';
import { decisionsTable } from '../../presenters/tables.js';
import { scrutinyPermissions as perms } from '../../scrutinyPermissions.js';
import type { ScrutinyService } from '../../scrutinyService.js';
import { formPage } from '../formPage.js';

/** Decision notices and their documents. */
export function decisionRoutes(platform: Platform, service: ScrutinyService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    const view = { preHandler: requirePermission(can('scrutiny:view')) };

    // ---- decisions ---------------------------------------------------------------------------
    app.get(`${A}/decisions`, view, async (request, reply) => {
      const rows = await service.listDecisions();
      return reply.view('scrutiny/views/list.njk', {
        title: 'Decision notices',
        back: { text: 'Scrutiny', href: A },
        buttons: perms.can(request.actor.role, 'decision:manage') ? [{ text: 'Record a decision', href: `${A}/decisions/new` }] : [],
        tables: [decisionsTable(rows, `${A}/decisions`, true)],
      });
    });
    const decisionFields = (): FieldSpec[] => [
      { name: 'reference', label: 'Reference', classes: 'govuk-input--width-20' },
      { name: 'title', label: 'Title' },
      { name: 'decisionDate', label: 'Date of the decision', type: 'date' },
      { name: 'decidedBy', label: 'Decided by' },
      { name: 'summary', label: 'Summary', type: 'textarea' },
      { name: 'financialImplications', label: 'Financial implications (optional)', type: 'textarea', rows: 3 },
      {
        name: 'significantPublicInterest',
        label: 'Significant public interest',
        type: 'checkboxes',
        options: [{ value: 'yes', text: 'This decision is of significant public interest' }],
      },
      { name: 'exemptParts', label: 'Exempt parts (optional)', type: 'textarea', hint: 'Kept private: never shown to the public or in the API.' },
      { name: 'exemptionReason', label: 'Reason for exemption (optional)', type: 'textarea', rows: 2 },
      { name: 'published', label: 'Publication', type: 'checkboxes', options: [{ value: 'yes', text: 'Publish this decision notice' }] },
    ];
    formPage(scope, {
      path: `${A}/decisions/new`,
      allowed: can('decision:manage'),
      title: 'Record a decision',
      back: () => `${A}/decisions`,
      fields: decisionFields,
      schema: decisionForm,
      save: async (req, data) => {
        const d = await service.createDecision(req.actor, data);
        return { redirect: `${A}/decisions/${d.id}`, flash: `Recorded decision ${d.reference}` };
      },
    });
    formPage(scope, {
      path: `${A}/decisions/:id/edit`,
      allowed: can('decision:manage'),
      title: 'Change the decision',
      back: (p) => `${A}/decisions/${p.id}`,
      fields: decisionFields,
      schema: decisionForm,
      load: async (req) => {
        const d = await service.decisionDetail(req.params.id);
        if (!d) throw notFound();
        return d.decision;
      },
      save: async (req, data) => {
        const d = await service.updateDecision(req.actor, req.params.id, data);
        return { redirect: `${A}/decisions/${d.id}`, flash: 'Decision saved' };
      },
    });
    app.get(`${A}/decisions/:id`, { ...view, schema: { params: idParams } }, async (request, reply) => {
      const d = await service.decisionDetail(request.params.id);
      if (!d) throw notFound();
      return reply.view('scrutiny/views/admin/decision.njk', {
        title: `${d.decision.reference}: ${d.decision.title}`,
        ...d,
        canManage: perms.can(request.actor.role, 'decision:manage'),
        canSeeExempt: perms.can(request.actor.role, 'decision:view-exempt'),
      });
    });
    formPage(scope, {
      path: `${A}/decisions/:id/documents`,
      allowed: can('decision:manage'),
      title: 'Add a document to the decision',
      back: (p) => `${A}/decisions/${p.id}`,
      multipart: true,
      fields: () => [
        { name: 'title', label: 'Title of the document' },
        { name: 'file', label: 'Upload the document (optional)', type: 'file' },
        { name: 'url', label: 'Or link to a document (optional)', hint: 'Starts with / for a page of this site, or https://' },
      ],
      schema: decisionDocumentForm,
      save: async (req, data, file) => {
        await service.addDecisionDocument(req.actor, req.params.id, data.title, data.url, file);
        return { redirect: `${A}/decisions/${req.params.id}`, flash: `Added "${data.title}"` };
      },
    });
  };
}
