import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../../../../platform/context.js';
import type { FieldError } from '../../../../platform/forms.js';
import { submitForm } from '../../../../platform/forms.js';
import { notFound } from '../../../../platform/http.js';
import { formBody, idParams, typedRoutes } from '../../../../platform/typedRoutes.js';
import { assessorForm, decisionForm, declarationForm, fundForm, paymentForm, roundForm, scoreForm } from '../../forms/resourcesForms.js';
import { formatPounds } from '../../money.js';
import { awardsPresenter } from '../../presenters/resourcesPresenters.js';
import { ASSESSOR_ROLES, resourcesPermissions as perms } from '../../resourcesPermissions.js';
import type { ResourcesService } from '../../resourcesService.js';
import { can, done, type Values } from './shared.js';

const withId = { params: idParams, body: formBody };

/** Grant funds, their rounds and the assessment, award and payment of applications, for staff. */
export function grantAdminRoutes(platform: Platform, service: ResourcesService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);

    // ---- funds ---------------------------------------------------------------------------------
    async function renderGrants(request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], values: Values = {}, status = 200) {
      const [funds, rounds] = await Promise.all([service.listFunds(), service.listRounds()]);
      return reply.status(status).view('resources/views/admin/grants.njk', {
        title: 'Grant funds',
        funds: funds.map((f) => ({
          ...f,
          rounds: rounds.filter((r) => r.round.fundId === f.id).map((r) => ({ ...r.round, accepting: service.isAccepting(r.round) })),
        })),
        canManage: perms.can(request.actor.role, 'funds:manage'),
        errors,
        values,
      });
    }
    app.get('/admin/resources/grants', can('resources:view'), async (request, reply) => renderGrants(request, reply));
    app.post('/admin/resources/grants/funds', { ...can('funds:manage'), schema: { body: formBody } }, async (request, reply) => {
      const r = await submitForm(request.body, fundForm, (d) => service.createFund(request.actor, d), 'name');
      if (!r.ok) return renderGrants(request, reply, r.errors, r.values, 400);
      return done(request, reply, '/admin/resources/grants', `Fund “${r.data.name}” created`);
    });

    // ---- rounds --------------------------------------------------------------------------------
    async function renderRoundForm(reply: FastifyReply, fundId: string, errors: FieldError[] = [], values: Values = {}, status = 200) {
      const funds = await service.listFunds();
      const fund = funds.find((f) => f.id === fundId);
      if (!fund) throw notFound();
      return reply.status(status).view('resources/views/admin/round-new.njk', { title: `Open a round of ${fund.name}`, fund, errors, values });
    }
    app.get('/admin/resources/grants/funds/:id/rounds/new', { ...can('funds:manage'), schema: { params: idParams } }, async (request, reply) =>
      renderRoundForm(reply, request.params.id, [], {
        planReference: (await service.currentPlanReference()) ?? '',
        criteria: 'Serves a priority of the plan | 5\nClear outcomes for the community | 5\nValue for money | 5',
      }),
    );
    app.post('/admin/resources/grants/funds/:id/rounds', { ...can('funds:manage'), schema: withId }, async (request, reply) => {
      const { id } = request.params;
      const r = await submitForm(
        request.body,
        roundForm,
        (d) =>
          service.openRound(request.actor, {
            fundId: id,
            title: d.title,
            description: d.description,
            criteria: d.criteria,
            opensOn: d.opensOn,
            closesOn: d.closesOn,
            maxAwardPence: d.maxAward,
            planReference: d.planReference,
          }),
        'title',
      );
      if (!r.ok) return renderRoundForm(reply, id, r.errors, r.values, 400);
      return done(request, reply, `/admin/resources/grants/rounds/${r.value.id}`, 'Round opened');
    });

    async function renderRound(request: FastifyRequest, reply: FastifyReply, id: string, errors: FieldError[] = [], values: Values = {}, status = 200) {
      const o = await service.roundOverview(id);
      if (!o) throw notFound();
      const staff = (await platform.users.list()).filter(
        (u) => u.status === 'active' && ASSESSOR_ROLES.some((r) => r === u.role) && !o.assessors.some((a) => a.userId === u.id),
      );
      const scoreOf = new Map(o.scores.map((s) => [s.applicationId, s]));
      return reply.status(status).view('resources/views/admin/round.njk', {
        title: o.round.title,
        round: {
          ...o.round,
          fundName: o.fundName,
          accepting: service.isAccepting(o.round),
          maxAward: o.round.maxAwardPence ? formatPounds(o.round.maxAwardPence, { wholePounds: true }) : '',
        },
        applications: o.applications.map((a) => ({
          ...a,
          amount: formatPounds(a.amountPence, { wholePounds: true }),
          scored: scoreOf.get(a.id)?.count ?? 0,
          average: scoreOf.get(a.id)?.average?.toFixed(1) ?? '',
        })),
        assessors: o.assessors,
        staffItems: [{ value: '', text: 'Choose a member of staff' }, ...staff.map((u) => ({ value: u.id, text: `${u.name} (${u.email})` }))],
        awards: awardsPresenter(o.awards.map((a) => ({ ...a, roundTitle: o.round.title, fundName: o.fundName }))),
        canManage: perms.can(request.actor.role, 'funds:manage'),
        errors,
        values,
      });
    }
    app.get('/admin/resources/grants/rounds/:id', { ...can('resources:view'), schema: { params: idParams } }, async (request, reply) =>
      renderRound(request, reply, request.params.id),
    );
    app.post('/admin/resources/grants/rounds/:id/assessors', { ...can('funds:manage'), schema: withId }, async (request, reply) => {
      const { id } = request.params;
      const r = await submitForm(request.body, assessorForm, (d) => service.assignAssessor(request.actor, id, d.userId), 'userId');
      if (!r.ok) return renderRound(request, reply, id, r.errors, r.values, 400);
      return done(request, reply, `/admin/resources/grants/rounds/${id}`, 'Assessor assigned');
    });
    app.post('/admin/resources/grants/rounds/:id/close', { ...can('funds:manage'), schema: { params: idParams } }, async (request, reply) => {
      const { id } = request.params;
      await service.closeRound(request.actor, id);
      return done(request, reply, `/admin/resources/grants/rounds/${id}`, 'Round closed to applications');
    });

    // ---- applications --------------------------------------------------------------------------
    async function renderApplication(request: FastifyRequest, reply: FastifyReply, id: string, errors: FieldError[] = [], values: Values = {}, status = 200) {
      const a = await service.getApplication(id);
      if (!a) throw notFound();
      const { decision, assigned, declaration } = await service.scoringDecision(request.actor, a.application);
      const mine = a.scores.find((s) => s.userId === request.actor.id);
      const criteria = a.round.criteria.map((c) => ({ ...c, value: values[`score-${c.key}`] ?? mine?.scores[c.key] ?? '' }));
      const paid = a.payments.reduce((s, p) => s + p.amountPence, 0);
      return reply.status(status).view('resources/views/admin/application.njk', {
        title: `Application ${a.application.reference}`,
        a: { ...a.application, amount: formatPounds(a.application.amountPence, { wholePounds: true }) },
        round: a.round,
        fundName: a.fundName,
        priority: a.priority,
        assigned,
        declaration,
        decision,
        criteria,
        comment: values.comment ?? mine?.comment ?? '',
        scores: a.scores.map((s) => ({ ...s, byCriterion: a.round.criteria.map((c) => s.scores[c.key]) })),
        declarations: a.declarations.map((d) => ({ ...d, who: a.assessors.find((x) => x.userId === d.userId)?.userLabel ?? d.userId })),
        award: a.award
          ? {
              ...a.award,
              amount: formatPounds(a.award.amountPence, { wholePounds: true }),
              paid: formatPounds(paid),
              left: formatPounds(a.award.amountPence - paid),
            }
          : undefined,
        payments: a.payments.map((p) => ({ ...p, amount: formatPounds(p.amountPence) })),
        monitoring: a.monitoring,
        canAssess: perms.can(request.actor.role, 'funds:assess'),
        canManage: perms.can(request.actor.role, 'funds:manage'),
        errors,
        values,
      });
    }
    app.get('/admin/resources/grants/applications/:id', { ...can('resources:view'), schema: { params: idParams } }, async (request, reply) =>
      renderApplication(request, reply, request.params.id),
    );
    app.post('/admin/resources/grants/applications/:id/declaration', { ...can('funds:assess'), schema: withId }, async (request, reply) => {
      const { id } = request.params;
      const r = await submitForm(
        request.body,
        declarationForm,
        (d) => service.declareConflict(request.actor, id, { hasConflict: d.hasConflict === 'yes', detail: d.detail }),
        'hasConflict',
      );
      if (!r.ok) return renderApplication(request, reply, id, r.errors, r.values, 400);
      return done(
        request,
        reply,
        `/admin/resources/grants/applications/${id}`,
        r.data.hasConflict === 'yes'
          ? 'Conflict of interest declared: you will not score this application'
          : 'Declaration recorded: you can now score this application',
      );
    });
    app.post('/admin/resources/grants/applications/:id/score', { ...can('funds:assess'), schema: withId }, async (request, reply) => {
      const { id } = request.params;
      const a = await service.getApplication(id);
      if (!a) throw notFound();
      const { decision } = await service.scoringDecision(request.actor, a.application);
      if (!decision.allowed) return renderApplication(request, reply, id, [{ field: 'form', message: decision.reason }], {}, 403);
      const r = await submitForm(request.body, scoreForm(a.round.criteria), (d) => {
        const scores: Record<string, number> = {};
        for (const c of a.round.criteria) scores[c.key] = Number(d[`score-${c.key}`]);
        return service.scoreApplication(request.actor, id, { scores, comment: typeof d.comment === 'string' ? d.comment : null });
      });
      if (!r.ok) return renderApplication(request, reply, id, r.errors, r.values, 400);
      return done(request, reply, `/admin/resources/grants/applications/${id}`, `Score saved: ${r.value.total}`);
    });
    app.post('/admin/resources/grants/applications/:id/decision', { ...can('funds:manage'), schema: withId }, async (request, reply) => {
      const { id } = request.params;
      const r = await submitForm(
        request.body,
        decisionForm,
        (d) => service.decideApplication(request.actor, id, { decision: d.decision, amountPence: d.amount ?? undefined }),
        'decision',
      );
      if (!r.ok) return renderApplication(request, reply, id, r.errors, r.values, 400);
      return done(
        request,
        reply,
        `/admin/resources/grants/applications/${id}`,
        r.data.decision === 'award' ? 'Grant awarded: it now appears on the public list of awards' : 'Application declined',
      );
    });
    app.post('/admin/resources/grants/awards/:id/payments', { ...can('funds:manage'), schema: withId }, async (request, reply) => {
      const { id } = request.params;
      const applicationId = String(request.body.applicationId ?? '');
      const r = await submitForm(
        request.body,
        paymentForm,
        (d) => service.recordPayment(request.actor, id, { amountPence: d.amount, paidOn: d.paidOn }),
        'amount',
      );
      if (!r.ok) return renderApplication(request, reply, applicationId, r.errors, r.values, 400);
      return done(request, reply, `/admin/resources/grants/applications/${applicationId}`, 'Payment recorded');
    });
  };
}
