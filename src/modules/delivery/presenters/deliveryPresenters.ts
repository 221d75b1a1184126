import type { PublicUser } from '../../../platform/identity/usersService.js';
import { deliveryPaths } from './planLinks.js';
import type { Block, ReportDocument } from '../reports/blocks.js';
import type { PlanTree } from '../planTypes.js';
import type { Action } from '../deliveryRepository.js';
import { ROLLUP_FORMULA, type Rollup } from '../rollup.js';
import { RAG_LABELS, RAGS, STATUSES, type StatusDef } from '../statuses.js';

/** What an action serves, as one select: a priority, or a commitment under it. */
export function servesOptions(tree: PlanTree, selected?: string) {
  const items: { value: string; text: string; selected?: boolean }[] = [{ value: '', text: 'Choose a priority or commitment' }];
  for (const p of tree.priorities) {
    items.push({ value: `p:${p.id}`, text: `${p.reference}: ${p.title}` });
    for (const c of p.commitments) items.push({ value: `c:${c.id}`, text: `— ${c.reference}: ${c.title}` });
  }
  return items.map((i) => ({ ...i, selected: i.value === selected }));
}

/** The priority and commitment of a "serves" value, or undefined if the plan has neither. */
export function parseServes(tree: PlanTree, value: string): { priorityId: string; commitmentId: string | null } | undefined {
  const [kind, id] = value.split(':');
  if (kind === 'p') return tree.priorities.some((p) => p.id === id) ? { priorityId: id, commitmentId: null } : undefined;
  if (kind === 'c') {
    const p = tree.priorities.find((x) => x.commitments.some((c) => c.id === id));
    return p ? { priorityId: p.id, commitmentId: id } : undefined;
  }
  return undefined;
}

export function servesValue(a: Pick<Action, 'priorityId' | 'commitmentId'>): string {
  return a.commitmentId ? `c:${a.commitmentId}` : `p:${a.priorityId}`;
}

export function statusOptions(selected?: string, opts: { includeAll?: string } = {}, list: readonly StatusDef[] = STATUSES) {
  const items = list.map((s) => ({ value: s.key, text: s.label, selected: s.key === selected }));
  return opts.includeAll ? [{ value: '', text: opts.includeAll, selected: !selected }, ...items] : items;
}

export function ownerOptions(people: PublicUser[], selected?: string | null) {
  return [
    { value: '', text: 'No owner yet', selected: !selected },
    ...people
      .filter((u) => u.status === 'active' && ['force-lead', 'editor', 'admin'].includes(u.role))
      .map((u) => ({ value: u.id, text: `${u.name} (${u.organisation ?? u.role})`, selected: u.id === selected })),
  ];
}

/** The form values of an existing action (for its edit page). */
export function actionFormValues(a: Action) {
  return {
    reference: a.reference,
    title: a.title,
    description: a.description ?? '',
    priority: servesValue(a),
    ownerId: a.ownerId ?? '',
    leadOrganisation: a.leadOrganisation ?? '',
    startDate: a.startDate ?? '',
    dueDate: a.dueDate ?? '',
    weight: a.weight === null ? '' : String(a.weight),
    status: a.status,
    progress: String(a.progress),
    areaCodes: a.areaCodes.join('\n'),
    measureLinks: a.measureLinks.join('\n'),
  };
}

/** A roll-up for display: the figure, the words for it, the formula and the working. */
export function rollupDisplay(r: Rollup) {
  return {
    value: r.value,
    text: r.value === null ? 'No actions' : `${r.value}%`,
    width: r.value === null ? 0 : Math.max(0, Math.min(100, r.value)),
    count: r.count,
    formula: ROLLUP_FORMULA,
    working: r.working,
    weightsNote: r.weighted ? `Weighted: the weights add up to ${r.totalWeight}.` : 'No action has a weight, so every action counts the same (the plain mean).',
  };
}

