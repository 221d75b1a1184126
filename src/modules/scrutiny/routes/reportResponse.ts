import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Platform } from '../../../platform/context.js';
import { field } from '../../../platform/forms.js';
import { notFound } from '../../../platform/http.js';
import { scrutinyPermissions as perms } from '../scrutinyPermissions.js';
import type { ScrutinyService } from '../scrutinyService.js';
import { formPage } from './formPage.js';

export const reportResponseForm = z.object({ responseText: field.text('the response to the report', 20000) });

/** The elected head's response to a Panel report as a whole (PRSRA 2011 s.28(3)). */
export function reportResponseRoutes(platform: Platform, service: ScrutinyService) {
  return async function (app: FastifyInstance) {
    formPage(app, {
      path: '/admin/scrutiny/reports/:id/response',
      allowed: (role) => perms.can(role, 'panel-report:respond'),
      title: async () => `Respond to the Panel’s report as the ${(await platform.settings.getArea()).electedHeadTitle}`,
      caption: async (req) => (await service.reportDetail(req.params.id))?.report.title,
      back: (p) => `/admin/scrutiny/reports/${p.id}`,
      fields: () => [
        {
          name: 'responseText',
          label: 'Your response to the report',
          type: 'textarea',
          rows: 10,
          hint: 'Say how you had regard to the report and what you will change. It is published beside the plan when you publish it.',
        },
      ],
      schema: reportResponseForm,
      load: async (req) => {
        const d = await service.reportDetail(req.params.id);
        if (!d) throw notFound();
        return { responseText: d.report.responseText };
      },
      submitText: 'Record the response',
      save: async (req, data) => {
        const r = await service.respondToReport(req.actor, req.params.id, data.responseText);
        return { redirect: `/admin/scrutiny/reports/${r.id}#response`, flash: 'Response recorded: it is published with the plan' };
      },
    });
  };
}
