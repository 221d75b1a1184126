import type { FastifyInstance } from 'fastify';
import { adminLookups, allowed, paths } from './shared.js';
import { idParams, queryOf, typedRoutes } from '../../../../platform/typedRoutes.js';
import { stringify } from 'csv-stringify/sync';
import type { EngagementService } from '../../engagementService.js';
import { analysisView, exportTable, safeCell } from '../../presenters/analysisView.js';
import { allQuestions } from '../../surveyDefinition.js';

/** Analysis of a survey and the CSV download of its responses. */
export function analysisRoutes(service: EngagementService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    const { surveyOr404 } = adminLookups(service);

    // ---- analysis ----
    app.get(
      '/admin/engagement/surveys/:id/analysis',
      { ...allowed('analysis:view'), schema: { params: idParams, querystring: queryOf('area', 'channel', 'question', 'value', 'by', 'xq') } },
      async (request, reply) => {
        const id = request.params.id;
        const { consultation } = await surveyOr404(id);
        const q = request.query;
        const data = await service.analysisData(id);
        const tc = await service.themeCounts(id);
        const filter = { area: q.area || undefined, channel: q.channel || undefined, question: q.question || undefined, value: q.value || undefined };
        const themeCounts = tc.themes.map((t) => {
          const ids = [...(tc.perTheme.get(t.id) ?? new Set<string>())];
          const byArea = new Map<string, number>();
          for (const rid of ids) {
            const area = tc.byResponse.get(rid)?.areaCode;
            if (area) byArea.set(area, (byArea.get(area) ?? 0) + 1);
          }
          return { label: t.parentId ? `${tc.themes.find((p) => p.id === t.parentId)?.label} › ${t.label}` : t.label, total: ids.length, byArea };
        });
        return reply.view('engagement/views/admin/analysis.njk', {
          title: `Analysis: ${data.survey.title}`,
          consultation,
          survey: data.survey,
          surveyHref: paths.responses(id),
          action: paths.analysis(id),
          query: q,
          codedResponses: tc.codedResponses,
          geographyAvailable: !!service.deps.geography,
          ...analysisView({
            definition: data.survey.definition,
            rows: data.rows,
            filter,
            crossBy: q.by,
            crossQuestion: q.xq,
            areaName: data.areaName,
            areas: data.areas.lad,
            populations: data.populations,
            themeCounts,
            dates: consultation,
          }),
          codingLinks: allQuestions(data.survey.definition)
            .filter((x) => x.type === 'text')
            .map((x) => ({ label: x.label, href: paths.coding(id, x.id) })),
        });
      },
    );

    // ---- export ----
    async function exportData(id: string) {
      const { survey } = await surveyOr404(id);
      const fam = await service.surveyFamily(id);
      const versionOf = new Map(fam.versions.map((v) => [v.id, v.version]));
      const rows = await service.responsesOfFamily(id);
      const tc = await service.themeCounts(id);
      const label = new Map(tc.themes.map((t) => [t.id, t.label]));
      const codesBy = new Map<string, string[]>();
      for (const [themeId, ids] of tc.perTheme) for (const rid of ids) codesBy.set(rid, [...(codesBy.get(rid) ?? []), label.get(themeId) ?? themeId]);
      const { areaName } = await service.areaHelpers();
      return {
        survey,
        table: exportTable(
          survey.definition,
          rows.map((r) => ({ ...r, answers: r.answers, surveyVersion: versionOf.get(r.surveyId) ?? 0 })),
          codesBy,
          areaName,
        ),
      };
    }
    app.get('/admin/engagement/surveys/:id/export.csv', { ...allowed('response:export'), schema: { params: idParams } }, async (request, reply) => {
      const { survey, table } = await exportData(request.params.id);
      const csv = stringify([table.header, ...table.body.map((r) => r.map(safeCell))]);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="responses-${survey.id}.csv"`).send(csv);
    });
  };
}
