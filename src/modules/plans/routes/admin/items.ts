import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseForm, type FieldError } from '../../../../platform/forms.js';
import { RuleError, notFound } from '../../../../platform/http.js';
import { formBody, typedRoutes } from '../../../../platform/typedRoutes.js';
import { ITEM_FORMS, moveForm } from '../../forms/planForms.js';
import type { ItemKind, PlanTree } from '../../plansRepository.js';
import type { PlansService } from '../../plansService.js';
import { itemFormPresenter, itemFormValues } from '../../presenters/itemForm.js';
import { CHILD_KINDS, KIND_NAMES, SLUG_KINDS, planPaths } from '../../presenters/planPage.js';
import { allowed, assertEditable, flashAndGo, treeOf, typed } from './shared.js';

/** `/admin/plans/:id/:slug/new` and `/admin/plans/:id/priorities/:priorityId/:slug/new`. */
const newItemParams = z.object({ id: z.string(), slug: z.string(), priorityId: z.string().optional() });
/** `/admin/plans/:id/:slug/:itemId/…`. */
const itemParams = z.object({ id: z.string(), slug: z.string(), itemId: z.string() });

/** The items of a plan: add, edit, move, delete. */
export function itemRoutes(service: PlansService) {
  return async function (scope: FastifyInstance) {
    const app = typedRoutes(scope);

    function kindOf(slug: string): ItemKind {
      const kind = SLUG_KINDS[slug];
      if (!kind) throw notFound();
      return kind;
    }

    async function itemOf(planId: string, slug: string, itemId: string) {
      const kind = kindOf(slug);
      const found = await service.getItem(kind, itemId);
      if (!found || found.plan.id !== planId) throw notFound(`No such ${KIND_NAMES[kind]} in this plan`);
      return { kind, item: found.item };
    }

    /** The priority an item hangs under, from its stored row. */
    const priorityOf = (item: Record<string, unknown>) => (typeof item.priorityId === 'string' ? item.priorityId : undefined);

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
      const history = o.itemId ? await service.itemHistory(kind, o.itemId) : undefined;
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
    async function newItemContext(p: z.output<typeof newItemParams>) {
      const kind = kindOf(p.slug);
      const isChild = CHILD_KINDS.includes(kind);
      if (isChild !== Boolean(p.priorityId)) throw notFound();
      const tree = await treeOf(service, p.id);
      if (p.priorityId && !tree.priorities.some((x) => x.id === p.priorityId)) throw notFound('No such priority in this plan');
      assertEditable(tree);
      return { kind, tree, action: planPaths.newItem(tree.id, kind, p.priorityId) };
    }

    for (const path of ['/admin/plans/:id/:slug/new', '/admin/plans/:id/priorities/:priorityId/:slug/new']) {
      app.get(path, { ...allowed('plan:edit'), schema: { params: newItemParams } }, async (request, reply) => {
        const p = request.params;
        const { kind, tree, action } = await newItemContext(p);
        return renderItem(reply, tree, kind, { mode: 'new', values: {}, action, priorityId: p.priorityId });
      });
      app.post(path, { ...allowed('plan:edit'), schema: { params: newItemParams, body: formBody } }, async (request, reply) => {
        const p = request.params;
        const { kind, tree, action } = await newItemContext(p);
        const form = parseForm(ITEM_FORMS[kind], request.body);
        if (!form.ok)
          return renderItem(reply, tree, kind, { mode: 'new', values: form.values, action, priorityId: p.priorityId, errors: form.errors, status: 400 });
        const data = { ...form.data };
        if ('priorityId' in data) delete data.priorityId; // a new child item goes under the priority in the address
        const id = await service.addItem(request.actor, kind, p.priorityId ?? tree.id, data);
        return flashAndGo(request, reply, `Added the ${KIND_NAMES[kind]}`, `${planPaths.plan(tree.id)}#item-${id}`);
      });
    }

    app.get('/admin/plans/:id/:slug/:itemId/edit', { ...allowed('plan:edit'), schema: { params: itemParams } }, async (request, reply) => {
      const p = request.params;
      const tree = await treeOf(service, p.id);
      const { kind, item } = await itemOf(tree.id, p.slug, p.itemId);
      assertEditable(tree);
      const outcomeIds = kind === 'priority' ? tree.priorities.find((x) => x.id === p.itemId)?.outcomeIds : undefined;
      return renderItem(reply, tree, kind, {
        mode: 'edit',
        values: itemFormValues(kind, item, { outcomeIds }),
        action: `${planPaths.item(tree.id, kind, p.itemId)}/edit`,
        priorityId: priorityOf(item),
        itemId: p.itemId,
      });
    });

    app.post('/admin/plans/:id/:slug/:itemId/edit', { ...allowed('plan:edit'), schema: { params: itemParams, body: formBody } }, async (request, reply) => {
      const p = request.params;
      const tree = await treeOf(service, p.id);
      const { kind, item } = await itemOf(tree.id, p.slug, p.itemId);
      assertEditable(tree);
      const action = `${planPaths.item(tree.id, kind, p.itemId)}/edit`;
      const priorityId = priorityOf(item);
      const form = parseForm(ITEM_FORMS[kind], request.body);
      if (!form.ok)
        return renderItem(reply, tree, kind, { mode: 'edit', values: form.values, action, priorityId, itemId: p.itemId, errors: form.errors, status: 400 });
      const data = form.data;
      if (kind === 'commitment' && 'priorityId' in data && data.priorityId && !tree.priorities.some((x) => x.id === data.priorityId)) {
        return renderItem(reply, tree, kind, {
          mode: 'edit',
          values: typed(request.body),
          action,
          priorityId,
          itemId: p.itemId,
          status: 400,
          errors: [{ field: 'priorityId', message: `Select a ${tree.priorityLabel.toLowerCase()} of this plan` }],
        });
      }
      await service.updateItem(request.actor, kind, p.itemId, data);
      return flashAndGo(request, reply, `Saved the ${KIND_NAMES[kind]}`, `${planPaths.plan(tree.id)}#item-${p.itemId}`);
    });

    app.post('/admin/plans/:id/:slug/:itemId/move', { ...allowed('plan:edit'), schema: { params: itemParams, body: formBody } }, async (request, reply) => {
      const p = request.params;
      const tree = await treeOf(service, p.id);
      const { kind } = await itemOf(tree.id, p.slug, p.itemId);
      const form = parseForm(moveForm, request.body);
      if (!form.ok) throw new RuleError('Choose whether to move the item up or down.');
      await service.moveItem(request.actor, kind, p.itemId, form.data.direction);
      return flashAndGo(request, reply, `Moved the ${KIND_NAMES[kind]} ${form.data.direction}`, `${planPaths.plan(tree.id)}#item-${p.itemId}`);
    });

    app.get('/admin/plans/:id/:slug/:itemId/delete', { ...allowed('plan:edit'), schema: { params: itemParams } }, async (request, reply) => {
      const p = request.params;
      const tree = await treeOf(service, p.id);
      const { kind, item } = await itemOf(tree.id, p.slug, p.itemId);
      assertEditable(tree);
      const name = String(item.title ?? item.measure);
      const priority = kind === 'priority' ? tree.priorities.find((x) => x.id === p.itemId) : undefined;
      return reply.view('plans/views/admin/confirm-delete.njk', {
        title: `Are you sure you want to delete the ${KIND_NAMES[kind]} “${name}”?`,
        action: `${planPaths.item(tree.id, kind, p.itemId)}/delete`,
        cancelHref: `${planPaths.plan(tree.id)}#item-${p.itemId}`,
        warning: priority
          ? `Its ${priority.commitments.length} ${priority.commitments.length === 1 ? 'commitment' : 'commitments'}, ${priority.forcePriorities.length} force ${priority.forcePriorities.length === 1 ? 'priority' : 'priorities'} and ${priority.measures.length} ${priority.measures.length === 1 ? 'measure' : 'measures'} will be deleted too.`
          : null,
        caption: tree.title,
      });
    });

    app.post('/admin/plans/:id/:slug/:itemId/delete', { ...allowed('plan:edit'), schema: { params: itemParams, body: formBody } }, async (request, reply) => {
      const p = request.params;
      const tree = await treeOf(service, p.id);
      const { kind, item } = await itemOf(tree.id, p.slug, p.itemId);
      await service.deleteItem(request.actor, kind, p.itemId);
      return flashAndGo(request, reply, `Deleted the ${KIND_NAMES[kind]} “${String(item.title ?? item.measure)}”`, planPaths.plan(tree.id));
    });
  };
}
