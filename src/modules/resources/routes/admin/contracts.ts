import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Platform } from '../../../../platform/context.js';
import type { FieldError } from '../../../../platform/forms.js';
import { submitForm } from '../../../../platform/forms.js';
import { notFound } from '../../../../platform/http.js';
import { formBody, idParams, queryOf, typedRoutes, type FormValues } from '../../../../platform/typedRoutes.js';
import { contractForm, contractReturnForm } from '../../forms/resourcesForms.js';
import { LIVING_WAGE_LABELS, contractFormValues, contractRow } from '../../presenters/resourcesPresenters.js';
import { resourcesPermissions as perms } from '../../resourcesPermissions.js';
import { CONTRACT_REMINDER_DAYS, type ContractInput, type ResourcesService } from '../../resourcesService.js';
import { LIVING_WAGE } from '../../schema.js';
import { can, done, listOf, type Values } from './shared.js';

/** The service's input from the contract form, the same for a new contract and a change. */
function contractInput(d: z.infer<typeof contractForm>, body: FormValues): ContractInput {
  return {
    reference: d.reference,
    provider: d.provider,
    service: d.service,
    valuePence: d.value,
    startDate: d.startDate,
    endDate: d.endDate,
    fundingSource: d.fundingSource,
    livingWage: d.livingWage,
    planReference: String(body.planReference ?? '').trim() || null,
    priorityReferences: d.priorities,
    contactEmail: d.contactEmail,
  };
}

/** Commissioned services: the list, the form to add or change one, its page and its quarterly returns. */
export function contractRoutes(platform: Platform, service: ResourcesService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);
    app.get('/admin/resources/contracts', can('resources:view'), async (request, reply) => {
      const list = await service.listContracts();
      const today = platform.clock.today();
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
      const chosen = new Set(listOf(values.priorities));
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
    app.get('/admin/resources/contracts/new', { ...can('contracts:manage'), schema: { querystring: queryOf('plan') } }, async (request, reply) =>
      renderContractForm(reply, [], { planReference: request.query.plan }),
    );
    app.post('/admin/resources/contracts', { ...can('contracts:manage'), schema: { body: formBody } }, async (request, reply) => {
      const r = await submitForm(request.body, contractForm, (d) => service.saveContract(request.actor, contractInput(d, request.body)), 'reference');
      if (!r.ok) return renderContractForm(reply, r.errors, r.values, 400);
      return done(request, reply, `/admin/resources/contracts/${r.value.id}`, 'Commissioned service added');
    });
    async function mustContract(id: string) {
      const c = await service.getContract(id);
      if (!c) throw notFound();
      return c;
    }
    app.get('/admin/resources/contracts/:id/edit', { ...can('contracts:manage'), schema: { params: idParams } }, async (request, reply) => {
      const c = await mustContract(request.params.id);
      return renderContractForm(reply, [], contractFormValues(c), 200, c);
    });
    app.post('/admin/resources/contracts/:id/edit', { ...can('contracts:manage'), schema: { params: idParams, body: formBody } }, async (request, reply) => {
      const c = await mustContract(request.params.id);
      const r = await submitForm(request.body, contractForm, (d) => service.saveContract(request.actor, contractInput(d, request.body), c.id), 'reference');
      if (!r.ok) return renderContractForm(reply, r.errors, r.values, 400, c);
      return done(request, reply, `/admin/resources/contracts/${c.id}`, 'Commissioned service changed');
    });
    async function renderContract(request: FastifyRequest, reply: FastifyReply, id: string, errors: FieldError[] = [], values: Values = {}, status = 200) {
      const c = await service.getContract(id);
      if (!c) throw notFound();
      return reply.status(status).view('resources/views/admin/contract.njk', {
        title: `${c.provider}: ${c.service}`,
        contract: { ...c, ...contractRow(c, platform.clock.today(), CONTRACT_REMINDER_DAYS) },
        canManage: perms.can(request.actor.role, 'contracts:manage'),
        errors,
        values,
      });
    }
    app.get('/admin/resources/contracts/:id', { ...can('resources:view'), schema: { params: idParams } }, async (request, reply) =>
      renderContract(request, reply, request.params.id),
    );
    app.post('/admin/resources/contracts/:id/returns', { ...can('contracts:manage'), schema: { params: idParams, body: formBody } }, async (request, reply) => {
      const { id } = request.params;
      const r = await submitForm(request.body, contractReturnForm, (d) => service.addContractReturn(request.actor, id, d), 'quarter');
      if (!r.ok) return renderContract(request, reply, id, r.errors, r.values, 400);
      return done(request, reply, `/admin/resources/contracts/${id}`, `Outcome return for ${r.data.quarter} recorded`);
    });
  };
}
