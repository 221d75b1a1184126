import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { historyOf } from '../../../platform/audit.js';
import { requirePermission } from '../../../platform/auth.js';
import type { Platform } from '../../../platform/context.js';
import { parseForm, readUpload, type FieldError } from '../../../platform/forms.js';
import { NotUtf8, utf8Text } from '../../../platform/text.js';
import { HttpError, RuleError, forbidden, notFound } from '../../../platform/http.js';
import { ITEM_FORMS, importForm, moveForm, newPlanForm, planDetailsForm, refreshForm, transitionForm } from '../forms/planForms.js';
import { HANDOVERS, STATUS_LABELS, canTransition, defaultClosingDate, findTransition, isEditable, statusInWords } from '../lifecycle.js';
import { PlanFileInvalid } from '../planFile.js';
import { PlanImportRemovals, type Removal } from '../planImport.js';
import type { ItemKind, PlanTree } from '../plansRepository.js';
import { plansPermissions as perms, type PlansAction } from '../plansPermissions.js';
import type { ItemInputs, PlansService } from '../plansService.js';
import { PLAN_STATUSES, type PlanStatus } from '../schema.js';
import { diffPresenter, planOptions } from '../presenters/diff.js';
import { importErrorRows } from '../presenters/importErrors.js';
import { itemFormPresenter, itemFormValues } from '../presenters/itemForm.js';
import { planListPresenter } from '../presenters/planList.js';
import { CHILD_KINDS, KIND_NAMES, SLUG_KINDS, editRefusal, planPagePresenter, planPaths } from '../presenters/planPage.js';

/** What the person typed, to show again when a later check refuses the form. */
const typed = (request: FastifyRequest): Record<string, unknown> => {
  const { _csrf, ...rest } = (request.body ?? {}) as Record<string, unknown>;
  void _csrf;
  return rest;
};

const allowed = (action: PlansAction) => ({ preHandler: requirePermission((r) => perms.can(r, action)) });

/** Largest plan file accepted by the upload page. */
const MAX_PLAN_FILE_BYTES = 2 * 1024 * 1024;

type Params = { id: string; slug?: string; itemId?: string; priorityId?: string; to?: string };

/** The stored item values of a form submission, in the shape the service takes. */
function itemInput(kind: ItemKind, data: Record<string, unknown>): ItemInputs[ItemKind] {
  return data as unknown as ItemInputs[ItemKind];
}

