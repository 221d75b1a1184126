import type { FastifyInstance } from 'fastify';
import { typedRoutes } from '../../../../platform/typedRoutes.js';
import { A, can } from './shared.js';
import { requirePermission } from '../../../../platform/auth.js';
import type { Platform } from '../../../../platform/context.js';
import { notFound } from '../../../../platform/http.js';
import { addDays } from '../../../../platform/dates.js';
import { calendarSettingsForm, publicationClassForm, riskForm } from '../../forms/scrutinyForms.js';
import type { FieldSpec } from '../../presenters/formFields.js';
import { calendarTables, publicationTable, risksTable } from '../../presenters/tables.js';
import { scrutinyPermissions as perms } from '../../scrutinyPermissions.js';
import type { ScrutinyService } from '../../scrutinyService.js';
import { formPage } from '../formPage.js';

/** Risks, the publication schedule and the statutory calendar. */
export function governanceRoutes(platform: Platform, service: ScrutinyService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    const view = { preHandler: requirePermission(can('scrutiny:view')) };

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
    formPage(scope, {
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
    formPage(scope, {
      path: `${A}/risks/:id/edit`,
      allowed: can('risk:manage'),
      title: 'Review a risk',
      back: () => `${A}/risks`,
      fields: riskFields,
      schema: riskForm,
      load: async (req) => {
        const r = await service.getRisk(req.params.id);
        if (!r) throw notFound();
        return r;
      },
      save: async (req, data) => {
        const r = await service.saveRisk(req.actor, data, req.params.id);
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
    formPage(scope, {
      path: `${A}/publication/:id/edit`,
      allowed: can('publication:manage'),
      title: 'Update a class of information',
      back: () => `${A}/publication`,
      fields: () => [
        { name: 'whereUrl', label: 'Where it is published (optional)', hint: 'Starts with / for a page of this site, or https://' },
        { name: 'lastUpdated', label: 'Last updated (optional)', type: 'date' },
      ],
      schema: publicationClassForm,
      load: async (req) => (await service.publicationSchedule()).find((c) => c.id === req.params.id) ?? {},
      save: async (req, data) => {
        const c = await service.updatePublicationClass(req.actor, req.params.id, data);
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
    formPage(scope, {
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
  };
}
