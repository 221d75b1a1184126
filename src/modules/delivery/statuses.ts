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
    return o ? { ...s, label: o.label, rag: (RAGS as readonly string[]).includes(o.rag) ? (o.rag as Rag) : s.rag } : { ...s };
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
