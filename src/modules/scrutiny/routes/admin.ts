import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requirePermission } from '../../../platform/auth.js';
import type { Platform } from '../../../platform/context.js';
import { notFound } from '../../../platform/http.js';
import { addDays } from '../../../platform/dates.js';
import { hmicfrsCommentsDue } from '../deadlines.js';
import {
  actionForm,
  agendaItemForm,
  answerForm,
  calendarSettingsForm,
  closeActionForm,
  commentsForm,
  decisionDocumentForm,
  decisionForm,
  findingForm,
  findingUpdateForm,
  inspectionForm,
  meetingForm,
  panelReportForm,
  publicationClassForm,
  recommendationForm,
  responseForm,
  riskForm,
  topicForm,
} from '../forms/scrutinyForms.js';
import type { FieldSpec } from '../presenters/formFields.js';
import { reportPagePresenter } from '../presenters/panel.js';
import {
  actionsTable,
  calendarTables,
  decisionsTable,
  inspectionsTable,
  meetingsTable,
  publicationTable,
  reportsTable,
  risksTable,
} from '../presenters/tables.js';
import { FINDING_KINDS, FINDING_STATUSES, MEETING_STATUSES, RESPONSES } from '../schema.js';
import { scrutinyPermissions as perms, type ScrutinyAction } from '../scrutinyPermissions.js';
import type { ScrutinyService } from '../scrutinyService.js';
import { formPage } from './formPage.js';
import { sendDocument } from './download.js';

const A = '/admin/scrutiny';
const can = (a: ScrutinyAction) => (r: Parameters<typeof perms.can>[0]) => perms.can(r, a);
const id = (req: FastifyRequest) => (req.params as { id: string }).id;
const RESPONSE_VERBS = { accept: 'Accept', 'partly-accept': 'Partly accept', reject: 'Reject' } as const;
const FINDING_LABELS: Record<string, string> = {
  'cause-of-concern': 'Cause of concern',
  recommendation: 'Recommendation',
  'area-for-improvement': 'Area for improvement',
};

