import { formatDate } from '../../../platform/views.js';
import type { Plan } from '../plansRepository.js';

/**
 * A plan version's own facts, as the plan records them: its document title, when it was
 * published, its consultation, its Panel review and who made it. They never come from today's
 * settings, so a later change of the office's title does not relabel an old plan.
 */
export type FactsSource = Pick<
  Plan,
  | 'title'
  | 'documentTitle'
  | 'publishedOn'
  | 'publishedAt'
  | 'consultationOpens'
  | 'consultationCloses'
  | 'consultationExtension'
  | 'panelReviewOn'
  | 'commissionerName'
  | 'commissionerTitle'
>;

export interface PlanFacts {
  documentTitle: string;
  /** YYYY-MM-DD or YYYY-MM: the file's date, else the day it was published in OpenPCC. */
  published: string | null;
  publishedLabel: string | null;
  consultation: { opens: string | null; closes: string | null; extension: string | null; label: string } | null;
  panelReview: string | null;
  panelReviewLabel: string | null;
  commissioner: { name: string | null; title: string | null; label: string } | null;
  /** Key → value rows, for a summary list or a document's title page. */
  rows: { key: string; value: string }[];
}

/** "December 2024" for a month, "10 December 2024" for a day. */
export function dayOrMonthLabel(value: string): string {
  return value.length === 7 ? formatDate(value, 'month') : formatDate(value, 'date');
}

function londonDay(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export function planFacts(plan: FactsSource, opts: { scrutinyBodyName?: string } = {}): PlanFacts {
  const published = plan.publishedOn ?? (plan.publishedAt ? londonDay(new Date(plan.publishedAt)) : null);
  const c =
    plan.consultationOpens || plan.consultationCloses || plan.consultationExtension
      ? { opens: plan.consultationOpens, closes: plan.consultationCloses, extension: plan.consultationExtension }
      : null;
  const consultation = c
    ? {
        ...c,
        label: [
          c.opens && c.closes
            ? `${formatDate(c.opens)} to ${formatDate(c.closes)}`
            : c.opens
              ? `Opened ${formatDate(c.opens)}`
              : c.closes
                ? `Closed ${formatDate(c.closes)}`
                : '',
          c.extension ?? '',
        ]
          .filter(Boolean)
          .join('. '),
      }
    : null;
  const commissioner =
    plan.commissionerName || plan.commissionerTitle
      ? {
          name: plan.commissionerName,
          title: plan.commissionerTitle,
          label: [plan.commissionerName, plan.commissionerTitle].filter(Boolean).join(', '),
        }
      : null;
  const publishedLabel = published ? dayOrMonthLabel(published) : null;
  const panelReviewLabel = plan.panelReviewOn ? formatDate(plan.panelReviewOn) : null;
  const rows = [
    commissioner ? { key: 'Made by', value: commissioner.label } : null,
    consultation ? { key: 'Public consultation', value: consultation.label } : null,
    panelReviewLabel ? { key: `Reviewed by the ${opts.scrutinyBodyName ?? 'Panel'}`, value: panelReviewLabel } : null,
    publishedLabel ? { key: 'Published', value: publishedLabel } : null,
  ].filter((r): r is { key: string; value: string } => Boolean(r));
  return {
    documentTitle: plan.documentTitle ?? plan.title,
    published,
    publishedLabel,
    consultation,
    panelReview: plan.panelReviewOn,
    panelReviewLabel,
    commissioner,
    rows,
  };
}
