import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { requirePermission } from '../../../platform/auth.js';
import type { Platform } from '../../../platform/context.js';
import type { FieldError } from '../../../platform/forms.js';
import { parseForm, readUpload } from '../../../platform/forms.js';
import { NotUtf8, utf8Text } from '../../../platform/text.js';
import { notFound } from '../../../platform/http.js';
import {
  assessorForm,
  contractForm,
  contractReturnForm,
  decisionForm,
  declarationForm,
  financeLineForm,
  fundForm,
  paymentForm,
  preceptBaseForm,
  preceptForm,
  roundForm,
  scoreForm,
  spendingImportForm,
  workforceFigureForm,
  workforceTargetForm,
} from '../forms/resourcesForms.js';
import { formatPounds, isoToday } from '../money.js';
import { preceptScenarios } from '../precept.js';
import {
  CATEGORY_LABELS,
  FUNDING_LABELS,
  LIVING_WAGE_LABELS,
  awardsPresenter,
  contractFormValues,
  contractRow,
  financePresenter,
  workforcePresenter,
} from '../presenters/resourcesPresenters.js';
import { ASSESSOR_ROLES, resourcesPermissions as perms, type ResourcesAction } from '../resourcesPermissions.js';
import { CONTRACT_REMINDER_DAYS, type ContractInput, type ResourcesService } from '../resourcesService.js';
import { LIVING_WAGE, WORKFORCE_CATEGORIES } from '../schema.js';
import { ImportInvalid } from '../spendingCsv.js';
import { financeSummaryDocx, financeSummaryPdf } from '../documents.js';
import { attempt } from './shared.js';

const can = (action: ResourcesAction) => ({ preHandler: requirePermission((r) => perms.can(r, action)) });
type Values = Record<string, unknown>;

/** The service's input from the contract form, the same for a new contract and a change. */
function contractInput(d: z.infer<typeof contractForm>, planReference: string | null): ContractInput {
  return {
    reference: d.reference,
    provider: d.provider,
    service: d.service,
    valuePence: d.value,
    startDate: d.startDate,
    endDate: d.endDate,
    fundingSource: d.fundingSource,
    livingWage: d.livingWage,
    planReference,
    priorityReferences: d.priorities,
    contactEmail: d.contactEmail,
  };
}

function done(request: FastifyRequest, reply: FastifyReply, to: string, message: string) {
  request.session.flash = message;
  return reply.redirect(to, 303);
}

/** The largest spending CSV file accepted (the pasted text has the same limit). */
const MAX_SPENDING_FILE_BYTES = 5_000_000;

/** How to name a plan item, with the plan in force as the example (e.g. "cleveland-2024-29/P4"). */
const linkNote = (planReference: string | undefined) =>
  `Give the plan reference, a slash and the item reference, like ${planReference ?? 'the-plan-reference'}/P4`;

