import { pluralNoun } from '../../../platform/views.js';
import { STATUS_LABELS, isPublic } from '../lifecycle.js';
import type { PlanTree } from '../plansRepository.js';
import { planFacts } from '../presenters/planFacts.js';
import { termLabel } from '../presenters/planList.js';
import { forcePriorityRows, performanceRows, planLabels, priorityHeading, type LineageLink } from '../presenters/publicPlans.js';
import { textBlocks, type TextBlock } from '../presenters/publicText.js';

/**
 * The plan as a document, in reading order, shared by the Word and the PDF exports so that both
 * say the same: a title page with the version's own facts, then the plan.
 */
export type DocBlock =
  | { type: 'title'; text: string }
  | { type: 'line'; text: string; strong?: boolean }
  | { type: 'pageBreak' }
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'text'; blocks: TextBlock[] }
  | { type: 'bullets'; items: string[] }
  | { type: 'numbered'; items: { text: string; detail: TextBlock[] }[] }
  | { type: 'table'; caption: string; head: string[]; rows: (string | string[])[][] };

export interface PlanDocumentContext {
  /** The policing body's name (from settings), on the title page. */
  bodyName: string;
  /** The area's name, e.g. "Cleveland". */
  areaName: string;
  /** Who scrutinises plans, for "Reviewed by the … Panel". */
  scrutinyBodyName?: string;
  /** When the document was made (shown on drafts). */
  generatedAt?: Date;
  /** The public versions around this one. */
  lineage?: { refreshes?: LineageLink | null; supersededBy?: LineageLink | null; follows?: LineageLink | null; followedBy?: LineageLink | null };
}

