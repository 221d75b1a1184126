/** Action statuses, each with its RAG colour. The keys are stored; labels are shown. */
export type Rag = 'red' | 'amber' | 'green' | 'blue' | 'grey';

export interface StatusDef {
  key: string;
  label: string;
  rag: Rag;
  /** Finished: no more updates are due and no reminders are sent. */
  closed: boolean;
  /** Left out of the progress roll-up (the action will not be delivered). */
  excludedFromRollup: boolean;
}

export const STATUSES: readonly StatusDef[] = [
  { key: 'not-started', label: 'Not started', rag: 'grey', closed: false, excludedFromRollup: false },
  { key: 'on-track', label: 'On track', rag: 'green', closed: false, excludedFromRollup: false },
  { key: 'at-risk', label: 'At risk', rag: 'amber', closed: false, excludedFromRollup: false },
  { key: 'off-track', label: 'Off track', rag: 'red', closed: false, excludedFromRollup: false },
  { key: 'complete', label: 'Complete', rag: 'blue', closed: true, excludedFromRollup: false },
  { key: 'deferred', label: 'Deferred', rag: 'grey', closed: true, excludedFromRollup: true },
  { key: 'cancelled', label: 'Cancelled', rag: 'grey', closed: true, excludedFromRollup: true },
] as const;

export const STATUS_KEYS = STATUSES.map((s) => s.key);
export const RAG_LABELS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green', blue: 'Complete', grey: 'Not rated' };
const TAG_CLASS: Record<Rag, string> = {
  red: 'govuk-tag--red',
  amber: 'govuk-tag--yellow',
  green: 'govuk-tag--green',
  blue: 'govuk-tag--blue',
  grey: 'govuk-tag--grey',
};

export function statusOf(key: string): StatusDef {
  return STATUSES.find((s) => s.key === key) ?? { key, label: key, rag: 'grey', closed: false, excludedFromRollup: false };
}

export function isStatus(key: string): boolean {
  return STATUS_KEYS.includes(key);
}

/** The label, RAG and govuk-tag class of a status, for views. */
export function statusTag(key: string) {
  const s = statusOf(key);
  return { key: s.key, text: s.label, rag: s.rag, ragLabel: RAG_LABELS[s.rag], classes: TAG_CLASS[s.rag] };
}

/** Accepts a status key or its label ("On track", "on-track", "ON TRACK"). */
export function parseStatus(value: string): string | undefined {
  const v = value.trim().toLowerCase().replace(/\s+/g, '-');
  return STATUSES.find((s) => s.key === v || s.label.toLowerCase().replace(/\s+/g, '-') === v)?.key;
}

export const RAGS: readonly Rag[] = ['red', 'amber', 'green', 'blue', 'grey'];
/** Whether a stored or submitted colour is one of the RAG colours. */
export const isRag = (v: string): v is Rag => RAGS.some((r) => r === v);
/** Whether a stored or submitted key is one of the status keys. */
export const isStatusKey = (v: string) => STATUS_KEYS.some((k) => k === v);

export interface StatusOverride {
  key: string;
  label: string;
  rag: string;
}

/**
 * The statuses as this office has configured them: the fixed keys and rules of STATUSES with the
 * labels and RAG colours from settings.
 */
export function statusCatalogue(overrides: readonly StatusOverride[] = []) {
  const list: StatusDef[] = STATUSES.map((s) => {
    const o = overrides.find((x) => x.key === s.key);
    return o ? { ...s, label: o.label, rag: isRag(o.rag) ? o.rag : s.rag } : { ...s };
  });
  const of = (key: string): StatusDef => list.find((s) => s.key === key) ?? statusOf(key);
  return {
    list,
    of,
    tag(key: string) {
      const s = of(key);
      return { key: s.key, text: s.label, rag: s.rag, ragLabel: RAG_LABELS[s.rag], classes: TAG_CLASS[s.rag] };
    },
  };
}
export type StatusCatalogue = ReturnType<typeof statusCatalogue>;

/**
 * The one rule that decides what an action shows, in the words of the help text (shown on the
 * public progress page and the statuses page). `shownStatus` applies it; its tests hold it.
 */
export const STATUS_RULE: readonly string[] = [
  'A finished action shows how it finished: complete (at 100%), deferred or cancelled.',
  'An action that is not finished and whose due date has passed shows “Overdue”, in red, whatever its last update said. It never shows “On track”.',
  'Any other action shows the status and progress of its latest approved update.',
];

export interface ShownStatus {
  tag: { key: string; text: string; rag: Rag; ragLabel: string; classes: string };
  progress: number;
  overdue: boolean;
}

/** What an action shows (STATUS_RULE): its RAG, its progress and its due date never contradict. */
export function shownStatus(
  a: { status: string; progress: number; dueDate: string | null },
  today: string,
  cat: StatusCatalogue = statusCatalogue(),
): ShownStatus {
  const s = cat.of(a.status);
  if (s.closed) return { tag: cat.tag(a.status), progress: a.status === 'complete' ? 100 : a.progress, overdue: false };
  if (a.dueDate && a.dueDate < today)
    return { tag: { key: 'overdue', text: 'Overdue', rag: 'red', ragLabel: RAG_LABELS.red, classes: TAG_CLASS.red }, progress: a.progress, overdue: true };
  return { tag: cat.tag(a.status), progress: a.progress, overdue: false };
}
