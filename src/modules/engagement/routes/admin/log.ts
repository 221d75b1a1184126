import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../../../../platform/clock.js';
import type { Role } from '../../../../platform/roles.js';
import { formBody, queryOf, typedRoutes } from '../../../../platform/typedRoutes.js';
import { allowed, flashAndGo, paths } from './shared.js';
import { parseForm, type FieldError } from '../../../../platform/forms.js';
import { engagementPermissions as perms } from '../../engagementPermissions.js';
import type { EngagementService } from '../../engagementService.js';
import { logForm } from '../../forms/engagementForms.js';
import { logView } from '../../presenters/logView.js';
import { LOG_TYPES } from '../../schema.js';

/** The engagement log and its map of wards visited. */
export function logRoutes(service: EngagementService, clock: Clock) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    // ---- engagement log ----
    const renderLog = async (
      role: Role | null,
      asked: string | undefined,
      reply: FastifyReply,
      errors: FieldError[] = [],
      values: Record<string, unknown> = {},
    ) => {
      const year = /^\d{4}$/.test(asked ?? '') ? Number(asked) : clock.now().getUTCFullYear();
      const cov = await service.wardCoverage(year);
      return reply.status(errors.length ? 400 : 200).view('engagement/views/admin/log.njk', {
        title: `Engagement log ${year}`,
        year,
        canAdd: perms.can(role, 'log:manage'),
        ...logView(cov),
        typeItems: LOG_TYPES.map((t) => ({ value: t, text: t.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()), selected: values.type === t })),
        ladItems: [{ value: '', text: 'Choose' }, ...cov.lads.map((l) => ({ value: l.code, text: l.name, selected: values.localAuthorityCode === l.code }))],
        wardItems: cov.wards.length
          ? [{ value: '', text: 'Choose' }, ...cov.wards.map((w) => ({ value: w.code, text: w.name, selected: values.wardCode === w.code }))]
          : null,
        years: [year - 1, year, year + 1].map((y) => ({ href: `${paths.log}?year=${y}`, text: String(y), current: y === year })),
        errors,
        values,
      });
    };
    const year = queryOf('year');
    app.get(paths.log, { ...allowed('engagement:view'), schema: { querystring: year } }, async (request, reply) =>
      renderLog(request.actor.role, request.query.year, reply),
    );
    app.post(paths.log, { ...allowed('log:manage'), schema: { querystring: year, body: formBody } }, async (request, reply) => {
      const form = parseForm(logForm, request.body);
      if (!form.ok) return renderLog(request.actor.role, request.query.year, reply, form.errors, form.values);
      const d = form.data;
      const cov = await service.areaHelpers();
      const ward = d.wardCode ? cov.lists.ward.find((w) => w.code === d.wardCode) : undefined;
      if (d.wardCode && !ward)
        return renderLog(request.actor.role, request.query.year, reply, [{ field: 'wardCode', message: 'Choose a ward from the list' }], request.body);
      await service.addLogEntry(request.actor, {
        ...d,
        localAuthorityCode: d.localAuthorityCode ?? ward?.parentCode ?? null,
        wardCode: ward?.code ?? null,
        wardName: ward?.name ?? d.wardName ?? null,
        attendees: d.attendees ?? null,
      });
      return flashAndGo(request, reply, `Logged “${d.title}”`, `${paths.log}?year=${d.heldOn.slice(0, 4)}`);
    });
  };
}
