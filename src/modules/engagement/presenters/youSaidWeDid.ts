import type { EngagementService } from '../engagementService.js';
import { CHANNEL_LABELS } from './consultationView.js';

type Data = Awaited<ReturnType<EngagementService['youSaidWeDid']>>;

/** Only aggregates and quotations an editor published: never an individual's free text. */
export function youSaidWeDidView(d: Data) {
  const ref = encodeURIComponent(d.consultation.reference);
  return {
    consultation: { title: d.consultation.title, href: `/consultations/${ref}`, resultsSummary: d.consultation.resultsSummary },
    total: d.total,
    synthetic: d.synthetic,
    codedResponses: d.codedResponses,
    channels: d.byChannel.map(([channel, n]) => [{ text: CHANNEL_LABELS[channel] ?? channel }, { text: String(n), format: 'numeric' }]),
    priorityLabel: d.plan?.priorityLabel ?? 'Priority',
    planTitle: d.plan?.title ?? null,
    planHref: d.plan ? `/plans/${encodeURIComponent(d.plan.reference)}` : null,
    themes: d.themes.map((t) => ({
      label: t.label,
      description: t.description,
      count: t.count,
      share: d.codedResponses ? Math.round((t.count / d.codedResponses) * 100) : 0,
      response: t.response,
      subThemes: t.subThemes,
      priorities: t.priorities.map((p) => ({
        text: `${p.reference}: ${p.title}`,
        href: d.plan ? `/plans/${encodeURIComponent(d.plan.reference)}#${encodeURIComponent(p.reference)}` : null,
      })),
      commitments: t.commitments.map((c) => ({ text: `${c.reference}: ${c.title}` })),
      actions: t.actions.map((a) => ({
        text: a.reference ? `${a.reference}: ${a.title}` : a.title,
        status: a.statusLabel ?? a.status ?? null,
        href: a.url ?? a.href ?? null,
      })),
      quotations: t.quotations,
    })),
    otherQuotations: d.otherQuotations,
  };
}
