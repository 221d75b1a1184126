import type { Role } from '../../platform/roles.js';
import type { PlanStatus } from './schema.js';

export const STATUS_LABELS: Record<PlanStatus, string> = {
  draft: 'Draft',
  consultation: 'Consultation',
  'panel-review': 'Panel review',
  published: 'Published',
  superseded: 'Superseded',
};

/** Where a plan stands, as words that finish the sentence "This plan is …". */
export function statusInWords(status: PlanStatus, scrutinyBodyName = 'Police and Crime Panel'): string {
  switch (status) {
    case 'draft':
      return 'a draft';
    case 'consultation':
      return 'out for consultation';
    case 'panel-review':
      return `with the ${scrutinyBodyName} for review`;
    case 'published':
      return 'published';
    case 'superseded':
      return 'superseded';
  }
}

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

/** The names the sentences use: the settings of the policing area. */
export interface StageNames {
  bodyShortName: string;
  electedHeadTitle: string;
  scrutinyBodyName: string;
}

/** In one sentence, what happens next to a plan in this stage and who does it. */
export function nextStep(status: PlanStatus, n: StageNames): string {
  switch (status) {
    case 'draft':
      return `Next, the ${n.bodyShortName} editors finish the draft and open its public consultation (or send it straight to the ${n.scrutinyBodyName} for review).`;
    case 'consultation':
      return `Next, residents read the draft and respond until the consultation closes; then the ${n.bodyShortName} editors send the draft to the ${n.scrutinyBodyName} for review.`;
    case 'panel-review':
      return `Next, the ${n.scrutinyBodyName} reviews the draft at its meeting and records its report; then the ${n.electedHeadTitle} responds to the report and publishes the plan.`;
    case 'published':
      return `Next, the ${n.bodyShortName} editors start the delivery plan of each financial year from this plan, and force leads report on its actions every quarter.`;
    case 'superseded':
      return 'Nothing more happens to this version: a newer version of the plan is in force.';
  }
}

/** What moving a plan into each stage sets off, said on the page that moves it. */
export const HANDOVERS: Partial<Record<PlanStatus, string>> = {
  consultation:
    'A public consultation on this draft opens today with a short survey, and the public can read the draft, marked as a draft for consultation, until the closing date.',
  'panel-review':
    'The draft goes on the agenda of the Panel’s next meeting and the Panel’s members are told. If no meeting is scheduled, the plan’s page asks for one.',
  published:
    'Publishing needs the commissioner’s recorded response to the Panel’s report on this version (Police Reform and Social Responsibility Act 2011, section 28(3)). The response is published beside the plan, and subscribers are told.',
};

/** The closing date offered when a consultation opens: six weeks later (ISO date). */
export function defaultClosingDate(today: Date): string {
  return new Date(today.getTime() + 42 * 86_400_000).toISOString().slice(0, 10);
}
