import type { FastifyInstance } from 'fastify';
import { idParams, typedRoutes } from '../../../../platform/typedRoutes.js';
import { A, can } from './shared.js';
import { requirePermission } from '../../../../platform/auth.js';
import type { Platform } from '../../../../platform/context.js';
import { notFound } from '../../../../platform/http.js';
import type { ScrutinyService } from '../../scrutinyService.js';
import { sendDocument } from '../download.js';

import { decisionRoutes } from './decisions.js';
import { governanceRoutes } from './governance.js';
import { inspectionRoutes } from './inspections.js';
import { meetingRoutes } from './meetings.js';
import { reportRoutes } from './reports.js';

/** The staff pages of scrutiny: the front page and the documents, and one plugin per area. */
export function adminRoutes(platform: Platform, service: ScrutinyService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
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

    app.get(`${A}/documents/:id`, { ...view, schema: { params: idParams } }, async (request, reply) => {
      const f = await service.documentFile(request.params.id, { staff: true });
      if (!f) throw notFound();
      return sendDocument(reply, f.document, f.data);
    });

    for (const area of [meetingRoutes, reportRoutes, decisionRoutes, inspectionRoutes, governanceRoutes]) await scope.register(area(platform, service));
  };
}
