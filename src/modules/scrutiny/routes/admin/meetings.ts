import type { FastifyInstance } from 'fastify';
import { idParams, queryOf, typedRoutes } from '../../../../platform/typedRoutes.js';
import { A, can } from './shared.js';
import { requirePermission } from '../../../../platform/auth.js';
import type { Platform } from '../../../../platform/context.js';
import { notFound } from '../../../../platform/http.js';
import { actionForm, agendaItemForm, answerForm, closeActionForm, decisionDocumentForm, meetingForm, topicForm } from '../../forms/scrutinyForms.js';
import type { FieldSpec } from '../../presenters/formFields.js';
import { actionsTable, meetingsTable } from '../../presenters/tables.js';
import { MEETING_STATUSES } from '../../schema.js';
import { scrutinyPermissions as perms } from '../../scrutinyPermissions.js';
import type { ScrutinyService } from '../../scrutinyService.js';
import { formPage } from '../formPage.js';

/** Meetings of the Panel and accountability meetings: agendas, papers, topics and actions. */
export function meetingRoutes(platform: Platform, service: ScrutinyService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    const view = { preHandler: requirePermission(can('scrutiny:view')) };
    const names = () => platform.settings.getArea();

    // ---- meetings ---------------------------------------------------------------------------
    app.get(`${A}/meetings`, { ...view, schema: { querystring: queryOf('kind') } }, async (request, reply) => {
      const kind = request.query.kind === 'accountability' ? 'accountability' : request.query.kind === 'panel' ? 'panel' : undefined;
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
    formPage(scope, {
      path: `${A}/meetings/new`,
      allowed: can('meeting:manage'),
      title: 'Add a meeting',
      back: () => `${A}/meetings`,
      fields: meetingFields,
      schema: meetingForm,
      load: async (req) => ({ kind: req.query.kind ?? 'panel', status: 'scheduled' }),
      save: async (req, data) => {
        const m = await service.createMeeting(req.actor, data);
        return { redirect: `${A}/meetings/${m.id}`, flash: `Added "${m.title}"` };
      },
    });
    formPage(scope, {
      path: `${A}/meetings/:id/edit`,
      allowed: can('meeting:manage'),
      title: 'Change the meeting',
      back: (p) => `${A}/meetings/${p.id}`,
      fields: meetingFields,
      schema: meetingForm,
      load: async (req) => {
        const d = await service.meetingDetail(req.params.id);
        if (!d) throw notFound();
        return d.meeting;
      },
      save: async (req, data) => {
        const m = await service.updateMeeting(req.actor, req.params.id, data);
        return { redirect: `${A}/meetings/${m.id}`, flash: 'Meeting saved' };
      },
    });

    app.get(`${A}/meetings/:id`, { ...view, schema: { params: idParams } }, async (request, reply) => {
      const d = await service.meetingDetail(request.params.id);
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

    formPage(scope, {
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
        const item = await service.addAgendaItem(req.actor, req.params.id, data, file);
        return { redirect: `${A}/meetings/${req.params.id}`, flash: `Added agenda item "${item.title}"` };
      },
    });

    formPage(scope, {
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
        const doc = await service.addPaper(req.actor, req.params.id, data.title, data.url, file);
        const item = await service.getAgendaItem(doc.ownerId);
        return { redirect: `${A}/meetings/${item?.meetingId ?? ''}`, flash: `Added paper "${doc.title}"` };
      },
    });

    formPage(scope, {
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
        const t = await service.addTopic(req.actor, req.params.id, data);
        return { redirect: `${A}/meetings/${req.params.id}`, flash: `Added topic "${t.title}"` };
      },
    });
    formPage(scope, {
      path: `${A}/topics/:id/answer`,
      allowed: can('accountability:answer'),
      title: "Record the force's answer",
      back: () => `${A}/meetings?kind=accountability`,
      fields: () => [{ name: 'answer', label: 'Answer', type: 'textarea', rows: 8 }],
      schema: answerForm,
      save: async (req, data) => {
        const t = await service.answerTopic(req.actor, req.params.id, data.answer);
        return { redirect: `${A}/meetings/${t.meetingId}`, flash: `Recorded the answer on "${t.title}"` };
      },
    });
    formPage(scope, {
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
        await service.addAction(req.actor, req.params.id, data);
        return { redirect: `${A}/meetings/${req.params.id}`, flash: 'Action added' };
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
    formPage(scope, {
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
        const a = await service.closeAction(req.actor, req.params.id, data);
        return { redirect: `${A}/meetings/${a.meetingId}`, flash: `Closed "${a.description}"` };
      },
    });
  };
}
