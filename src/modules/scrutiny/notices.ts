import type { NotificationEvent } from '../../platform/notifications.js';
import type { Db } from '../../db/index.js';
import type { Task, TaskUser } from '../../platform/context.js';
import type { Platform } from '../../platform/context.js';
import type { Actor, Role } from '../../platform/roles.js';
import type { Deadline } from './calendar.js';
import { addDays } from '../../platform/dates.js';
import { scrutinyPermissions as perms } from './scrutinyPermissions.js';

type Notify = Pick<Platform, 'notifications' | 'subscriptions'>;
const A = '/admin/scrutiny';

export const SCRUTINY_EVENTS: NotificationEvent[] = [
  {
    event: 'scrutiny.recommendation-made',
    label: 'The Panel made a recommendation you must answer',
    roles: ['commissioner', 'editor'],
    duty: ['commissioner'],
  },
  { event: 'scrutiny.response-published', label: 'The commissioner published a response to the Panel', roles: ['panel-member', 'editor'] },
];

interface Rec {
  id: string;
  position: number;
  responseDue: string;
  text?: string | null;
}
interface Report {
  id: string;
  title: string;
  published: boolean;
}

/** A recommendation made: the commissioner must answer it by its due date. */
export async function noticeRecommendation(p: Notify | undefined, tx: Db, actor: Actor, report: Report, rec: Rec) {
  await p?.notifications.notify(tx, {
    event: 'scrutiny.recommendation-made',
    to: { roles: ['commissioner'], exceptUserIds: [actor.id] },
    subject: `The Panel’s recommendation ${rec.position} on "${report.title}": response due ${rec.responseDue}`,
    body: `The Panel made recommendation ${rec.position} in its report "${report.title}". A response is due by ${rec.responseDue} (Police Reform and Social Responsibility Act 2011).`,
    link: `${A}/reports/${report.id}`,
    dedupeKey: `scrutiny.recommendation-made:${rec.id}`,
  });
}

/** A response published: the Panel's members are told, and so are subscribers to Panel news. */
export async function noticeResponsePublished(p: Notify | undefined, tx: Db, actor: Actor, report: Report, rec: Rec & { response: string | null }) {
  if (!p) return;
  const subject = `Response published to the Panel’s recommendation ${rec.position} on "${report.title}"`;
  const body = `The response to recommendation ${rec.position} of "${report.title}" was published: ${rec.response ?? ''}.`;
  await p.notifications.notify(tx, {
    event: 'scrutiny.response-published',
    to: { roles: ['panel-member'], exceptUserIds: [actor.id] },
    subject,
    body,
    link: `${A}/reports/${report.id}`,
    dedupeKey: `scrutiny.response-published:${rec.id}`,
  });
  if (report.published)
    await p.subscriptions.notifySubscribers(tx, 'panel', { subject, body, link: `/scrutiny/panel-reports/${report.id}`, dedupeKey: `response:${rec.id}` });
}

/** A Panel report put on the public site: subscribers to Panel news are told (once per report). */
export async function noticeReportPublished(p: Notify | undefined, tx: Db, report: Report) {
  if (!p || !report.published) return;
  await p.subscriptions.notifySubscribers(tx, 'panel', {
    subject: `New Panel report: ${report.title}`,
    body: `The Panel published its report "${report.title}".`,
    link: `/scrutiny/panel-reports/${report.id}`,
    dedupeKey: `report:${report.id}`,
  });
}

const MEETING_ROLES: Record<string, Role[]> = {
  panel: ['admin', 'editor', 'commissioner', 'panel-member'],
  accountability: ['admin', 'editor', 'commissioner', 'force-lead'],
};
const STATUTORY_ROLES: Role[] = ['admin', 'editor', 'commissioner', 'panel-member'];

/**
 * The person's scrutiny tasks from the statutory calendar: responses to the Panel and HMICFRS
 * comments not yet done (also overdue ones), meetings and statutory dates in the next 30 days.
 * Each links to a staff page the role may open.
 */
export function scrutinyTasks(user: TaskUser, today: string, deadlines: (Deadline & { meetingKind?: string })[]): Task[] {
  const soon = addDays(today, 30);
  const out: Task[] = [];
  const id = (d: Deadline) => d.uid.replace(/^[a-z]+-/, '');
  for (const d of deadlines) {
    if (d.done) continue;
    const upcoming = d.date >= today && d.date <= soon;
    const base = { due: d.date, overdue: d.date < today, detail: d.detail };
    if (d.kind === 'recommendation-response' && perms.can(user.role, 'recommendation:respond')) {
      out.push({ ...base, kind: 'scrutiny.recommendation-response', title: d.title, href: `${A}/reports/${d.href?.split('/').pop()}` });
    } else if (d.kind === 'hmicfrs-comments' && perms.can(user.role, 'inspection:comment')) {
      out.push({ ...base, kind: 'scrutiny.hmicfrs-comments', title: d.title, href: `${A}/inspections/${id(d)}` });
    } else if (d.kind === 'meeting' && upcoming && (MEETING_ROLES[d.meetingKind ?? 'panel'] ?? []).includes(user.role)) {
      out.push({ ...base, overdue: false, kind: 'scrutiny.meeting', title: `Meeting: ${d.title}`, href: `${A}/meetings/${id(d)}` });
    } else if (
      ['plan-issue', 'precept-proposal', 'precept-panel-report', 'annual-report'].includes(d.kind) &&
      upcoming &&
      STATUTORY_ROLES.includes(user.role)
    ) {
      out.push({ ...base, overdue: false, kind: 'scrutiny.statutory-date', title: d.title, href: `${A}/calendar` });
    } else if (d.kind === 'risk-review' && upcoming && perms.can(user.role, 'risk:manage')) {
      out.push({ ...base, kind: 'scrutiny.risk-review', title: d.title, href: `${A}/risks` });
    } else if (d.kind === 'action' && (upcoming || d.date < today) && perms.can(user.role, 'accountability:answer')) {
      out.push({ ...base, kind: 'scrutiny.action', title: d.title, href: `${A}/actions` });
    }
  }
  return out;
}