export function adminRoutes(platform: Platform, service: ResourcesService) {
  return async function (app: FastifyInstance) {
    app.get('/admin/resources', can('resources:view'), async (request, reply) => {
      const [counts, rounds] = await Promise.all([service.counts(), service.listRounds()]);
      return reply.view('resources/views/admin/index.njk', {
        title: 'Resources',
        counts,
        openRounds: rounds.filter((r) => service.isAccepting(r.round)).length,
      });
    });

    // ---- workforce -----------------------------------------------------------------------------
    async function renderWorkforce(request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], values: Values = {}, form?: string, status = 200) {
      const [figures, targets] = await Promise.all([service.listWorkforceFigures(), service.listWorkforceTargets()]);
      return reply.status(status).view('resources/views/admin/workforce.njk', {
        title: 'Workforce',
        ...workforcePresenter(figures, targets),
        canManage: perms.can(request.actor.role, 'workforce:manage'),
        categories: WORKFORCE_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_LABELS[c] })),
        errors,
        values,
        form,
        linkNote: linkNote(await service.currentPlanReference()),
      });
    }
    app.get('/admin/resources/workforce', can('resources:view'), async (request, reply) => renderWorkforce(request, reply));
    app.post('/admin/resources/workforce/figures', can('workforce:manage'), async (request, reply) => {
      const parsed = parseForm(workforceFigureForm, request.body);
      if (!parsed.ok) return renderWorkforce(request, reply, parsed.errors, parsed.values, 'figure', 400);
      await service.setWorkforceFigure(request.actor, parsed.data);
      return done(
        request,
        reply,
        '/admin/resources/workforce',
        `${CATEGORY_LABELS[parsed.data.category]} ${parsed.data.financialYear} (${parsed.data.kind}) saved`,
      );
    });
    app.post('/admin/resources/workforce/targets', can('workforce:manage'), async (request, reply) => {
      const parsed = parseForm(workforceTargetForm, request.body);
      if (!parsed.ok) return renderWorkforce(request, reply, parsed.errors, parsed.values, 'target', 400);
      const [planReference, commitmentReference] = parsed.data.commitment ? parsed.data.commitment.split('/') : [null, null];
      if (parsed.data.commitment && !commitmentReference)
        return renderWorkforce(
          request,
          reply,
          [{ field: 'commitment', message: linkNote(await service.currentPlanReference()) }],
          request.body as Values,
          'target',
          400,
        );
      const r = await attempt(() => service.addWorkforceTarget(request.actor, { ...parsed.data, planReference, commitmentReference }), 'commitment');
      if (!r.ok) return renderWorkforce(request, reply, r.errors, request.body as Values, 'target', 400);
      return done(request, reply, '/admin/resources/workforce', 'Target added');
    });

    // ---- finance -------------------------------------------------------------------------------
    async function renderFinance(request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], values: Values = {}, status = 200) {
      const lines = await service.listFinanceLines();
      const query = request.query as Record<string, string | undefined>;
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
    app.get('/admin/resources/finance', can('resources:view'), async (request, reply) => renderFinance(request, reply));
    app.post('/admin/resources/finance/lines', can('finance:manage'), async (request, reply) => {
      const parsed = parseForm(financeLineForm, request.body);
      if (!parsed.ok) return renderFinance(request, reply, parsed.errors, parsed.values, 400);
      const d = parsed.data;
      const [planReference, priorityReference] = d.priority ? d.priority.split('/') : [null, null];
      if (d.priority && !priorityReference)
        return renderFinance(request, reply, [{ field: 'priority', message: linkNote(await service.currentPlanReference()) }], request.body as Values, 400);
      const r = await attempt(
        () =>
          service.saveFinanceLine(request.actor, {
            financialYear: d.financialYear,
            kind: d.kind,
            category: d.category,
            label: d.label,
            forecastPence: d.forecast,
            actualPence: d.actual,
            planReference,
            priorityReference,
            note: d.note,
          }),
        'priority',
      );
      if (!r.ok) return renderFinance(request, reply, r.errors, request.body as Values, 400);
      return done(request, reply, '/admin/resources/finance', `${d.label} (${d.financialYear}) saved`);
    });
    app.post('/admin/resources/finance/precept-base', can('finance:manage'), async (request, reply) => {
      const parsed = parseForm(preceptBaseForm, request.body);
      if (!parsed.ok)
        return renderFinance(
          request,
          reply,
          parsed.errors.map((e) => ({ ...e, field: `base-${e.field}` })),
          Object.fromEntries(Object.entries(parsed.values).map(([k, v]) => [`base-${k}`, v])),
          400,
        );
      await service.setPreceptBase(request.actor, { financialYear: parsed.data.financialYear, taxBase: parsed.data.taxBase, bandDPence: parsed.data.bandD });
      return done(request, reply, '/admin/resources/finance#precept', `Tax base and band D for ${parsed.data.financialYear} saved`);
    });
    app.get('/admin/resources/finance/summary.docx', can('resources:view'), async (_request, reply) => {
      const buf = await financeSummaryDocx(
        await platform.settings.getArea(),
        await service.listFinanceLines(),
        await service.listWorkforceFigures(),
        await service.listWorkforceTargets(),
      );
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      reply.header('content-disposition', 'attachment; filename="financial-summary.docx"');
      return reply.send(buf);
    });
    app.get('/admin/resources/finance/summary.pdf', can('resources:view'), async (_request, reply) => {
      const buf = await financeSummaryPdf(
        await platform.settings.getArea(),
        await service.listFinanceLines(),
        await service.listWorkforceFigures(),
        await service.listWorkforceTargets(),
      );
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', 'attachment; filename="financial-summary.pdf"');
      return reply.send(buf);
    });

    // ---- spending ------------------------------------------------------------------------------
    async function renderSpending(
      request: FastifyRequest,
      reply: FastifyReply,
      errors: FieldError[] = [],
      values: Values = {},
      problems: unknown[] = [],
      status = 200,
    ) {
      const list = await service.listSpending();
      return reply.status(status).view('resources/views/admin/spending.njk', {
        title: 'Spending',
        rows: list.map((s) => ({ ...s, amount: formatPounds(s.amountPence) })),
        canImport: perms.can(request.actor.role, 'spending:import'),
        errors,
        values,
        problems,
      });
    }
    app.get('/admin/resources/spending', can('resources:view'), async (request, reply) => renderSpending(request, reply));
    /**
     * Imports spending lines from an uploaded CSV file (multipart, field "file") or from pasted
     * text (field "content"); a file wins over pasted text. The same all-or-nothing parser either
     * way, its problems listed with their line and column.
     */
    app.post('/admin/resources/spending/import', can('spending:import'), async (request, reply) => {
      let body: Values = (request.body as Values) ?? {};
      let upload: { name: string; text: string } | undefined;
      if (request.isMultipart()) {
        const { fields, file, tooBig } = await readUpload(request, MAX_SPENDING_FILE_BYTES);
        body = fields;
        if (tooBig) return renderSpending(request, reply, [{ field: 'file', message: 'The file must be 5 MB or smaller' }], body, [], 400);
        try {
          if (file) upload = { name: file.name, text: utf8Text(file.data) };
        } catch (e) {
          if (!(e instanceof NotUtf8)) throw e;
          return renderSpending(request, reply, [{ field: 'file', message: `${file!.name} was refused: ${e.message}` }], body, [], 400);
        }
      }
      let text: string;
      if (upload) text = upload.text;
      else {
        const parsed = parseForm(spendingImportForm, body);
        if (!parsed.ok) {
          const nothing = !String(body.content ?? '').trim();
          return renderSpending(
            request,
            reply,
            nothing ? [{ field: 'file', message: 'Choose a CSV file, or paste the CSV file’s contents' }] : parsed.errors,
            parsed.values,
            [],
            400,
          );
        }
        text = parsed.data.content;
      }
      try {
        const r = await service.importSpending(request.actor, text);
        return done(
          request,
          reply,
          '/admin/resources/spending',
          `Spending imported${upload ? ` from ${upload.name}` : ''}: ${r.created} new, ${r.updated} updated`,
        );
      } catch (e) {
        if (!(e instanceof ImportInvalid)) throw e;
        const message = upload ? `${upload.name} was refused: ${e.message}` : e.message;
        return renderSpending(request, reply, [{ field: upload ? 'file' : 'content', message }], body, e.problems, 400);
      }
    });

    // ---- contracts -----------------------------------------------------------------------------
    app.get('/admin/resources/contracts', can('resources:view'), async (request, reply) => {
      const list = await service.listContracts();
      const today = isoToday();
      return reply.view('resources/views/admin/contracts.njk', {
        title: 'Commissioned services',
        rows: list.map((c) => ({ ...c, ...contractRow(c, today, CONTRACT_REMINDER_DAYS) })),
        canManage: perms.can(request.actor.role, 'contracts:manage'),
        reminderDays: CONTRACT_REMINDER_DAYS,
      });
    });
    /** The form to add a commissioned service, or to change one (`editing`). */
    async function renderContractForm(
      reply: FastifyReply,
      errors: FieldError[] = [],
      values: Values = {},
      status = 200,
      editing?: { id: string; provider: string; service: string },
    ) {
      const planRef = String(values.planReference || (await service.currentPlanReference()) || '');
      const chosenPlan = planRef ? await service.planPriorities(planRef) : undefined;
      const chosen = new Set(Array.isArray(values.priorities) ? (values.priorities as string[]) : values.priorities ? [String(values.priorities)] : []);
      return reply.status(status).view('resources/views/admin/contract-form.njk', {
        title: editing ? `Change ${editing.provider}: ${editing.service}` : 'Add a commissioned service',
        form: editing
          ? {
              heading: 'Change the commissioned service',
              caption: `${editing.provider}: ${editing.service}`,
              action: `/admin/resources/contracts/${editing.id}/edit`,
              submit: 'Save changes',
              back: `/admin/resources/contracts/${editing.id}`,
            }
          : {
              heading: 'Add a commissioned service',
              caption: null,
              action: '/admin/resources/contracts',
              submit: 'Add service',
              back: '/admin/resources/contracts',
            },
        errors,
        values,
        planReference: chosenPlan?.reference ?? '',
        planTitle: chosenPlan?.title ?? '',
        priorityItems: (chosenPlan?.priorities ?? []).map((p) => ({ value: p.reference, text: p.title, checked: chosen.has(p.reference) })),
        livingWageItems: LIVING_WAGE.map((v) => ({ value: v, text: LIVING_WAGE_LABELS[v], checked: values.livingWage === v })),
      });
    }
    app.get('/admin/resources/contracts/new', can('contracts:manage'), async (request, reply) =>
      renderContractForm(reply, [], { planReference: (request.query as { plan?: string }).plan }),
    );
    app.post('/admin/resources/contracts', can('contracts:manage'), async (request, reply) => {
      const parsed = parseForm(contractForm, request.body);
      const planReference = String((request.body as Values)?.planReference ?? '').trim() || null;
      if (!parsed.ok) return renderContractForm(reply, parsed.errors, parsed.values, 400);
      const d = parsed.data;
      const r = await attempt(() => service.saveContract(request.actor, contractInput(d, planReference)), 'reference');
      if (!r.ok) return renderContractForm(reply, r.errors, request.body as Values, 400);
      return done(request, reply, `/admin/resources/contracts/${r.value.id}`, 'Commissioned service added');
    });
    const contractId = (request: FastifyRequest) => (request.params as { id: string }).id;
    async function mustContract(id: string) {
      const c = await service.getContract(id);
      if (!c) throw notFound();
      return c;
    }
    app.get('/admin/resources/contracts/:id/edit', can('contracts:manage'), async (request, reply) => {
      const c = await mustContract(contractId(request));
      return renderContractForm(reply, [], contractFormValues(c), 200, c);
    });
    app.post('/admin/resources/contracts/:id/edit', can('contracts:manage'), async (request, reply) => {
      const c = await mustContract(contractId(request));
      const parsed = parseForm(contractForm, request.body);
      const planReference = String((request.body as Values)?.planReference ?? '').trim() || null;
      if (!parsed.ok) return renderContractForm(reply, parsed.errors, parsed.values, 400, c);
      const d = parsed.data;
      const r = await attempt(() => service.saveContract(request.actor, contractInput(d, planReference), c.id), 'reference');
      if (!r.ok) return renderContractForm(reply, r.errors, request.body as Values, 400, c);
      return done(request, reply, `/admin/resources/contracts/${c.id}`, 'Commissioned service changed');
    });
    async function renderContract(request: FastifyRequest, reply: FastifyReply, id: string, errors: FieldError[] = [], values: Values = {}, status = 200) {
      const c = await service.getContract(id);
      if (!c) throw notFound();
      return reply.status(status).view('resources/views/admin/contract.njk', {
        title: `${c.provider}: ${c.service}`,
        contract: { ...c, ...contractRow(c, isoToday(), CONTRACT_REMINDER_DAYS) },
        canManage: perms.can(request.actor.role, 'contracts:manage'),
        errors,
        values,
      });
    }
    app.get('/admin/resources/contracts/:id', can('resources:view'), async (request, reply) =>
      renderContract(request, reply, (request.params as { id: string }).id),
    );
    app.post('/admin/resources/contracts/:id/returns', can('contracts:manage'), async (request, reply) => {
      const { id } = request.params as { id: string };
      const parsed = parseForm(contractReturnForm, request.body);
      if (!parsed.ok) return renderContract(request, reply, id, parsed.errors, parsed.values, 400);
      const r = await attempt(() => service.addContractReturn(request.actor, id, parsed.data), 'quarter');
      if (!r.ok) return renderContract(request, reply, id, r.errors, request.body as Values, 400);
      return done(request, reply, `/admin/resources/contracts/${id}`, `Outcome return for ${parsed.data.quarter} recorded`);
    });

    // ---- grant funds ---------------------------------------------------------------------------
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
    app.post('/admin/resources/grants/funds', can('funds:manage'), async (request, reply) => {
      const parsed = parseForm(fundForm, request.body);
      if (!parsed.ok) return renderGrants(request, reply, parsed.errors, parsed.values, 400);
      const r = await attempt(() => service.createFund(request.actor, parsed.data), 'name');
      if (!r.ok) return renderGrants(request, reply, r.errors, request.body as Values, 400);
      return done(request, reply, '/admin/resources/grants', `Fund “${parsed.data.name}” created`);
    });
    async function renderRoundForm(reply: FastifyReply, fundId: string, errors: FieldError[] = [], values: Values = {}, status = 200) {
      const funds = await service.listFunds();
      const fund = funds.find((f) => f.id === fundId);
      if (!fund) throw notFound();
      return reply.status(status).view('resources/views/admin/round-new.njk', { title: `Open a round of ${fund.name}`, fund, errors, values });
    }
    app.get('/admin/resources/grants/funds/:id/rounds/new', can('funds:manage'), async (request, reply) =>
      renderRoundForm(reply, (request.params as { id: string }).id, [], {
        planReference: (await service.currentPlanReference()) ?? '',
        criteria: 'Serves a priority of the Police and Crime Plan | 5\nClear outcomes for the community | 5\nValue for money | 5',
      }),
    );
    app.post('/admin/resources/grants/funds/:id/rounds', can('funds:manage'), async (request, reply) => {
      const { id } = request.params as { id: string };
      const parsed = parseForm(roundForm, request.body);
      if (!parsed.ok) return renderRoundForm(reply, id, parsed.errors, parsed.values, 400);
      const d = parsed.data;
      const r = await attempt(
        () =>
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
      if (!r.ok) return renderRoundForm(reply, id, r.errors, request.body as Values, 400);
      return done(request, reply, `/admin/resources/grants/rounds/${r.value.id}`, 'Round opened');
    });

    async function renderRound(request: FastifyRequest, reply: FastifyReply, id: string, errors: FieldError[] = [], values: Values = {}, status = 200) {
      const o = await service.roundOverview(id);
      if (!o) throw notFound();
      const staff = (await platform.users.list()).filter(
        (u) => u.status === 'active' && (ASSESSOR_ROLES as readonly string[]).includes(u.role) && !o.assessors.some((a) => a.userId === u.id),
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
    app.get('/admin/resources/grants/rounds/:id', can('resources:view'), async (request, reply) =>
      renderRound(request, reply, (request.params as { id: string }).id),
    );
    app.post('/admin/resources/grants/rounds/:id/assessors', can('funds:manage'), async (request, reply) => {
      const { id } = request.params as { id: string };
      const parsed = parseForm(assessorForm, request.body);
      if (!parsed.ok) return renderRound(request, reply, id, parsed.errors, parsed.values, 400);
      const r = await attempt(() => service.assignAssessor(request.actor, id, parsed.data.userId), 'userId');
      if (!r.ok) return renderRound(request, reply, id, r.errors, request.body as Values, 400);
      return done(request, reply, `/admin/resources/grants/rounds/${id}`, 'Assessor assigned');
    });
    app.post('/admin/resources/grants/rounds/:id/close', can('funds:manage'), async (request, reply) => {
      const { id } = request.params as { id: string };
      await service.closeRound(request.actor, id);
      return done(request, reply, `/admin/resources/grants/rounds/${id}`, 'Round closed to applications');
    });

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
    const appId = (request: FastifyRequest) => (request.params as { id: string }).id;
    app.get('/admin/resources/grants/applications/:id', can('resources:view'), async (request, reply) => renderApplication(request, reply, appId(request)));
    app.post('/admin/resources/grants/applications/:id/declaration', can('funds:assess'), async (request, reply) => {
      const id = appId(request);
      const parsed = parseForm(declarationForm, request.body);
      if (!parsed.ok) return renderApplication(request, reply, id, parsed.errors, parsed.values, 400);
      const r = await attempt(
        () => service.declareConflict(request.actor, id, { hasConflict: parsed.data.hasConflict === 'yes', detail: parsed.data.detail }),
        'hasConflict',
      );
      if (!r.ok) return renderApplication(request, reply, id, r.errors, request.body as Values, 400);
      return done(
        request,
        reply,
        `/admin/resources/grants/applications/${id}`,
        parsed.data.hasConflict === 'yes'
          ? 'Conflict of interest declared: you will not score this application'
          : 'Declaration recorded: you can now score this application',
      );
    });
    app.post('/admin/resources/grants/applications/:id/score', can('funds:assess'), async (request, reply) => {
      const id = appId(request);
      const a = await service.getApplication(id);
      if (!a) throw notFound();
      const { decision } = await service.scoringDecision(request.actor, a.application);
      if (!decision.allowed) return renderApplication(request, reply, id, [{ field: 'form', message: decision.reason }], {}, 403);
      const parsed = parseForm(scoreForm(a.round.criteria), request.body);
      if (!parsed.ok) return renderApplication(request, reply, id, parsed.errors, parsed.values, 400);
      const scores: Record<string, number> = {};
      for (const c of a.round.criteria) scores[c.key] = parsed.data[`score-${c.key}`] as number;
      const r = await attempt(() => service.scoreApplication(request.actor, id, { scores, comment: (parsed.data.comment as string | null) ?? null }));
      if (!r.ok) return renderApplication(request, reply, id, r.errors, request.body as Values, 400);
      return done(request, reply, `/admin/resources/grants/applications/${id}`, `Score saved: ${r.value.total}`);
    });
    app.post('/admin/resources/grants/applications/:id/decision', can('funds:manage'), async (request, reply) => {
      const id = appId(request);
      const parsed = parseForm(decisionForm, request.body);
      if (!parsed.ok) return renderApplication(request, reply, id, parsed.errors, parsed.values, 400);
      const r = await attempt(
        () => service.decideApplication(request.actor, id, { decision: parsed.data.decision, amountPence: parsed.data.amount ?? undefined }),
        'decision',
      );
      if (!r.ok) return renderApplication(request, reply, id, r.errors, request.body as Values, 400);
      return done(
        request,
        reply,
        `/admin/resources/grants/applications/${id}`,
        parsed.data.decision === 'award' ? 'Grant awarded: it now appears on the public list of awards' : 'Application declined',
      );
    });
    app.post('/admin/resources/grants/awards/:id/payments', can('funds:manage'), async (request, reply) => {
      const { id } = request.params as { id: string };
      const applicationId = String((request.body as Values)?.applicationId ?? '');
      const parsed = parseForm(paymentForm, request.body);
      if (!parsed.ok) return renderApplication(request, reply, applicationId, parsed.errors, parsed.values, 400);
      const r = await attempt(() => service.recordPayment(request.actor, id, { amountPence: parsed.data.amount, paidOn: parsed.data.paidOn }), 'amount');
      if (!r.ok) return renderApplication(request, reply, applicationId, r.errors, request.body as Values, 400);
      return done(request, reply, `/admin/resources/grants/applications/${applicationId}`, 'Payment recorded');
    });
  };
}