/** Query filters for the public progress page, checked against what exists. */
export function progressFilters(query: Record<string, unknown>, organisations: string[], list: readonly StatusDef[] = STATUSES) {
  const status = typeof query.status === 'string' && list.some((s) => s.key === query.status) ? query.status : undefined;
  const organisation = typeof query.organisation === 'string' && organisations.includes(query.organisation) ? query.organisation : undefined;
  return {
    status,
    organisation,
    statusItems: statusOptions(status, { includeAll: 'Any status' }, list),
    organisationItems: [
      { value: '', text: 'Any organisation', selected: !organisation },
      ...organisations.map((o) => ({ value: o, text: o, selected: o === organisation })),
    ],
    active: Boolean(status || organisation),
  };
}

/** Rows of the statuses settings form: each status with its label and RAG choices. */
export function statusSettingsRows(list: readonly StatusDef[], values?: Record<string, unknown>) {
  return list.map((s) => {
    const rag = String(values?.[`rag-${s.key}`] ?? s.rag);
    return {
      key: s.key,
      label: String(values?.[`label-${s.key}`] ?? s.label),
      ragItems: RAGS.map((r) => ({
        value: r,
        text: RAG_LABELS[r] === 'Complete' ? 'Blue (complete)' : RAG_LABELS[r] === 'Not rated' ? 'Grey (not rated)' : RAG_LABELS[r],
        selected: r === rag,
      })),
      rules: [s.closed ? 'no more updates due' : 'updates due each quarter', s.excludedFromRollup ? 'left out of the roll-up' : 'counted in the roll-up'].join(
        '; ',
      ),
    };
  });
}

/** A block of the annual report as the HTML page shows it: headings one level below the page's h1. */
export type HtmlBlock =
  | { type: 'heading'; tag: 'h2' | 'h3'; classes: string; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'bullets'; items: string[] }
  | { type: 'table'; caption: string; head: { text: string }[]; rows: { text: string }[][] };

/** The same blocks as the Word and PDF versions, for the public HTML page (the title is its h1). */
export function annualReportHtml(doc: ReportDocument): { title: string; blocks: HtmlBlock[] } {
  const blocks = doc.blocks.flatMap((b: Block): HtmlBlock[] => {
    if (b.type === 'title') return [];
    if (b.type === 'heading')
      return [
        b.level === 1
          ? { type: 'heading', tag: 'h2', classes: 'govuk-heading-l', text: b.text }
          : { type: 'heading', tag: 'h3', classes: 'govuk-heading-m', text: b.text },
      ];
    if (b.type === 'table')
      return [{ type: 'table', caption: b.caption, head: b.head.map((text) => ({ text })), rows: b.rows.map((r) => r.map((text) => ({ text }))) }];
    return [b];
  });
  return { title: doc.title, blocks };
}

/** The public page of a published annual report: the same content as its Word and PDF versions. */
export function publicAnnualReportPage(
  r: {
    deliveryPlan: { reference: string; title: string; annualReportPublishedAt: Date | null };
    plan: { reference: string; title: string };
    pastLabel: string;
  },
  doc: ReportDocument,
) {
  const ref = r.deliveryPlan.reference;
  return {
    title: doc.title,
    page: annualReportHtml(doc),
    plan: { title: r.plan.title },
    publishedAt: r.deliveryPlan.annualReportPublishedAt,
    pastLabel: r.pastLabel,
    deliveryPlanTitle: r.deliveryPlan.title,
    links: {
      progress: deliveryPaths.plan(ref),
      docx: deliveryPaths.annualReportDocx(ref),
      pdf: deliveryPaths.annualReportPdf(ref),
      planPage: `/plans/${encodeURIComponent(r.plan.reference)}`,
    },
    breadcrumbs: [{ text: 'Progress', href: '/delivery' }, { text: r.deliveryPlan.title, href: deliveryPaths.plan(ref) }, { text: doc.title }],
  };
}

export { deliveryPaths, planDeliveryLinks } from './planLinks.js';