export function planDocumentBlocks(tree: PlanTree, ctx: PlanDocumentContext): { title: string; blocks: DocBlock[] } {
  const facts = planFacts(tree, { scrutinyBodyName: ctx.scrutinyBodyName });
  const labels = planLabels(tree);
  const label = tree.priorityLabel;
  const out: DocBlock[] = [];
  const l = ctx.lineage ?? {};

  out.push(
    { type: 'line', text: ctx.bodyName, strong: true },
    { type: 'title', text: facts.documentTitle },
    { type: 'line', text: `${ctx.areaName} · ${termLabel(tree)}` },
    { type: 'line', text: `Status: ${STATUS_LABELS[tree.status]}. Version ${tree.version}. Reference ${tree.reference}.` },
    // A value that ends a sentence already (a consultation's extension note) gets no second full stop.
    ...facts.rows.map((r) => ({ type: 'line' as const, text: `${r.key}: ${r.value}${/[.!?]$/.test(r.value) ? '' : '.'}` })),
  );
  if (l.refreshes) out.push({ type: 'line', text: `This version refreshes ${l.refreshes.title} (${l.refreshes.version}).` });
  if (l.supersededBy)
    out.push({ type: 'line', text: `This version has been superseded by ${l.supersededBy.title} (${l.supersededBy.version}).`, strong: true });
  if (l.follows) out.push({ type: 'line', text: `This plan follows ${l.follows.title} (${l.follows.term}), the plan of the previous term.` });
  if (l.followedBy) out.push({ type: 'line', text: `The plan of the next term is ${l.followedBy.title} (${l.followedBy.term}).` });
  if (!isPublic(tree.status)) {
    out.push({
      type: 'line',
      strong: true,
      text: `DRAFT — not published. This is a working copy exported${ctx.generatedAt ? ` on ${ctx.generatedAt.toISOString().slice(0, 10)}` : ''}; it may change before it is published.`,
    });
  }
  out.push({ type: 'pageBreak' });

  if (tree.summary) out.push({ type: 'text', blocks: textBlocks(tree.summary) });
  if (tree.vision) out.push({ type: 'heading', level: 1, text: 'Vision' }, { type: 'text', blocks: textBlocks(tree.vision) });
  if (tree.mission) out.push({ type: 'heading', level: 1, text: 'Mission' }, { type: 'text', blocks: textBlocks(tree.mission) });
  if (tree.values.length) out.push({ type: 'heading', level: 1, text: 'Values' }, { type: 'bullets', items: tree.values });
  if (tree.outcomes.length) {
    out.push(
      { type: 'heading', level: 1, text: pluralNoun(labels.outcome) },
      { type: 'numbered', items: tree.outcomes.map((o) => ({ text: o.title, detail: textBlocks(o.description) })) },
    );
  }

  out.push({ type: 'heading', level: 1, text: pluralNoun(label) });
  if (!tree.priorities.length) out.push({ type: 'text', blocks: [{ type: 'paragraph', text: `This plan has no ${pluralNoun(label).toLowerCase()}.` }] });
  const outcomeTitles = new Map(tree.outcomes.map((o, i) => [o.id, `${labels.outcome} ${i + 1}: ${o.title}`]));
  tree.priorities.forEach((p, i) => {
    out.push({ type: 'heading', level: 2, text: `${priorityHeading(label, i + 1)}: ${p.title}` }, { type: 'text', blocks: textBlocks(p.narrative) });
    const served = p.outcomeIds.map((id) => outcomeTitles.get(id)).filter((t): t is string => Boolean(t));
    if (served.length) out.push({ type: 'heading', level: 3, text: `${pluralNoun(labels.outcome)} this serves` }, { type: 'bullets', items: served });
    if (p.commitments.length) {
      out.push(
        { type: 'heading', level: 3, text: pluralNoun(labels.commitment) },
        { type: 'numbered', items: p.commitments.map((c) => ({ text: c.title, detail: textBlocks(c.description) })) },
      );
    }
    for (const list of p.lists) out.push({ type: 'heading', level: 3, text: list.label }, { type: 'bullets', items: list.items });
    if (p.achievements.length) out.push({ type: 'heading', level: 3, text: 'In the past year' }, { type: 'bullets', items: p.achievements });
    if (p.plannedActions.length) out.push({ type: 'heading', level: 3, text: 'In the coming year' }, { type: 'bullets', items: p.plannedActions });
  });

  if (tree.themes.length) {
    const names = new Map(tree.priorities.map((p, i) => [p.id, priorityHeading(label, i + 1)]));
    out.push({ type: 'heading', level: 1, text: pluralNoun(labels.theme) });
    for (const t of tree.themes) {
      const across = t.priorityIds
        .map((id) => names.get(id))
        .filter(Boolean)
        .join(', ');
      out.push(
        { type: 'heading', level: 2, text: t.title },
        { type: 'text', blocks: [...textBlocks(t.description), ...(across ? [{ type: 'paragraph' as const, text: `Runs across: ${across}.` }] : [])] },
      );
    }
  }

  const force = forcePriorityRows(tree);
  if (force.length) {
    out.push(
      { type: 'heading', level: 1, text: 'Force priorities' },
      {
        type: 'table',
        caption: `The force’s priorities and areas of focus under each ${label.toLowerCase()}, with the lead for each.`,
        head: [label, 'Force priority', 'Areas of focus', 'Lead'],
        rows: force.map((r) => [r.priority, r.forcePriority, r.areasOfFocus, r.lead]),
      },
    );
  }
  const perf = performanceRows(tree);
  if (perf.length) {
    out.push(
      { type: 'heading', level: 1, text: 'Performance' },
      {
        type: 'table',
        caption: `How performance against each ${label.toLowerCase()} will be measured.`,
        head: [label, 'Measure', 'Intended outcome'],
        rows: perf.map((r) => [r.priority, r.measure, r.outcome]),
      },
    );
  }
  for (const s of tree.sections) out.push({ type: 'heading', level: 1, text: s.title }, { type: 'text', blocks: textBlocks(s.body) });
  return { title: facts.documentTitle, blocks: out };
}
