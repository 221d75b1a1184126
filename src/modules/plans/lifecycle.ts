import type { Role } from '../../platform/roles.js';
import type { PlanStatus } from './schema.js';

export const STATUS_LABELS: Record<PlanStatus, string> = {
  draft: 'Draft',
  consultation: 'Consultation',
  'panel-review': 'Panel review',
  published: 'Published',
  superseded: 'Superseded',
};

interface Transition {
  from: PlanStatus;
  to: PlanStatus;
  roles: readonly Role[];
  label: string;
}

/**
 * The only transitions a plan can make, and who may make each. The commissioner publishes;
 * "superseded" is reached when a newer version is published (or by the commissioner directly).
 */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'draft', to: 'consultation', roles: ['editor', 'admin', 'commissioner'], label: 'Open consultation' },
  { from: 'draft', to: 'panel-review', roles: ['editor', 'admin', 'commissioner'], label: 'Send to the Panel for review' },
  { from: 'consultation', to: 'draft', roles: ['editor', 'admin', 'commissioner'], label: 'Return to draft' },
  { from: 'consultation', to: 'panel-review', roles: ['editor', 'admin', 'commissioner'], label: 'Send to the Panel for review' },
  { from: 'panel-review', to: 'draft', roles: ['editor', 'admin', 'commissioner'], label: 'Return to draft' },
  { from: 'panel-review', to: 'published', roles: ['commissioner'], label: 'Publish' },
  { from: 'published', to: 'superseded', roles: ['commissioner'], label: 'Mark as superseded' },
];

export function findTransition(from: PlanStatus, to: PlanStatus): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

export function canTransition(role: Role | null, from: PlanStatus, to: PlanStatus): boolean {
  const t = findTransition(from, to);
  return Boolean(t && role && t.roles.includes(role));
}

/** The transitions this person may make from this status. */
export function availableTransitions(role: Role | null, from: PlanStatus): Transition[] {
  return TRANSITIONS.filter((t) => t.from === from && role && t.roles.includes(role));
}

/** Plans can be edited only before they are published; a change after that is a new version. */
export function isEditable(status: PlanStatus): boolean {
  return status === 'draft' || status === 'consultation' || status === 'panel-review';
}

/** Visible to the public: published and superseded plans only. */
export function isPublic(status: PlanStatus): boolean {
  return status === 'published' || status === 'superseded';
}
