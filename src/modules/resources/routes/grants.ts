import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Platform } from '../../../platform/context.js';
import type { FieldError } from '../../../platform/forms.js';
import { attempt, parseForm } from '../../../platform/forms.js';
import { notFound } from '../../../platform/http.js';
import { formBody, idParams, queryOf, typedRoutes } from '../../../platform/typedRoutes.js';
import { formatPounds } from '../money.js';
import { applicationForm, monitoringForm } from '../forms/resourcesForms.js';
import { awardsPresenter } from '../presenters/resourcesPresenters.js';
import type { ResourcesService } from '../resourcesService.js';

/** Public forms are limited per address: enough for a person, too few for a script. */
const PUBLIC_FORM_LIMIT = { max: 10, timeWindow: '10 minutes' };
/** The hidden field people never fill in; bots often do. */
const HONEYPOT = 'website';

export function grantRoutes(platform: Platform, service: ResourcesService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    app.get('/resources/grants', async (_request, reply) => {
      const [open, awards] = await Promise.all([service.listOpenRounds(), service.publicAwards()]);
      return reply.view('resources/views/public/grants.njk', {
        title: 'Grants for community projects',
        rounds: open.map((r) => ({
          ...r.round,
          fundName: r.fundName,
          maxAward: r.round.maxAwardPence ? formatPounds(r.round.maxAwardPence, { wholePounds: true }) : '',
        })),
        summary: awardsPresenter(awards),
      });
    });

    app.get('/resources/grants/awards', { schema: { querystring: queryOf('round') } }, async (request, reply) => {
      const roundId = request.query.round;
      const [awards, rounds] = await Promise.all([service.publicAwards(), service.listRounds()]);
      const withAwards = rounds.filter((r) => awards.some((a) => a.roundId === r.round.id));
      const selected = roundId ? withAwards.find((r) => r.round.id === roundId) : undefined;
      const shown = selected ? awards.filter((a) => a.roundId === selected.round.id) : awards;
      return reply.view('resources/views/public/awards.njk', {
        title: 'Grants awarded',
        selected: selected ? { id: selected.round.id, title: selected.round.title } : undefined,
        rounds: withAwards.map((r) => ({
          id: r.round.id,
          title: r.round.title,
          fundName: r.fundName,
          ...awardsPresenter(awards.filter((a) => a.roundId === r.round.id)),
        })),
        ...awardsPresenter(shown),
      });
    });

    async function renderApply(reply: FastifyReply, roundId: string, errors: FieldError[] = [], values: Record<string, unknown> = {}, status = 200) {
      const r = await service.getRound(roundId);
      if (!r || !service.isAccepting(r.round)) throw notFound('This round is not open for applications.');
      const [priorities, area] = await Promise.all([service.roundPriorities(r.round), platform.settings.getArea()]);
      return reply.status(status).view('resources/views/public/apply.njk', {
        title: `Apply: ${r.round.title}`,
        round: { ...r.round, fundName: r.fundName, maxAward: r.round.maxAwardPence ? formatPounds(r.round.maxAwardPence, { wholePounds: true }) : '' },
        priorities: [
          { value: '', text: 'Choose a priority' },
          ...priorities.map((p) => ({ value: p.reference, text: p.title, selected: values.priority === p.reference })),
        ],
        hasPriorities: priorities.length > 0,
        areas: [{ value: '', text: 'Choose an area' }, ...areaNames(area.localAuthorities).map((a) => ({ value: a, text: a, selected: values.area === a }))],
        errors,
        values,
      });
    }

    const areaNames = (las: { name: string }[]) => [...las.map((l) => l.name), 'The whole area'];

    app.get('/resources/grants/rounds/:id/apply', { schema: { params: idParams } }, async (request, reply) => renderApply(reply, request.params.id));

    app.post(
      '/resources/grants/rounds/:id/apply',
      { config: { rateLimit: PUBLIC_FORM_LIMIT }, schema: { params: idParams, body: formBody } },
      async (request, reply) => {
        const { id } = request.params;
        const body = request.body;
        if (typeof body[HONEYPOT] === 'string' && body[HONEYPOT].trim() !== '') {
          // A bot filled in the hidden field: answer as if it worked, keep nothing.
          request.log.info({ round: id }, 'grant application dropped by honeypot');
          return reply.redirect(`/resources/grants/rounds/${encodeURIComponent(id)}/applied`, 303);
        }
        const { [HONEYPOT]: _ignored, ...fields } = body;
        void _ignored;
        const parsed = parseForm(applicationForm, fields);
        if (!parsed.ok) return renderApply(reply, id, parsed.errors, parsed.values, 400);
        const area = await platform.settings.getArea();
        const d = parsed.data;
        if (!areaNames(area.localAuthorities).includes(d.area))
          return renderApply(reply, id, [{ field: 'area', message: 'Choose one of the listed areas' }], fields, 400);
        const r = await attempt(
          () =>
            service.submitApplication(request.actor, id, {
              organisation: d.organisation,
              contactName: d.contactName,
              contactEmail: d.contactEmail,
              project: d.project,
              description: d.description,
              amountPence: d.amount,
              priorityReference: d.priority,
              area: d.area,
            }),
          'organisation',
        );
        if (!r.ok) {
          const message = r.errors[0].message;
          const fieldName = /priorit/i.test(message) ? 'priority' : /ask for/i.test(message) ? 'amount' : 'organisation';
          return renderApply(reply, id, [{ field: fieldName, message }], fields, 400);
        }
        return reply.redirect(`/resources/grants/rounds/${encodeURIComponent(id)}/applied?reference=${encodeURIComponent(r.value.reference)}`, 303);
      },
    );

    app.get('/resources/grants/rounds/:id/applied', { schema: { params: idParams, querystring: queryOf('reference') } }, async (request, reply) => {
      const r = await service.getRound(request.params.id);
      if (!r) throw notFound();
      const reference = String(request.query.reference ?? '')
        .replace(/[^A-Z0-9-]/g, '')
        .slice(0, 20);
      return reply.view('resources/views/public/applied.njk', { title: 'Application received', round: r.round, reference });
    });

    async function renderMonitoring(reply: FastifyReply, errors: FieldError[] = [], values: Record<string, unknown> = {}, status = 200) {
      return reply.status(status).view('resources/views/public/monitoring.njk', { title: 'Send a monitoring return for your grant', errors, values });
    }
    app.get('/resources/grants/monitoring', async (_request, reply) => renderMonitoring(reply));
    app.post('/resources/grants/monitoring', { config: { rateLimit: PUBLIC_FORM_LIMIT }, schema: { body: formBody } }, async (request, reply) => {
      const body = request.body;
      if (typeof body[HONEYPOT] === 'string' && body[HONEYPOT].trim() !== '')
        return reply.view('resources/views/public/monitoring-done.njk', { title: 'Monitoring return received' });
      const { [HONEYPOT]: _ignored, ...fields } = body;
      void _ignored;
      const parsed = parseForm(monitoringForm, fields);
      if (!parsed.ok) return renderMonitoring(reply, parsed.errors, parsed.values, 400);
      const r = await attempt(() => service.submitMonitoringReturn(request.actor, parsed.data), 'reference');
      if (!r.ok) return renderMonitoring(reply, r.errors, fields, 400);
      return reply.view('resources/views/public/monitoring-done.njk', { title: 'Monitoring return received' });
    });
  };
}
