import { formatDate } from '../../../platform/views.js';
import type { PlanRef } from '../deps.js';
import type { Consultation, Method, Survey } from '../engagementRepository.js';
import { STAGE_LABELS } from '../consultationsService.js';
import type { MethodKind } from '../schema.js';

export const METHOD_LABELS: Record<MethodKind, string> = {
  'online-survey': 'Online survey',
  roadshow: 'Roadshow',
  'engagement-stall': 'Engagement stall',
  'focus-group': 'Focus group',
  briefing: 'Briefing or meeting',
  workshop: 'Workshop',
  'paper-form': 'Paper form',
};

export const CHANNEL_LABELS: Record<string, string> = {
  online: 'Online',
  roadshow: 'Roadshow',
  'engagement-stall': 'Engagement stall',
  'focus-group': 'Focus group',
  briefing: 'Briefing or meeting',
  workshop: 'Workshop',
  'paper-form': 'Paper form',
};

const STAGE_TAG: Record<string, string> = {
  draft: 'govuk-tag--yellow',
  planned: 'govuk-tag--grey',
  open: 'govuk-tag--green',
  closed: 'govuk-tag--blue',
  analysed: 'govuk-tag--purple',
  'feedback-published': 'govuk-tag--turquoise',
};

export function stageTag(stage: Consultation['stage']) {
  return { text: STAGE_LABELS[stage], classes: STAGE_TAG[stage] };
}

/** In one sentence, what happens next to a consultation at its stage, and who does it (for staff). */
export function consultationNextStep(c: Pick<Consultation, 'stage' | 'opensOn' | 'closesOn'>, today: string): string {
  switch (c.stage) {
    case 'draft':
      return c.opensOn <= today
        ? `Next, an editor publishes this draft: it opens to the public at once and residents subscribed to new consultations are told.`
        : `Next, an editor publishes this draft: the public then see it as forthcoming until it opens on ${formatDate(c.opensOn)}, and residents subscribed to new consultations are told.`;
    case 'planned':
      return `Next, an editor opens the consultation on ${formatDate(c.opensOn)}, when the public can start to respond.`;
    case 'open':
      return `Next, the public respond until ${formatDate(c.closesOn)}; then an editor closes the consultation.`;
    case 'closed':
      return 'Next, analysts code the responses into themes; then an editor marks the consultation as analysed.';
    case 'analysed':
      return 'Next, an editor or the commissioner publishes the feedback: the summary of results and “you said, we did”.';
    case 'feedback-published':
      return 'Nothing more is due: the feedback has been published.';
  }
}

export function dateRange(from: string | null, to: string | null): string {
  if (from && to) return from === to ? formatDate(from) : `${formatDate(from)} to ${formatDate(to)}`;
  if (from) return `From ${formatDate(from)}`;
  if (to) return `Until ${formatDate(to)}`;
  return 'Dates to be confirmed';
}

function card(c: Consultation) {
  return {
    title: c.title,
    href: `/consultations/${encodeURIComponent(c.reference)}`,
    purpose: c.purpose,
    dates: dateRange(c.opensOn, c.closesOn),
    extended: !!c.extensionReason,
    tag: stageTag(c.stage),
    resultsHref: c.stage === 'feedback-published' ? `/consultations/${encodeURIComponent(c.reference)}/you-said-we-did` : null,
  };
}

export function hubView(hub: { open: Consultation[]; forthcoming: Consultation[]; closed: Consultation[] }) {
  return { open: hub.open.map(card), forthcoming: hub.forthcoming.map(card), closed: hub.closed.map(card) };
}

export function methodRows(ms: Method[]) {
  return ms.map((m) => ({
    id: m.id,
    kind: METHOD_LABELS[m.kind] ?? m.kind,
    description: m.description,
    dates: dateRange(m.startsOn, m.endsOn),
    places: m.places,
    targetGroups: m.targetGroups,
  }));
}

export function consultationPublicView(c: Consultation & { methods: Method[]; liveSurvey: Survey | null }, plan: PlanRef | undefined) {
  const priorities = plan ? plan.priorities.filter((p) => c.priorityReferences.includes(p.reference)) : [];
  return {
    consultation: {
      title: c.title,
      reference: c.reference,
      purpose: c.purpose,
      audience: c.audience,
      areas: c.areas,
      tag: stageTag(c.stage),
      opensOn: c.opensOn,
      closesOn: c.closesOn,
      extension: c.extensionReason ? { originalClosesOn: c.originalClosesOn, reason: c.extensionReason } : null,
      canRespond: c.stage === 'open' && !!c.liveSurvey,
      respondHref: `/consultations/${encodeURIComponent(c.reference)}/respond`,
      resultsHref: c.stage === 'feedback-published' ? `/consultations/${encodeURIComponent(c.reference)}/you-said-we-did` : null,
      resultsSummary: c.stage === 'feedback-published' ? c.resultsSummary : null,
    },
    plan: plan ? { title: plan.title, href: `/plans/${encodeURIComponent(plan.reference)}`, priorities: priorities.map((p) => p.title) } : null,
    methods: methodRows(c.methods),
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Consultations', href: '/consultations' },
    ],
  };
}
