import type { Db } from '../../db/index.js';
import type { Platform, Task, TaskUser } from '../../platform/context.js';
import type { Role } from '../../platform/roles.js';
import { formatDate } from '../../platform/views.js';
import { engagementPermissions as perms } from './engagementPermissions.js';

export type EngagementNotify = Pick<Platform, 'notifications' | 'subscriptions'>;

interface ConsultationRef {
  id: string;
  reference: string;
  title: string;
  closesOn: string;
  opensOn?: string;
  stage: string;
}

/** A consultation opened: residents subscribed to new consultations are told (once). */
export async function noticeConsultationOpened(n: EngagementNotify | undefined, tx: Db, c: ConsultationRef) {
  await n?.subscriptions.notifySubscribers(tx, 'consultations', {
    subject: `New consultation: ${c.title}`,
    body: `A new consultation is open: "${c.title}". Tell us what you think by ${c.closesOn}.`,
    link: `/consultations/${encodeURIComponent(c.reference)}`,
    dedupeKey: `consultation-open:${c.id}`,
  });
}

/**
 * A draft was published: residents subscribed to new consultations are told now (never when it is
 * created). One message per consultation: a forthcoming one is not announced again when it opens.
 */
export async function noticeConsultationPublished(n: EngagementNotify | undefined, tx: Db, c: ConsultationRef) {
  if (c.stage === 'open') return noticeConsultationOpened(n, tx, c);
  await n?.subscriptions.notifySubscribers(tx, 'consultations', {
    subject: `New consultation: ${c.title}`,
    body: `A new consultation, "${c.title}", opens on ${c.opensOn ? formatDate(c.opensOn) : 'a date to be announced'}. Tell us what you think by ${formatDate(c.closesOn)}.`,
    link: `/consultations/${encodeURIComponent(c.reference)}`,
    dedupeKey: `consultation-open:${c.id}`,
  });
}

/** A survey response with an e-mail address: an acknowledgement with its reference, in the response's transaction. */
export async function noticeResponseReceived(
  n: EngagementNotify | undefined,
  tx: Db,
  email: string,
  c: Pick<ConsultationRef, 'title' | 'reference'>,
  reference: string,
) {
  await n?.notifications.notify(tx, {
    event: 'engagement.response-received',
    to: { emails: [email.toLowerCase()] },
    subject: `We received your response (${reference})`,
    body: `Thank you for responding to "${c.title}". Your reference is ${reference}. Quote it if you contact us about your response.`,
    link: `/consultations/${encodeURIComponent(c.reference)}`,
    dedupeKey: `engagement.response-received:${reference}`,
  });
}

const CLOSING_ROLES: Role[] = ['admin', 'editor', 'analyst', 'commissioner'];

/** Open consultations closing in the next 30 days (for the people who run and analyse them). */
export function engagementTasks(user: TaskUser, today: string, soon: string, consultations: ConsultationRef[]): Task[] {
  if (!CLOSING_ROLES.includes(user.role) || !perms.can(user.role, 'engagement:view')) return [];
  return consultations
    .filter((c) => c.stage === 'open' && c.closesOn >= today && c.closesOn <= soon)
    .map((c) => ({
      kind: 'engagement.consultation-closing',
      title: `Consultation closes: ${c.title}`,
      detail: 'Check the responses and plan the analysis.',
      due: c.closesOn,
      href: `/admin/engagement/consultations/${c.id}`,
    }));
}
