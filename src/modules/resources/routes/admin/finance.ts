import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Platform } from '../../../../platform/context.js';
import type { FieldError } from '../../../../platform/forms.js';
import { parseForm, submitForm } from '../../../../platform/forms.js';
import { FieldRuleError } from '../../../../platform/http.js';
import { formBody, queryOf, typedRoutes } from '../../../../platform/typedRoutes.js';
import { financeSummaryDocx, financeSummaryPdf } from '../../documents.js';
import { financeLineForm, preceptBaseForm, preceptForm } from '../../forms/resourcesForms.js';
import { formatPounds } from '../../money.js';
import { preceptScenarios } from '../../precept.js';
import { FUNDING_LABELS, financePresenter } from '../../presenters/resourcesPresenters.js';
import { resourcesPermissions as perms } from '../../resourcesPermissions.js';
import type { ResourcesService } from '../../resourcesService.js';
import { can, done, linkNote, type Values } from './shared.js';

const financeQuery = queryOf('taxBase', 'bandD', 'change');

/** The financial plan, the precept calculator and the financial summary documents. */
export function financeRoutes(platform: Platform, service: ResourcesService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    async function renderFinance(
      request: FastifyRequest,
      reply: FastifyReply,
      query: z.output<typeof financeQuery>,
      errors: FieldError[] = [],
      values: Values = {},
      status = 200,
    ) {
      const lines = await service.listFinanceLines();
      const bases = await service.listPreceptBases();
      const latest = bases[bases.length - 1];
      let precept: { errors: FieldError[]; values: Values; scenarios?: unknown[] } = {
        errors: [],
        values: latest ? { taxBase: String(latest.taxBase), bandD: (latest.bandDPence / 100).toFixed(2) } : {},
      };
      if (query.taxBase !== undefined) {
        const p = parseForm(preceptForm, query);
        precept = p.ok
          ? {
              errors: [],
              values: query,
              scenarios: preceptScenarios(p.data.taxBase, p.data.bandD, p.data.change).map((s) => ({
                ...s,
                bandD: formatPounds(s.bandDPence),
                income: formatPounds(s.incomePence, { wholePounds: true }),
                extra: formatPounds(s.extraIncomePence, { wholePounds: true }),
              })),
            }
          : { errors: p.errors, values: p.values };
      }
      return reply.status(status).view('resources/views/admin/finance.njk', {
        title: 'Finance',
        ...financePresenter(lines, await service.financePriorityTitles(lines)),
        preceptBases: (await service.listPreceptBases()).map((b) => ({ ...b, bandD: formatPounds(b.bandDPence) })),
        canManage: perms.can(request.actor.role, 'finance:manage'),
        fundingCategories: Object.entries(FUNDING_LABELS).map(([value, text]) => ({ value, text })),
        errors: [...errors, ...precept.errors],
        values,
        precept,
        linkNote: linkNote(await service.currentPlanReference()),
      });
    }
    app.get('/admin/resources/finance', { ...can('resources:view'), schema: { querystring: financeQuery } }, async (request, reply) =>
      renderFinance(request, reply, request.query),
    );
    app.post('/admin/resources/finance/lines', { ...can('finance:manage'), schema: { body: formBody } }, async (request, reply) => {
      const r = await submitForm(
        request.body,
        financeLineForm,
        async (d) => {
          const [planReference, priorityReference] = d.priority ? d.priority.split('/') : [null, null];
          if (d.priority && !priorityReference) throw new FieldRuleError('priority', linkNote(await service.currentPlanReference()));
          return service.saveFinanceLine(request.actor, {
            financialYear: d.financialYear,
            kind: d.kind,
            category: d.category,
            label: d.label,
            forecastPence: d.forecast,
            actualPence: d.actual,
            planReference,
            priorityReference,
            note: d.note,
          });
        },
        'priority',
      );
      if (!r.ok) return renderFinance(request, reply, {}, r.errors, r.values, 400);
      return done(request, reply, '/admin/resources/finance', `${r.data.label} (${r.data.financialYear}) saved`);
    });
    app.post('/admin/resources/finance/precept-base', { ...can('finance:manage'), schema: { body: formBody } }, async (request, reply) => {
      const r = await submitForm(request.body, preceptBaseForm, (d) =>
        service.setPreceptBase(request.actor, { financialYear: d.financialYear, taxBase: d.taxBase, bandDPence: d.bandD }),
      );
      if (!r.ok)
        return renderFinance(
          request,
          reply,
          {},
          r.errors.map((e) => ({ ...e, field: `base-${e.field}` })),
          Object.fromEntries(Object.entries(r.values).map(([k, v]) => [`base-${k}`, v])),
          400,
        );
      return done(request, reply, '/admin/resources/finance#precept', `Tax base and band D for ${r.data.financialYear} saved`);
    });
    const summaryOf = async () =>
      [
        await platform.settings.getArea(),
        await service.listFinanceLines(),
        await service.listWorkforceFigures(),
        await service.listWorkforceTargets(),
      ] as const;
    app.get('/admin/resources/finance/summary.docx', can('resources:view'), async (_request, reply) => {
      const buf = await financeSummaryDocx(...(await summaryOf()));
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      reply.header('content-disposition', 'attachment; filename="financial-summary.docx"');
      return reply.send(buf);
    });
    app.get('/admin/resources/finance/summary.pdf', can('resources:view'), async (_request, reply) => {
      const buf = await financeSummaryPdf(...(await summaryOf()));
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', 'attachment; filename="financial-summary.pdf"');
      return reply.send(buf);
    });
  };
}
