import { STATUTORY_LABELS } from '../checklist.js';
import type { ItemKind, PlanTree } from '../plansRepository.js';
import { STATUTORY_ELEMENTS } from '../schema.js';
import { KIND_NAMES } from './planPage.js';

type FormValues = Record<string, unknown>;

const asList = (v: unknown): string[] => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const asLines = (v: unknown): string => (Array.isArray(v) ? v.map(String).join('\n') : String(v ?? ''));

/** A stored item as the values of its edit form (lists become one entry per line). */
export function itemFormValues(kind: ItemKind, item: Record<string, unknown>, extra: { outcomeIds?: string[] } = {}): FormValues {
  switch (kind) {
    case 'priority':
      return {
        title: item.title,
        narrative: item.narrative ?? '',
        outcomeIds: extra.outcomeIds ?? [],
        achievements: asLines(item.achievements),
        plannedActions: asLines(item.plannedActions),
      };
    case 'force-priority':
      return { title: item.title, lead: item.lead ?? '', areasOfFocus: asLines(item.areasOfFocus) };
    case 'section':
      return { title: item.title, body: item.body ?? '', covers: asList(item.covers) };
    case 'commitment':
      return { title: item.title, description: item.description ?? '', priorityId: item.priorityId };
    case 'measure':
      return { measure: item.measure, outcome: item.outcome ?? '' };
    case 'outcome':
      return { title: item.title, description: item.description ?? '' };
  }
}

/**
 * Everything an item form needs besides the values: its heading, and the choices of the plan
 * (outcomes to link a priority to, priorities a commitment may move to, statutory contents).
 */
export function itemFormPresenter(kind: ItemKind, tree: PlanTree, values: FormValues, opts: { mode: 'new' | 'edit'; priorityId?: string }) {
  const name = KIND_NAMES[kind];
  const parent = opts.priorityId ? tree.priorities.find((p) => p.id === opts.priorityId) : undefined;
  const parentIndex = parent ? tree.priorities.indexOf(parent) + 1 : 0;
  const checkedOutcomes = new Set(asList(values.outcomeIds));
  const checkedCovers = new Set(asList(values.covers));
  const selectedPriority = String(values.priorityId ?? opts.priorityId ?? '');
  return {
    kind,
    kindName: name,
    heading: opts.mode === 'new' ? `Add ${name === 'outcome' ? 'an' : 'a'} ${name}` : `Edit ${name}`,
    caption: parent ? `${tree.title}: ${tree.priorityLabel} ${parentIndex}, ${parent.title}` : tree.title,
    priorityLabel: tree.priorityLabel,
    outcomeItems: tree.outcomes.map((o) => ({ value: o.id, text: o.title, checked: checkedOutcomes.has(o.id) })),
    priorityItems: tree.priorities.map((p, i) => ({
      value: p.id,
      text: `${tree.priorityLabel} ${i + 1}: ${p.title}`,
      selected: p.id === selectedPriority,
    })),
    coverItems: STATUTORY_ELEMENTS.map((e) => ({ value: e, text: STATUTORY_LABELS[e], checked: checkedCovers.has(e) })),
    /** Moving a commitment is offered when editing one and the plan has another priority. */
    canMove: kind === 'commitment' && opts.mode === 'edit' && tree.priorities.length > 1,
  };
}
