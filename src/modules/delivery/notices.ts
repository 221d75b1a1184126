import type { Db } from '../../db/index.js';
import type { Task, TaskUser } from '../../platform/context.js';
import type { NotificationEvent, Notifications } from '../../platform/notifications.js';
import type { Subscriptions } from '../../platform/subscriptions.js';
import { deliveryPaths } from './presenters/planLinks.js';
import type { Actor, Role } from '../../platform/roles.js';
import { deliveryPermissions } from './deliveryPermissions.js';
import type { Action, Update } from './deliveryRepository.js';
import type { Period } from './periods.js';

/** Those who approve updates (an administrator can, but it is not their duty). */
const APPROVERS: Role[] = deliveryPermissions.table['delivery:review'].filter((r) => r !== 'admin');

export const DELIVERY_EVENTS: NotificationEvent[] = [
  { event: 'delivery.update-submitted', label: 'An update on a delivery action waits for your approval', roles: APPROVERS, duty: APPROVERS },
  {
    event: 'delivery.update-returned',
    label: 'An update you posted was returned to you',
    roles: ['force-lead', 'editor', 'admin'],
    duty: ['force-lead'],
  },
  { event: 'delivery.update-approved', label: 'An update you posted was approved', roles: ['force-lead', 'editor', 'admin'] },
];

const actionPath = (a: Pick<Action, 'id'>) => `/admin/delivery/actions/${a.id}`;

/** Tells the approvers an update waits for them (in the update's transaction). */
export async function noticeSubmitted(n: Notifications | undefined, tx: Db, actor: Actor, action: Action, u: Update) {
  await n?.notify(tx, {
    event: 'delivery.update-submitted',
    to: { roles: APPROVERS, exceptUserIds: [actor.id] },
    subject: `Update to approve: ${action.reference} ${action.title}`,
    body: `${actor.label} posted update ${u.reference} on the action "${action.title}" (progress ${u.progress}%, as of ${u.asOf}). Approve it or return it with a reason.`,
    link: '/admin/delivery/reviews',
    dedupeKey: `delivery.update-submitted:${u.id}`,
  });
}

/** Tells the action's owner (and the update's author) it was approved or returned, with the reason. */
export async function noticeReviewed(n: Notifications | undefined, tx: Db, actor: Actor, action: Action, u: Update, reason: string | null) {
  const approved = reason === null;
  await n?.notify(tx, {
    event: approved ? 'delivery.update-approved' : 'delivery.update-returned',
    to: { userIds: [action.ownerId, u.authorId].filter((x): x is string => Boolean(x)), exceptUserIds: [actor.id] },
    subject: `${approved ? 'Approved' : 'Returned'}: your update ${u.reference} on ${action.reference} ${action.title}`,
    body: approved
      ? `${actor.label} approved update ${u.reference} on "${action.title}". It now shows on the public progress pages if the plan is public.`
      : `${actor.label} returned update ${u.reference} on "${action.title}". The reason given: ${reason}\n\nPlease post a corrected update.`,
    link: actionPath(action),
    dedupeKey: `delivery.update-reviewed:${u.id}`,
  });
}

/** An annual report put on the public site: residents subscribed to annual reports are told (once). */
export async function noticeAnnualReport(subs: Subscriptions | undefined, tx: Db, dp: { id: string; reference: string; title: string }, label: string) {
  await subs?.notifySubscribers(tx, 'annual-reports', {
    subject: `Annual report ${label} published`,
    body: `The annual report ${label} of "${dp.title}" is published: what was done, and how it went.`,
    link: deliveryPaths.annualReport(dp.reference),
    dedupeKey: `annual-report:${dp.id}`,
  });
}

/** The delivery tasks of one person: their own actions' updates due or overdue, and updates to approve. */
export function deliveryTasks(
  user: TaskUser,
  data: {
    due: (Action & { period: Period })[];
    overdue: (Action & { period: Period | null; dueDate?: string | null })[];
    pending: { id: string; reference: string; action: Pick<Action, 'id' | 'reference' | 'title'> }[];
  },
): Task[] {
  const own = (a: Action) => a.ownerId === user.id;
  const tasks: Task[] = [];
  const overdueIds = new Set(data.overdue.filter(own).map((a) => `${a.id}/${a.period?.key ?? ''}`));
  for (const a of data.overdue.filter(own)) {
    tasks.push({
      kind: 'delivery.update-overdue',
      title: a.period
        ? `Post the overdue ${a.period.label} update on ${a.reference} ${a.title}`
        : `Bring ${a.reference} ${a.title} up to date: it is past its due date`,
      due: a.period?.due ?? a.dueDate ?? null,
      overdue: true,
      href: actionPath(a),
    });
  }
  for (const a of data.due.filter(own)) {
    if (overdueIds.has(`${a.id}/${a.period.key}`)) continue;
    tasks.push({
      kind: 'delivery.update-due',
      title: `Post the ${a.period.label} update on ${a.reference} ${a.title}`,
      due: a.period.due,
      href: actionPath(a),
    });
  }
  if (deliveryPermissions.can(user.role, 'delivery:review')) {
    for (const u of data.pending) {
      tasks.push({
        kind: 'delivery.approve-update',
        title: `Approve or return update ${u.reference} on ${u.action.reference} ${u.action.title}`,
        href: '/admin/delivery/reviews',
      });
    }
  }
  return tasks;
}