export function adminRoutes(platform: Platform, service: ScrutinyService) {
  return async function (app: FastifyInstance) {
    const view = { preHandler: requirePermission(can('scrutiny:view')) };
    const names = () => platform.settings.getArea();

    app.get(A, view, async (request, reply) => {
      const today = service.today();
      const area = await names();
      const [reports, actions, insp] = await Promise.all([
        service.reportsWithRecommendations({ publishedOnly: false }),
        service.allActions(),
        service.inspectionsWithFindings(),
      ]);
      const overdueRecs = reports.flatMap((r) => r.recommendations).filter((r) => !r.responsePublishedAt && r.responseDue < today).length;
      const overdueActions = actions.filter((a) => a.status === 'open' && a.dueDate < today).length;
      return reply.view('scrutiny/views/list.njk', {
        title: 'Scrutiny and governance',
        intro: [
          `${overdueRecs} response${overdueRecs === 1 ? '' : 's'} to the ${area.scrutinyBodyName} overdue; ${overdueActions} accountability action${overdueActions === 1 ? '' : 's'} overdue.`,
        ],
        links: [
          { text: `${area.scrutinyBodyName}: meetings and papers`, href: `${A}/meetings?kind=panel` },
          { text: `${area.scrutinyBodyName}: reports and recommendations`, href: `${A}/reports` },
          { text: `Accountability meetings with the ${area.chiefOfficerTitle}`, href: `${A}/meetings?kind=accountability` },
          { text: 'Accountability actions', href: `${A}/actions` },
          { text: 'Decision notices', href: `${A}/decisions` },
          { text: 'HMICFRS inspections', href: `${A}/inspections`, hint: `${insp.length} recorded` },
          { text: 'Risks and horizon scanning', href: `${A}/risks` },
          { text: 'Statutory calendar', href: `${A}/calendar` },
          { text: 'Publication schedule', href: `${A}/publication` },
        ],
      });
    });

    // ---- meetings ---------------------------------------------------------------------------
    app.get(`${A}/meetings`, view, async (request, reply) => {
      const kind =
        (request.query as { kind?: string }).kind === 'accountability'
          ? 'accountability'
          : (request.query as { kind?: string }).kind === 'panel'
            ? 'panel'
            : undefined;
      const area = await names();
      const rows = await service.listMeetings(kind);
      const title =
        kind === 'accountability'
          ? `Accountability meetings with the ${area.chiefOfficerTitle}`
          : kind === 'panel'
            ? `Meetings of the ${area.scrutinyBodyName}`
            : 'Meetings';
      return reply.view('scrutiny/views/list.njk', {
        title,
        back: { text: 'Scrutiny', href: A },
        buttons: perms.can(request.actor.role, 'meeting:manage') ? [{ text: 'Add a meeting', href: `${A}/meetings/new${kind ? `?kind=${kind}` : ''}` }] : [],
        tables: [meetingsTable(rows, title, `${A}/meetings`)],
      });
    });

    const meetingFields = async (): Promise<FieldSpec[]> => {
      const area = await names();
      return [
        {
          name: 'kind',
          label: 'Kind of meeting',
          type: 'radios',
          options: [
            { value: 'panel', text: `Meeting of the ${area.scrutinyBodyName}` },
            { value: 'accountability', text: `Accountability meeting with the ${area.chiefOfficerTitle}` },
          ],
        },
        { name: 'title', label: 'Title' },
        { name: 'meetingDate', label: 'Date', type: 'date' },
        { name: 'place', label: 'Place (optional)' },
        { name: 'status', label: 'Status', type: 'radios', options: MEETING_STATUSES.map((s) => ({ value: s, text: s.charAt(0).toUpperCase() + s.slice(1) })) },
        { name: 'minutes', label: 'Minutes (optional)', type: 'textarea', rows: 8 },
        { name: 'publicSummary', label: 'Public summary (optional)', type: 'textarea', hint: 'What the public reads about this meeting.' },
      ];
    };
    formPage(app, {
      path: `${A}/meetings/new`,
      allowed: can('meeting:manage'),
      title: 'Add a meeting',
      back: () => `${A}/meetings`,
      fields: meetingFields,
      schema: meetingForm,
      load: async (req) => ({ kind: (req.query as { kind?: string }).kind ?? 'panel', status: 'scheduled' }),
      save: async (req, data) => {
        const m = await service.createMeeting(req.actor, data);
        return { redirect: `${A}/meetings/${m.id}`, flash: `Added "${m.title}"` };
      },
    });
    formPage(app, {
      path: `${A}/meetings/:id/edit`,
      allowed: can('meeting:manage'),
      title: 'Change the meeting',
      back: (p) => `${A}/meetings/${p.id}`,
      fields: meetingFields,
      schema: meetingForm,
      load: async (req) => {
        const d = await service.meetingDetail(id(req));
        if (!d) throw notFound();
        return d.meeting;
      },
      save: async (req, data) => {
        const m = await service.updateMeeting(req.actor, id(req), data);
        return { redirect: `${A}/meetings/${m.id}`, flash: 'Meeting saved' };
      },
    });

    app.get(`${A}/meetings/:id`, view, async (request, reply) => {
      const d = await service.meetingDetail(id(request));
      if (!d) throw notFound();
      const role = request.actor.role;
      const area = await names();
      return reply.view('scrutiny/views/admin/meeting.njk', {
        title: d.meeting.title,
        ...d,
        kindLabel: d.meeting.kind === 'panel' ? `Meeting of the ${area.scrutinyBodyName}` : `Accountability meeting with the ${area.chiefOfficerTitle}`,
        actionsTable: actionsTable(d.actions, service.today(), 'Actions', perms.can(role, 'accountability:answer') ? `${A}/actions` : undefined),
        canManage: perms.can(role, 'meeting:manage'),
        canAnswer: perms.can(role, 'accountability:answer'),
        chiefOfficerTitle: area.chiefOfficerTitle,
      });
    });

    formPage(app, {
      path: `${A}/meetings/:id/agenda`,
      allowed: can('meeting:manage'),
      title: 'Add an agenda item',
      back: (p) => `${A}/meetings/${p.id}`,
      multipart: true,
      intro: 'A paper can be a file you upload or a link to a document OpenPCC makes, such as /plans/cleveland-2024-29 or the plan as a Word document.',
      fields: () => [
        { name: 'title', label: 'Agenda item' },
        { name: 'paperTitle', label: 'Title of the paper (optional)' },
        { name: 'file', label: 'Upload the paper (optional)', type: 'file' },
        { name: 'url', label: 'Or link to a document (optional)', hint: 'Starts with / for a page of this site, or https://' },
      ],
      schema: agendaItemForm,
      save: async (req, data, file) => {
        const item = await service.addAgendaItem(req.actor, id(req), data, file);
        return { redirect: `${A}/meetings/${id(req)}`, flash: `Added agenda item "${item.title}"` };
      },
    });

    formPage(app, {
      path: `${A}/agenda/:id/papers`,
      allowed: can('meeting:manage'),
      title: 'Add a paper to an agenda item',
      back: () => `${A}/meetings`,
      multipart: true,
      fields: () => [
        { name: 'title', label: 'Title of the paper' },
        { name: 'file', label: 'Upload the paper (optional)', type: 'file' },
        { name: 'url', label: 'Or link to a document (optional)', hint: 'Starts with / for a page of this site, or https://' },
      ],
      schema: decisionDocumentForm,
      save: async (req, data, file) => {
        const doc = await service.addPaper(req.actor, id(req), data.title, data.url, file);
        const item = await service.getAgendaItem(doc.ownerId);
        return { redirect: `${A}/meetings/${item?.meetingId ?? ''}`, flash: `Added paper "${doc.title}"` };
      },
    });

    formPage(app, {
      path: `${A}/meetings/:id/topics`,
      allowed: can('meeting:manage'),
      title: 'Add a topic',
      back: (p) => `${A}/meetings/${p.id}`,
      fields: async () => {
        const [priorities, measures] = await Promise.all([service.priorityChoices(), service.measureChoices()]);
        const specs: FieldSpec[] = [
          { name: 'title', label: 'Topic' },
          {
            name: 'priorityId',
            label: 'Plan priority (optional)',
            type: 'select',
            emptyOption: 'None',
            options: priorities.map((p) => ({ value: p.id, text: p.title })),
          },
        ];
        if (measures.length)
          specs.push({
            name: 'measureId',
            label: 'Measure (optional)',
            type: 'select',
            emptyOption: 'None',
            options: measures.map((m) => ({ value: m.id, text: m.title })),
          });
        specs.push({ name: 'question', label: 'Question put to the force (optional)', type: 'textarea' });
        return specs;
      },
      schema: topicForm,
      save: async (req, data) => {
        const t = await service.addTopic(req.actor, id(req), data);
        return { redirect: `${A}/meetings/${id(req)}`, flash: `Added topic "${t.title}"` };
      },
    });
    formPage(app, {
      path: `${A}/topics/:id/answer`,
      allowed: can('accountability:answer'),
      title: "Record the force's answer",
      back: () => `${A}/meetings?kind=accountability`,
      fields: () => [{ name: 'answer', label: 'Answer', type: 'textarea', rows: 8 }],
      schema: answerForm,
      save: async (req, data) => {
        const t = await service.answerTopic(req.actor, id(req), data.answer);
        return { redirect: `${A}/meetings/${t.meetingId}`, flash: `Recorded the answer on "${t.title}"` };
      },
    });
    formPage(app, {
      path: `${A}/meetings/:id/actions`,
      allowed: can('meeting:manage'),
      title: 'Add an action',
      back: (p) => `${A}/meetings/${p.id}`,
      fields: () => [
        { name: 'description', label: 'Action', type: 'textarea', rows: 3 },
        { name: 'owner', label: 'Owner' },
        { name: 'dueDate', label: 'Due date', type: 'date' },
      ],
      schema: actionForm,
      save: async (req, data) => {
        await service.addAction(req.actor, id(req), data);
        return { redirect: `${A}/meetings/${id(req)}`, flash: 'Action added' };
      },
    });
    app.get(`${A}/actions`, view, async (request, reply) => {
      const rows = await service.allActions();
      return reply.view('scrutiny/views/list.njk', {
        title: 'Accountability actions',
        back: { text: 'Scrutiny', href: A },
        tables: [
          actionsTable(rows, service.today(), 'All actions, by due date', perms.can(request.actor.role, 'accountability:answer') ? `${A}/actions` : undefined),
        ],
        downloads: [{ text: 'Actions (CSV)', href: '/api/v1/scrutiny/actions.csv' }],
      });
    });
    formPage(app, {
      path: `${A}/actions/:id/close`,
      allowed: can('accountability:answer'),
      title: 'Close an action',
      back: () => `${A}/actions`,
      fields: () => [
        { name: 'closedOn', label: 'Date closed', type: 'date' },
        { name: 'closureNote', label: 'How it was closed', type: 'textarea' },
      ],
      schema: closeActionForm,
      load: async () => ({ closedOn: service.today() }),
      save: async (req, data) => {
        const a = await service.closeAction(req.actor, id(req), data);
        return { redirect: `${A}/meetings/${a.meetingId}`, flash: `Closed "${a.description}"` };
      },
    });

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
    formPage(app, {
      path: `${A}/reports/new`,
      allowed: can('panel-report:record'),
      title: 'Record a Panel report',
      back: () => `${A}/reports`,
      fields: reportFields,
      schema: panelReportForm,
      // A new report is published unless the Panel unticks the box.
      load: async (req) => ({ published: true, planId: (req.query as { planId?: string }).planId }),
      save: async (req, data) => {
        const r = await service.createReport(req.actor, data);
        return { redirect: `${A}/reports/${r.id}`, flash: `Recorded "${r.title}": ${publishedNote(r)}` };
      },
    });
    formPage(app, {
      path: `${A}/reports/:id/edit`,
      allowed: can('panel-report:record'),
      title: 'Change the Panel report',
      back: (p) => `${A}/reports/${p.id}`,
      fields: reportFields,
      schema: panelReportForm,
      load: async (req) => {
        const d = await service.reportDetail(id(req));
        if (!d) throw notFound();
        return d.report;
      },
      save: async (req, data) => {
        const r = await service.updateReport(req.actor, id(req), data);
        return { redirect: `${A}/reports/${r.id}`, flash: `Report saved: ${publishedNote(r)}` };
      },
    });
    app.get(`${A}/reports/:id`, view, async (request, reply) => {
      const d = await service.reportDetail(id(request));
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
    formPage(app, {
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
        const r = await service.addRecommendation(req.actor, id(req), data);
        return { redirect: `${A}/reports/${id(req)}`, flash: `Added recommendation ${r.position}` };
      },
    });
    formPage(app, {
      path: `${A}/recommendations/:id/respond`,
      allowed: can('recommendation:respond'),
      title: async () => `Respond as the ${(await names()).electedHeadTitle}`,
      caption: async (req) => {
        const rec = await service.getRecommendation(id(req));
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
        const rec = await service.getRecommendation(id(req));
        if (!rec) throw notFound();
        return { response: rec.response, responseText: rec.responseText };
      },
      intro: 'Editors can draft a response; only the elected head publishes it.',
      save: async (req, data) => {
        const rec = await service.respond(req.actor, id(req), data);
        return {
          redirect: `${A}/reports/${rec.reportId}`,
          flash: data.publish ? `Response to recommendation ${rec.position} published` : `Response to recommendation ${rec.position} saved as a draft`,
        };
      },
    });

    /** The Panel's review of one plan (its "panel review" stage): the reports on it and their recommendations. */
    app.get(`${A}/plans/:id`, view, async (request, reply) => {
      const plan = (await service.planChoices()).find((p) => p.id === id(request));
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
    formPage(app, {
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
    formPage(app, {
      path: `${A}/decisions/:id/edit`,
      allowed: can('decision:manage'),
      title: 'Change the decision',
      back: (p) => `${A}/decisions/${p.id}`,
      fields: decisionFields,
      schema: decisionForm,
      load: async (req) => {
        const d = await service.decisionDetail(id(req));
        if (!d) throw notFound();
        return d.decision;
      },
      save: async (req, data) => {
        const d = await service.updateDecision(req.actor, id(req), data);
        return { redirect: `${A}/decisions/${d.id}`, flash: 'Decision saved' };
      },
    });
    app.get(`${A}/decisions/:id`, view, async (request, reply) => {
      const d = await service.decisionDetail(id(request));
      if (!d) throw notFound();
      return reply.view('scrutiny/views/admin/decision.njk', {
        title: `${d.decision.reference}: ${d.decision.title}`,
        ...d,
        canManage: perms.can(request.actor.role, 'decision:manage'),
        canSeeExempt: perms.can(request.actor.role, 'decision:view-exempt'),
      });
    });
    formPage(app, {
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
        await service.addDecisionDocument(req.actor, id(req), data.title, data.url, file);
        return { redirect: `${A}/decisions/${id(req)}`, flash: `Added "${data.title}"` };
      },
    });

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
    formPage(app, {
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
    app.get(`${A}/inspections/:id`, view, async (request, reply) => {
      const d = await service.inspectionDetail(id(request));
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
    formPage(app, {
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
        await service.addFinding(req.actor, id(req), data);
        return { redirect: `${A}/inspections/${id(req)}`, flash: 'Finding added' };
      },
    });
    formPage(app, {
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
        await service.addFindingUpdate(req.actor, id(req), data);
        return { redirect: `${A}/inspections`, flash: 'Progress update added' };
      },
    });
    formPage(app, {
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
        await service.recordComments(req.actor, id(req), data);
        return { redirect: `${A}/inspections/${id(req)}`, flash: 'Comments recorded' };
      },
    });

    // ---- risks -------------------------------------------------------------------------------
    app.get(`${A}/risks`, view, async (request, reply) => {
      const rows = await service.listRisks();
      const editable = perms.can(request.actor.role, 'risk:manage');
      return reply.view('scrutiny/views/list.njk', {
        title: 'Risks and horizon scanning',
        back: { text: 'Scrutiny', href: A },
        buttons: editable ? [{ text: 'Add a risk or horizon item', href: `${A}/risks/new` }] : [],
        tables: [
          risksTable(
            rows.filter((r) => r.kind === 'risk'),
            service.today(),
            'Risk register',
            editable ? `${A}/risks` : undefined,
          ),
          risksTable(
            rows.filter((r) => r.kind === 'horizon'),
            service.today(),
            'Horizon scanning',
            editable ? `${A}/risks` : undefined,
          ),
        ],
        downloads: [{ text: 'Public risks (CSV, open data)', href: '/api/v1/scrutiny/risks.csv' }],
      });
    });
    const scaleOptions = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), text: String(n) }));
    const riskFields = (): FieldSpec[] => [
      { name: 'reference', label: 'Reference', classes: 'govuk-input--width-10' },
      {
        name: 'kind',
        label: 'Kind',
        type: 'radios',
        options: [
          { value: 'risk', text: 'Risk' },
          { value: 'horizon', text: 'Horizon-scanning item' },
        ],
      },
      { name: 'title', label: 'Title' },
      { name: 'description', label: 'Description', type: 'textarea' },
      { name: 'likelihood', label: 'Likelihood (1 rare to 5 almost certain)', type: 'select', emptyOption: 'Choose', options: scaleOptions },
      { name: 'impact', label: 'Impact (1 minimal to 5 severe)', type: 'select', emptyOption: 'Choose', options: scaleOptions },
      { name: 'owner', label: 'Owner' },
      { name: 'mitigations', label: 'Mitigations (optional)', type: 'textarea' },
      { name: 'reviewDate', label: 'Next review', type: 'date' },
      { name: 'closed', label: 'Closed', type: 'checkboxes', options: [{ value: 'yes', text: 'This risk is closed' }] },
      {
        name: 'isPublic',
        label: 'Public',
        type: 'checkboxes',
        options: [{ value: 'yes', text: 'Publish this risk in the open data register (its owner is never published)' }],
      },
    ];
    formPage(app, {
      path: `${A}/risks/new`,
      allowed: can('risk:manage'),
      title: 'Add a risk or horizon item',
      back: () => `${A}/risks`,
      fields: riskFields,
      schema: riskForm,
      save: async (req, data) => {
        const r = await service.saveRisk(req.actor, data);
        return { redirect: `${A}/risks`, flash: `Added ${r.reference}` };
      },
    });
    formPage(app, {
      path: `${A}/risks/:id/edit`,
      allowed: can('risk:manage'),
      title: 'Review a risk',
      back: () => `${A}/risks`,
      fields: riskFields,
      schema: riskForm,
      load: async (req) => {
        const r = await service.getRisk(id(req));
        if (!r) throw notFound();
        return r;
      },
      save: async (req, data) => {
        const r = await service.saveRisk(req.actor, data, id(req));
        return { redirect: `${A}/risks`, flash: `Saved ${r.reference}` };
      },
    });

    // ---- publication schedule ------------------------------------------------------------------
    app.get(`${A}/publication`, view, async (request, reply) => {
      const rows = await service.publicationSchedule();
      return reply.view('scrutiny/views/list.njk', {
        title: 'Publication schedule',
        back: { text: 'Scrutiny', href: A },
        intro: [
          'The classes of information the Elected Local Policing Bodies (Specified Information) Order 2011, as amended in 2021, requires to be published.',
        ],
        tables: [publicationTable(rows, service.today(), perms.can(request.actor.role, 'publication:manage') ? `${A}/publication` : undefined)],
      });
    });
    formPage(app, {
      path: `${A}/publication/:id/edit`,
      allowed: can('publication:manage'),
      title: 'Update a class of information',
      back: () => `${A}/publication`,
      fields: () => [
        { name: 'whereUrl', label: 'Where it is published (optional)', hint: 'Starts with / for a page of this site, or https://' },
        { name: 'lastUpdated', label: 'Last updated (optional)', type: 'date' },
      ],
      schema: publicationClassForm,
      load: async (req) => (await service.publicationSchedule()).find((c) => c.id === id(req)) ?? {},
      save: async (req, data) => {
        const c = await service.updatePublicationClass(req.actor, id(req), data);
        return { redirect: `${A}/publication`, flash: `Updated "${c.title}"` };
      },
    });

    // ---- calendar ------------------------------------------------------------------------------
    app.get(`${A}/calendar`, view, async (request, reply) => {
      const today = service.today();
      const events = await service.calendar(addDays(today, -92), addDays(today, 366), { includePrivate: true });
      return reply.view('scrutiny/views/list.njk', {
        title: 'Statutory calendar',
        back: { text: 'Scrutiny', href: A },
        intro: ['Deadlines from the last three months and the coming year, derived from the records and the settings.'],
        buttons: perms.can(request.actor.role, 'calendar:settings') ? [{ text: 'Calendar settings', href: `${A}/calendar/settings` }] : [],
        tables: calendarTables(events, today),
        downloads: [{ text: 'Public calendar (iCalendar)', href: '/calendar.ics' }],
      });
    });
    formPage(app, {
      path: `${A}/calendar/settings`,
      allowed: can('calendar:settings'),
      title: 'Calendar settings',
      back: () => `${A}/calendar`,
      fields: () => [
        { name: 'lastElectionDate', label: 'Date of the last ordinary election (optional)', type: 'date' },
        {
          name: 'annualReportMonthDay',
          label: 'Annual report due (month-day after the year it covers)',
          hint: 'For example, 07-31',
          classes: 'govuk-input--width-5',
        },
        { name: 'reminderEmail', label: 'Send reminders to (optional)', hint: "Empty: the area's contact email" },
        { name: 'reminderDays', label: 'Days of notice for reminders', classes: 'govuk-input--width-3' },
      ],
      schema: calendarSettingsForm,
      load: () => service.calendarSettings(),
      save: async (req, data) => {
        await service.setCalendarSettings(req.actor, data);
        return { redirect: `${A}/calendar`, flash: 'Calendar settings saved' };
      },
    });

    app.get(`${A}/documents/:id`, view, async (request, reply) => {
      const f = await service.documentFile(id(request), { staff: true });
      if (!f) throw notFound();
      return sendDocument(reply, f.document, f.data);
    });
  };
}