export function adminRoutes(platform: Platform, service: PlansService) {
  return async function (app: FastifyInstance) {
    // A broken rule (e.g. editing a published plan) is shown as a page that says why, with a way back.
    app.setErrorHandler(async (error, request, reply) => {
      if (error instanceof RuleError) {
        const id = (request.params as Partial<Params> | undefined)?.id;
        return reply.status(422).view('plans/views/admin/refused.njk', {
          title: 'This cannot be done',
          detail: error.detail,
          backHref: id && /^[0-9a-f-]{36}$/i.test(id) ? planPaths.plan(id) : '/admin/plans',
        });
      }
      throw error;
    });

    async function treeOf(id: string): Promise<PlanTree> {
      const tree = await service.getTree(id);
      if (!tree) throw notFound('No such plan');
      return tree;
    }

    function assertEditable(tree: PlanTree) {
      const why = editRefusal(tree);
      if (why) throw new RuleError(why);
    }

    function kindOf(slug: string | undefined): ItemKind {
      const kind = slug ? SLUG_KINDS[slug] : undefined;
      if (!kind) throw notFound();
      return kind;
    }

    async function itemOf(planId: string, slug: string | undefined, itemId: string | undefined) {
      const kind = kindOf(slug);
      const found = itemId ? await service.getItem(kind, itemId) : undefined;
      if (!found || found.plan.id !== planId) throw notFound(`No such ${KIND_NAMES[kind]} in this plan`);
      return { kind, item: found.item };
    }

    const flashAndGo = (request: FastifyRequest, reply: FastifyReply, message: string, to: string) => {
      request.session.flash = message;
      return reply.redirect(to);
    };

    // ---- list, create, details ----------------------------------------------------------------

    app.get('/admin/plans', allowed('plan:view-drafts'), async (request, reply) => {
      const plans = await service.list({ includeDrafts: true });
      return reply.view('plans/views/admin/list.njk', { title: 'Plans', ...planListPresenter(plans, request.actor.role), canCompare: plans.length > 1 });
    });

    const renderDetails = (
      reply: FastifyReply,
      o: { mode: 'new' | 'edit'; values: Record<string, unknown>; errors?: FieldError[]; plan?: PlanTree; status?: number },
    ) =>
      reply.status(o.status ?? 200).view('plans/views/admin/details-form.njk', {
        title: o.mode === 'new' ? 'Create a plan' : `Edit details: ${o.plan?.title}`,
        mode: o.mode,
        plan: o.plan,
        values: o.values,
        errors: o.errors,
        action: o.mode === 'new' ? '/admin/plans/new' : planPaths.edit(o.plan!.id),
      });

    app.get('/admin/plans/new', allowed('plan:create'), async (_request, reply) =>
      renderDetails(reply, { mode: 'new', values: { priorityLabel: 'Priority' } }),
    );

    app.post('/admin/plans/new', allowed('plan:create'), async (request, reply) => {
      const form = parseForm(newPlanForm, request.body);
      if (!form.ok) return renderDetails(reply, { mode: 'new', values: form.values, errors: form.errors, status: 400 });
      if (await service.getTreeByReference(form.data.reference)) {
        return renderDetails(reply, {
          mode: 'new',
          values: typed(request),
          errors: [{ field: 'reference', message: 'A plan with this reference already exists; choose another' }],
          status: 400,
        });
      }
      const plan = await service.create(request.actor, form.data);
      return flashAndGo(request, reply, `Created the draft plan “${plan.title}”`, planPaths.plan(plan.id));
    });

    app.get('/admin/plans/:id/edit', allowed('plan:edit'), async (request, reply) => {
      const tree = await treeOf((request.params as Params).id);
      assertEditable(tree);
      return renderDetails(reply, { mode: 'edit', plan: tree, values: { ...tree, values: tree.values.join('\n') } });
    });

    app.post('/admin/plans/:id/edit', allowed('plan:edit'), async (request, reply) => {
      const tree = await treeOf((request.params as Params).id);
      assertEditable(tree);
      const form = parseForm(planDetailsForm, request.body);
      if (!form.ok) return renderDetails(reply, { mode: 'edit', plan: tree, values: form.values, errors: form.errors, status: 400 });
      await service.update(request.actor, tree.id, form.data);
      return flashAndGo(request, reply, 'Saved the plan’s details', planPaths.plan(tree.id));
    });

    // ---- import --------------------------------------------------------------------------------

    const renderImport = (
      reply: FastifyReply,
      o: { values?: Record<string, unknown>; errors?: FieldError[]; problems?: ReturnType<typeof importErrorRows>; removals?: Removal[]; status?: number },
    ) =>
      reply.status(o.status ?? 200).view('plans/views/admin/import.njk', {
        title: 'Import a plan file',
        values: o.values ?? {},
        errors: o.errors,
        problems: o.problems ?? [],
        removals: o.removals ?? [],
      });

    app.get('/admin/plans/import', allowed('plan:import'), async (_request, reply) => renderImport(reply, {}));

    app.post('/admin/plans/import', allowed('plan:import'), async (request, reply) => {
      let pasted = '';
      let uploaded: string | undefined;
      let tooBig = false;
      let allowRemovals = false;
      let notUtf8: string | undefined;
      if (request.isMultipart()) {
        const form = await readUpload(request, MAX_PLAN_FILE_BYTES);
        tooBig = form.tooBig;
        pasted = form.fields.content ?? '';
        allowRemovals = form.fields.allowRemovals === 'yes';
        try {
          uploaded = form.file?.data.length ? utf8Text(form.file.data) : undefined;
        } catch (e) {
          if (!(e instanceof NotUtf8)) throw e;
          notUtf8 = e.message;
        }
      } else {
        const form = parseForm(importForm, request.body);
        pasted = form.ok ? (form.data.content ?? '') : '';
        allowRemovals = form.ok && form.data.allowRemovals === 'yes';
      }
      const values = { content: pasted };
      if (tooBig) {
        return renderImport(reply, { values, status: 400, errors: [{ field: 'planFile', message: 'The plan file must be 2 MB or smaller' }] });
      }
      if (notUtf8) return renderImport(reply, { values, status: 400, errors: [{ field: 'planFile', message: `${notUtf8} Nothing was saved.` }] });
      const source = uploaded ?? pasted;
      if (!source.trim()) {
        return renderImport(reply, { values, status: 400, errors: [{ field: 'planFile', message: 'Choose a plan file, or paste the plan file’s contents' }] });
      }
      const field = uploaded ? 'planFile' : 'content';
      try {
        const { plan, created, removals } = await service.importPlan(request.actor, source, { allowRemovals });
        const removed = removals.length ? `, removing ${removals.length} ${removals.length === 1 ? 'item' : 'items'}` : '';
        return flashAndGo(
          request,
          reply,
          `${created ? 'Created' : 'Updated'} the plan “${plan.title}” (${plan.reference}) from the plan file${removed}`,
          planPaths.plan(plan.id),
        );
      } catch (e) {
        if (e instanceof PlanFileInvalid) {
          const n = e.errors.length;
          return renderImport(reply, {
            values,
            status: 400,
            problems: importErrorRows(e.errors),
            errors: [{ field, message: `The plan file has ${n} ${n === 1 ? 'problem' : 'problems'}; nothing was saved` }],
          });
        }
        if (e instanceof PlanImportRemovals) {
          // The file goes back into the text box, so that confirming imports the same file.
          return renderImport(reply, {
            values: { content: source },
            status: 400,
            removals: e.removals,
            errors: [
              {
                field: 'allowRemovals',
                message: `This file would remove ${e.removals.length} ${e.removals.length === 1 ? 'item' : 'items'} from the published plan; confirm the removals or correct the file. Nothing was saved.`,
              },
            ],
          });
        }
        if (e instanceof RuleError) {
          return renderImport(reply, { values, status: 422, errors: [{ field, message: `${e.detail} Nothing was saved.` }] });
        }
        throw e;
      }
    });

    // ---- compare two plans ----------------------------------------------------------------------

    app.get('/admin/plans/diff', allowed('plan:view-drafts'), async (request, reply) => {
      const q = request.query as { from?: string; to?: string };
      const plans = await service.list({ includeDrafts: true });
      let to = typeof q.to === 'string' ? q.to : undefined;
      let from = typeof q.from === 'string' ? q.from : undefined;
      if (to && !from) from = plans.find((p) => p.id === to)?.previousVersionId ?? undefined;
      if (from && !to) to = plans.find((p) => p.previousVersionId === from)?.id;
      const view = { title: 'Compare plans', fromItems: planOptions(plans, from), toItems: planOptions(plans, to), values: { from, to } };
      if (!from || !to) return reply.view('plans/views/admin/diff.njk', view);
      const result = await service.diff(from, to).catch((e: unknown) => {
        if (e instanceof HttpError && e.statusCode === 404) return undefined;
        throw e;
      });
      if (!result) {
        return reply.status(400).view('plans/views/admin/diff.njk', { ...view, errors: [{ field: 'from', message: 'Select two plans from the lists' }] });
      }
      return reply.view('plans/views/admin/diff.njk', { ...view, result: diffPresenter(result.from, result.to, result.diff) });
    });

    // ---- the plan page, its history, deleting it -----------------------------------------------------

    app.get('/admin/plans/:id', allowed('plan:view-drafts'), async (request, reply) => {
      const tree = await treeOf((request.params as Params).id);
      const [versions, transitions, checklist, links, evidence, names] = await Promise.all([
        service.versions(tree.id),
        service.transitionsOf(tree.id),
        service.checklist(tree.id),
        service.pageLinks(tree, { audience: 'staff', role: request.actor.role }),
        service.checklistEvidence(tree),
        platform.settings.getArea(),
      ]);
      return reply.view('plans/views/admin/plan.njk', {
        title: tree.title,
        ...planPagePresenter({
          tree,
          role: request.actor.role,
          versions,
          transitions,
          checklist: checklist.items,
          links,
          names,
          linkedByPriority: evidence.byPriority,
        }),
      });
    });

    app.get('/admin/plans/:id/history', allowed('plan:view-drafts'), async (request, reply) => {
      const tree = await treeOf((request.params as Params).id);
      const history = await service.history(tree.id);
      return reply.view('plans/views/admin/history.njk', { title: `History: ${tree.title}`, plan: tree, history });
    });

    app.get('/admin/plans/:id/delete', allowed('plan:delete'), async (request, reply) => {
      const tree = await treeOf((request.params as Params).id);
      if (tree.status !== 'draft') throw new RuleError('Only a draft plan can be deleted. Published plans stay on record.');
      return reply.view('plans/views/admin/confirm-delete.njk', {
        title: `Are you sure you want to delete the plan “${tree.title}”?`,
        planId: tree.id,
        action: `/admin/plans/${tree.id}/delete`,
        cancelHref: planPaths.plan(tree.id),
        warning: `This deletes the draft plan and everything in it: ${tree.priorities.length} ${tree.priorities.length === 1 ? 'priority' : 'priorities'} and their commitments.`,
      });
    });

    app.post('/admin/plans/:id/delete', allowed('plan:delete'), async (request, reply) => {
      const tree = await treeOf((request.params as Params).id);
      await service.remove(request.actor, tree.id);
      return flashAndGo(request, reply, `Deleted the draft plan “${tree.title}”`, '/admin/plans');
    });

    // ---- lifecycle ---------------------------------------------------------------------------------

    function transitionOf(tree: PlanTree, to: string | undefined, request: FastifyRequest) {
      if (!to || !PLAN_STATUSES.includes(to as PlanStatus)) throw notFound();
      const t = findTransition(tree.status, to as PlanStatus);
      if (!t) throw new RuleError(`A plan that is ${statusInWords(tree.status)} cannot be moved to ${STATUS_LABELS[to as PlanStatus].toLowerCase()}.`);
      if (!canTransition(request.actor.role, tree.status, t.to)) throw forbidden(`Your role cannot ${t.label.toLowerCase()}.`);
      return t;
    }

    async function renderTransition(
      reply: FastifyReply,
      tree: PlanTree,
      t: { to: PlanStatus; label: string },
      o: { values?: Record<string, unknown>; errors?: FieldError[]; status?: number } = {},
    ) {
      const checklist = t.to === 'published' ? await service.checklist(tree.id) : undefined;
      return reply.status(o.status ?? 200).view('plans/views/admin/transition.njk', {
        title: `${t.label}: ${tree.title}`,
        heading: t.label,
        plan: tree,
        from: STATUS_LABELS[tree.status],
        to: STATUS_LABELS[t.to],
        action: planPaths.transition(tree.id, t.to),
        checklist: checklist?.items,
        gaps: checklist ? checklist.items.filter((i) => !i.covered) : [],
        handover: HANDOVERS[t.to],
        askClosingDate: t.to === 'consultation',
        values: { ...(t.to === 'consultation' ? { closesOn: defaultClosingDate(new Date()) } : {}), ...(o.values ?? {}) },
        errors: o.errors,
      });
    }

    app.get('/admin/plans/:id/transition/:to', allowed('plan:transition'), async (request, reply) => {
      const p = request.params as Params;
      const tree = await treeOf(p.id);
      return renderTransition(reply, tree, transitionOf(tree, p.to, request));
    });

    app.post('/admin/plans/:id/transition/:to', allowed('plan:transition'), async (request, reply) => {
      const p = request.params as Params;
      const tree = await treeOf(p.id);
      const t = transitionOf(tree, p.to, request);
      const form = parseForm(transitionForm, request.body);
      if (!form.ok) return renderTransition(reply, tree, t, { values: form.values, errors: form.errors, status: 400 });
      if (t.to === 'published') {
        const { gaps } = await service.checklist(tree.id);
        if (gaps.length && !form.data.confirmGaps) {
          return renderTransition(reply, tree, t, {
            values: typed(request),
            status: 400,
            errors: [{ field: 'confirmGaps', message: 'Confirm that you want to publish the plan with these gaps, or add sections that cover them' }],
          });
        }
      }
      if (t.to === 'consultation' && !form.data.closesOn) {
        return renderTransition(reply, tree, t, {
          values: typed(request),
          status: 400,
          errors: [{ field: 'closesOn', message: 'Enter the date the consultation closes' }],
        });
      }
      try {
        await service.transition(request.actor, tree.id, t.to, form.data.reason, { confirmGaps: form.data.confirmGaps, closesOn: form.data.closesOn });
      } catch (e) {
        // A rule of the next stage refused the move (e.g. no response to the Panel's report yet): say so on the form.
        if (!(e instanceof RuleError)) throw e;
        return renderTransition(reply, tree, t, { values: typed(request), status: 400, errors: [{ field: 'reason', message: e.detail ?? e.message }] });
      }
      return flashAndGo(request, reply, `The plan is now ${statusInWords(t.to)}`, planPaths.plan(tree.id));
    });

    // ---- refresh: a new draft version ---------------------------------------------------------------

    const renderRefresh = (reply: FastifyReply, tree: PlanTree, o: { values?: Record<string, unknown>; errors?: FieldError[]; status?: number } = {}) =>
      reply.status(o.status ?? 200).view('plans/views/admin/refresh.njk', {
        title: `Refresh: ${tree.title}`,
        plan: tree,
        values: o.values ?? {},
        errors: o.errors,
        action: `/admin/plans/${tree.id}/refresh`,
      });

    app.get('/admin/plans/:id/refresh', allowed('plan:refresh'), async (request, reply) => {
      const tree = await treeOf((request.params as Params).id);
      if (isEditable(tree.status)) throw new RuleError('Only a published plan can be refreshed; edit this draft instead.');
      if (tree.status === 'superseded') throw new RuleError('A superseded version cannot be refreshed: refresh the version in force instead.');
      return renderRefresh(reply, tree);
    });

    app.post('/admin/plans/:id/refresh', allowed('plan:refresh'), async (request, reply) => {
      const tree = await treeOf((request.params as Params).id);
      const form = parseForm(refreshForm, request.body);
      if (!form.ok) return renderRefresh(reply, tree, { values: form.values, errors: form.errors, status: 400 });
      if (form.data.reference && (await service.getTreeByReference(form.data.reference))) {
        return renderRefresh(reply, tree, {
          values: typed(request),
          status: 400,
          errors: [{ field: 'reference', message: 'A plan with this reference already exists; choose another' }],
        });
      }
      const copy = await service.refresh(request.actor, tree.id, form.data);
      return flashAndGo(request, reply, `Made draft version ${copy.version} (${copy.reference}) from “${tree.title}”`, planPaths.plan(copy.id));
    });

    // ---- items: add, edit, move, delete ---------------------------------------------------------

    async function renderItem(
      reply: FastifyReply,
      tree: PlanTree,
      kind: ItemKind,
      o: {
        mode: 'new' | 'edit';
        values: Record<string, unknown>;
        action: string;
        priorityId?: string;
        itemId?: string;
        errors?: FieldError[];
        status?: number;
      },
    ) {
      const form = itemFormPresenter(kind, tree, o.values, { mode: o.mode, priorityId: o.priorityId });
      // An item's own history of changes is shown under its edit form.
      const history = o.itemId ? await historyOf(platform.database.db, kind, o.itemId) : undefined;
      return reply.status(o.status ?? 200).view('plans/views/admin/item-form.njk', {
        title: `${form.heading}: ${tree.title}`,
        ...form,
        plan: tree,
        values: o.values,
        errors: o.errors,
        action: o.action,
        mode: o.mode,
        cancelHref: planPaths.plan(tree.id),
        history,
      });
    }

    /** Resolves the new-item route: plan-level kinds have no priority, the others must have one of this plan. */
    async function newItemContext(p: Params) {
      const kind = kindOf(p.slug);
      const isChild = CHILD_KINDS.includes(kind);
      if (isChild !== Boolean(p.priorityId)) throw notFound();
      const tree = await treeOf(p.id);
      if (p.priorityId && !tree.priorities.some((x) => x.id === p.priorityId)) throw notFound('No such priority in this plan');
      assertEditable(tree);
      return { kind, tree, action: planPaths.newItem(tree.id, kind, p.priorityId) };
    }

    const newItemGet = async (request: FastifyRequest, reply: FastifyReply) => {
      const p = request.params as Params;
      const { kind, tree, action } = await newItemContext(p);
      return renderItem(reply, tree, kind, { mode: 'new', values: {}, action, priorityId: p.priorityId });
    };
    const newItemPost = async (request: FastifyRequest, reply: FastifyReply) => {
      const p = request.params as Params;
      const { kind, tree, action } = await newItemContext(p);
      const form = parseForm(ITEM_FORMS[kind], request.body);
      if (!form.ok)
        return renderItem(reply, tree, kind, { mode: 'new', values: form.values, action, priorityId: p.priorityId, errors: form.errors, status: 400 });
      const data = { ...(form.data as Record<string, unknown>) };
      delete data.priorityId; // a new child item goes under the priority in the address
      const id = await service.addItem(request.actor, kind, p.priorityId ?? tree.id, itemInput(kind, data));
      return flashAndGo(request, reply, `Added the ${KIND_NAMES[kind]}`, `${planPaths.plan(tree.id)}#item-${id}`);
    };
    app.get('/admin/plans/:id/:slug/new', allowed('plan:edit'), newItemGet);
    app.post('/admin/plans/:id/:slug/new', allowed('plan:edit'), newItemPost);
    app.get('/admin/plans/:id/priorities/:priorityId/:slug/new', allowed('plan:edit'), newItemGet);
    app.post('/admin/plans/:id/priorities/:priorityId/:slug/new', allowed('plan:edit'), newItemPost);

    app.get('/admin/plans/:id/:slug/:itemId/edit', allowed('plan:edit'), async (request, reply) => {
      const p = request.params as Params;
      const tree = await treeOf(p.id);
      const { kind, item } = await itemOf(tree.id, p.slug, p.itemId);
      assertEditable(tree);
      const outcomeIds = kind === 'priority' ? tree.priorities.find((x) => x.id === p.itemId)?.outcomeIds : undefined;
      return renderItem(reply, tree, kind, {
        mode: 'edit',
        values: itemFormValues(kind, item, { outcomeIds }),
        action: `${planPaths.item(tree.id, kind, p.itemId!)}/edit`,
        priorityId: (item.priorityId as string | undefined) ?? undefined,
        itemId: p.itemId,
      });
    });

    app.post('/admin/plans/:id/:slug/:itemId/edit', allowed('plan:edit'), async (request, reply) => {
      const p = request.params as Params;
      const tree = await treeOf(p.id);
      const { kind, item } = await itemOf(tree.id, p.slug, p.itemId);
      assertEditable(tree);
      const action = `${planPaths.item(tree.id, kind, p.itemId!)}/edit`;
      const priorityId = (item.priorityId as string | undefined) ?? undefined;
      const form = parseForm(ITEM_FORMS[kind], request.body);
      if (!form.ok)
        return renderItem(reply, tree, kind, { mode: 'edit', values: form.values, action, priorityId, itemId: p.itemId, errors: form.errors, status: 400 });
      const data = form.data as Record<string, unknown>;
      if (kind === 'commitment' && data.priorityId && !tree.priorities.some((x) => x.id === data.priorityId)) {
        return renderItem(reply, tree, kind, {
          mode: 'edit',
          values: typed(request),
          action,
          priorityId,
          itemId: p.itemId,
          status: 400,
          errors: [{ field: 'priorityId', message: `Select a ${tree.priorityLabel.toLowerCase()} of this plan` }],
        });
      }
      await service.updateItem(request.actor, kind, p.itemId!, itemInput(kind, data));
      return flashAndGo(request, reply, `Saved the ${KIND_NAMES[kind]}`, `${planPaths.plan(tree.id)}#item-${p.itemId}`);
    });

    app.post('/admin/plans/:id/:slug/:itemId/move', allowed('plan:edit'), async (request, reply) => {
      const p = request.params as Params;
      const tree = await treeOf(p.id);
      const { kind } = await itemOf(tree.id, p.slug, p.itemId);
      const form = parseForm(moveForm, request.body);
      if (!form.ok) throw new RuleError('Choose whether to move the item up or down.');
      await service.moveItem(request.actor, kind, p.itemId!, form.data.direction);
      return flashAndGo(request, reply, `Moved the ${KIND_NAMES[kind]} ${form.data.direction}`, `${planPaths.plan(tree.id)}#item-${p.itemId}`);
    });

    app.get('/admin/plans/:id/:slug/:itemId/delete', allowed('plan:edit'), async (request, reply) => {
      const p = request.params as Params;
      const tree = await treeOf(p.id);
      const { kind, item } = await itemOf(tree.id, p.slug, p.itemId);
      assertEditable(tree);
      const name = String(item.title ?? item.measure);
      const priority = kind === 'priority' ? tree.priorities.find((x) => x.id === p.itemId) : undefined;
      return reply.view('plans/views/admin/confirm-delete.njk', {
        title: `Are you sure you want to delete the ${KIND_NAMES[kind]} “${name}”?`,
        action: `${planPaths.item(tree.id, kind, p.itemId!)}/delete`,
        cancelHref: `${planPaths.plan(tree.id)}#item-${p.itemId}`,
        warning: priority
          ? `Its ${priority.commitments.length} ${priority.commitments.length === 1 ? 'commitment' : 'commitments'}, ${priority.forcePriorities.length} force ${priority.forcePriorities.length === 1 ? 'priority' : 'priorities'} and ${priority.measures.length} ${priority.measures.length === 1 ? 'measure' : 'measures'} will be deleted too.`
          : null,
        caption: tree.title,
      });
    });

    app.post('/admin/plans/:id/:slug/:itemId/delete', allowed('plan:edit'), async (request, reply) => {
      const p = request.params as Params;
      const tree = await treeOf(p.id);
      const { kind, item } = await itemOf(tree.id, p.slug, p.itemId);
      await service.deleteItem(request.actor, kind, p.itemId!);
      return flashAndGo(request, reply, `Deleted the ${KIND_NAMES[kind]} “${String(item.title ?? item.measure)}”`, planPaths.plan(tree.id));
    });
  };
}
