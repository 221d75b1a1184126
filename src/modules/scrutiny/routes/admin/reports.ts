import type { FastifyInstance } from 'fastify';
import { idParams, typedRoutes } from '../../../../platform/typedRoutes.js';
import { A, RESPONSE_VERBS, can } from './shared.js';
import { requirePermission } from '../../../../platform/auth.js';
import type { Platform } from '../../../../platform/context.js';
import { notFound } from '../../../../platform/http.js';
import { panelReportForm, recommendationForm, responseForm } from '../../forms/scrutinyForms.js';
import type { FieldSpec } from '../../presenters/formFields.js';
import { reportPagePresenter } from '../../presenters/panel.js';
import { reportsTable } from '../../presenters/tables.js';
import { RESPONSES } from '../../schema.js';
import { scrutinyPermissions as perms } from '../../scrutinyPermissions.js';
import type { ScrutinyService } from '../../scrutinyService.js';
import { formPage } from '../formPage.js';

/** The Panel's reports, their recommendations and the responses, and the Panel's review of a plan. */
export function reportRoutes(platform: Platform, service: ScrutinyService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    const view = { preHandler: requirePermission(can('scrutiny:view')) };
    const names = () => platform.settings.getArea();

    // ---- Panel reports ------------------------------------------------------------------------
    app.get(`${A}/reports`, view, async (request, reply) => {
      const area = await names();
      const items = await service.reportsWithRecommendations({ publishedOnly: false });
      return reply.view('scrutiny/views/list.njk', {
        title: `Reports of the ${area.scrutinyBodyName}`,
        back: { text: 'Scrutiny', href: A },
        buttons: perms.can(request.actor.role, 'panel-report:record') ? [{ text: 'Record a Panel report', href: `${A}/reports/new` }] : [],
        tables: [reportsTable(items, service.today(), `${A}/reports`)],
      });
    });
    const reportFields = async (): Promise<FieldSpec[]> => {
      const [plans, meetings] = await Promise.all([service.planChoices(), service.listMeetings('panel')]);
      const planOptions = plans.map((p) => ({ value: p.id, text: `${p.title} (version ${p.version}, ${p.status})` }));
      return [
        { name: 'reference', label: 'Reference', hint: 'For example PCP-2024-11-plan', classes: 'govuk-input--width-20' },
        { name: 'title', label: 'Title' },
        { name: 'reportDate', label: 'Date of the report', type: 'date' },
        {
          name: 'meetingId',
          label: 'Meeting (optional)',
          type: 'select',
          emptyOption: 'None',
          options: meetings.map((m) => ({ value: m.id, text: `${m.title} (${m.meetingDate})` })),
        },
        { name: 'resolution', label: 'Resolution (optional)', type: 'textarea', rows: 2 },
        { name: 'body', label: 'Report (optional)', type: 'textarea', rows: 10 },
        { name: 'planId', label: 'Draft plan reviewed (optional)', type: 'select', emptyOption: 'None', options: planOptions },
        { name: 'answeredByPlanId', label: 'Plan version that answered the report (optional)', type: 'select', emptyOption: 'None', options: planOptions },
        {
          name: 'published',
          label: 'Publication',
          type: 'checkboxes',
          hint: 'A published report appears on the public site with its recommendations, and on the public page of the plan it reviewed. Untick it to keep the report to staff.',
          options: [{ value: 'yes', text: 'Publish this report on the public site' }],
        },
      ];
    };
    const publishedNote = (r: { published: boolean }) => (r.published ? 'it is on the public site' : 'it is not published');
    formPage(scope, {
      path: `${A}/reports/new`,
      allowed: can('panel-report:record'),
      title: 'Record a Panel report',
      back: () => `${A}/reports`,
      fields: reportFields,
      schema: panelReportForm,
      // A new report is published unless the Panel unticks the box.
      load: async (req) => ({ published: true, planId: req.query.planId }),
      save: async (req, data) => {
        const r = await service.createReport(req.actor, data);
        return { redirect: `${A}/reports/${r.id}`, flash: `Recorded "${r.title}": ${publishedNote(r)}` };
      },
    });
    formPage(scope, {
      path: `${A}/reports/:id/edit`,
      allowed: can('panel-report:record'),
      title: 'Change the Panel report',
      back: (p) => `${A}/reports/${p.id}`,
      fields: reportFields,
      schema: panelReportForm,
      load: async (req) => {
        const d = await service.reportDetail(req.params.id);
        if (!d) throw notFound();
        return d.report;
      },
      save: async (req, data) => {
        const r = await service.updateReport(req.actor, req.params.id, data);
        return { redirect: `${A}/reports/${r.id}`, flash: `Report saved: ${publishedNote(r)}` };
      },
    });
    app.get(`${A}/reports/:id`, { ...view, schema: { params: idParams } }, async (request, reply) => {
      const d = await service.reportDetail(request.params.id);
      if (!d) throw notFound();
      const area = await names();
      return reply.view('scrutiny/views/admin/report.njk', {
        title: d.report.title,
        meeting: d.meeting,
        electedHeadTitle: area.electedHeadTitle,
        scrutinyBodyName: area.scrutinyBodyName,
        ...reportPagePresenter(d, service.today(), request.actor.role, area),
      });
    });
    formPage(scope, {
      path: `${A}/reports/:id/recommendations`,
      allowed: can('panel-report:record'),
      title: 'Add a recommendation',
      back: (p) => `${A}/reports/${p.id}`,
      fields: () => [
        { name: 'text', label: 'Recommendation', type: 'textarea' },
        { name: 'responseDue', label: 'Response due by', type: 'date' },
      ],
      schema: recommendationForm,
      save: async (req, data) => {
        const r = await service.addRecommendation(req.actor, req.params.id, data);
        return { redirect: `${A}/reports/${req.params.id}`, flash: `Added recommendation ${r.position}` };
      },
    });
    formPage(scope, {
      path: `${A}/recommendations/:id/respond`,
      allowed: can('recommendation:respond'),
      title: async () => `Respond as the ${(await names()).electedHeadTitle}`,
      caption: async (req) => {
        const rec = await service.getRecommendation(req.params.id);
        return rec ? `Recommendation ${rec.position}: ${rec.text.slice(0, 120)}` : undefined;
      },
      back: () => `${A}/reports`,
      fields: async (req) => {
        const specs: FieldSpec[] = [
          { name: 'response', label: 'Response', type: 'radios', options: RESPONSES.map((value) => ({ value, text: RESPONSE_VERBS[value] })) },
          { name: 'responseText', label: 'What will be done, or why not', type: 'textarea', rows: 8 },
        ];
        if (perms.can(req.actor.role, 'recommendation:publish-response'))
          specs.push({ name: 'publish', label: 'Publication', type: 'checkboxes', options: [{ value: 'yes', text: 'Publish this response now' }] });
        return specs;
      },
      schema: responseForm,
      load: async (req) => {
        const rec = await service.getRecommendation(req.params.id);
        if (!rec) throw notFound();
        return { response: rec.response, responseText: rec.responseText };
      },
      intro: 'Editors can draft a response; only the elected head publishes it.',
      save: async (req, data) => {
        const rec = await service.respond(req.actor, req.params.id, data);
        return {
          redirect: `${A}/reports/${rec.reportId}`,
          flash: data.publish ? `Response to recommendation ${rec.position} published` : `Response to recommendation ${rec.position} saved as a draft`,
        };
      },
    });

    /** The Panel's review of one plan (its "panel review" stage): the reports on it and their recommendations. */
    app.get(`${A}/plans/:id`, { ...view, schema: { params: idParams } }, async (request, reply) => {
      const plan = (await service.planChoices()).find((p) => p.id === request.params.id);
      if (!plan) throw notFound();
      const area = await names();
      const items = (await service.reportsWithRecommendations({ publishedOnly: false })).filter((x) => x.report.planId === plan.id);
      const table = reportsTable(items, service.today(), `${A}/reports`);
      return reply.view('scrutiny/views/list.njk', {
        title: `Review of ${plan.title} (version ${plan.version}) by the ${area.scrutinyBodyName}`,
        back: { text: 'Panel reports', href: `${A}/reports` },
        links: [{ text: `${plan.title} (version ${plan.version})`, href: `/admin/plans/${plan.id}` }],
        buttons: perms.can(request.actor.role, 'panel-report:record') ? [{ text: 'Record a Panel report', href: `${A}/reports/new` }] : [],
        tables: [{ ...table, caption: `Reports of the ${area.scrutinyBodyName} on this plan`, empty: 'The Panel has not reported on this plan yet.' }],
      });
    });
  };
}
