import type { Task } from '../context.js';
import type { DeliveryMode, Notification, NotificationEvent } from '../notifications.js';

const MODE_TEXT: Record<DeliveryMode, string> = {
  immediate: 'E-mail me at once',
  digest: 'In a daily summary e-mail',
  off: 'Do not e-mail me (show it in my tasks only)',
};

function daysFrom(today: string, iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** How soon, in words: "Overdue by 3 days", "Due today", "In 5 days". */
export function whenText(task: Pick<Task, 'due' | 'overdue'>, today: string): string {
  if (!task.due) return 'Waiting';
  const d = daysFrom(today, task.due);
  if (d < 0) return `${task.overdue === false ? 'Was' : 'Overdue by'} ${-d} ${-d === 1 ? 'day' : 'days'}`;
  if (task.overdue) return 'Overdue';
  if (d === 0) return 'Today';
  if (d === 1) return 'Tomorrow';
  return `In ${d} days`;
}

/** The task list as rows for the home page (dates shown in words by the view). */
export function taskRows(tasks: (Task & { module: string })[], today: string) {
  return tasks.map((t) => ({ ...t, when: whenText(t, today), late: Boolean(t.overdue || (t.due && t.due < today)) }));
}

/** A person's notifications for the home page: local links kept local, newest first. */
export function notificationRows(rows: Notification[], baseUrl: string) {
  const base = baseUrl.replace(/\/$/, '');
  return rows.map((n) => ({
    id: n.id,
    subject: n.subject,
    body: n.body,
    href: n.link && n.link.startsWith(`${base}/`) ? n.link.slice(base.length) : n.link?.startsWith('/') ? n.link : null,
    at: n.createdAt,
    unread: !n.readAt,
  }));
}

/** The preferences form's radios: "off" only where the event is not the person's duty. */
export function preferenceItems(
  p: { defaultMode: DeliveryMode; events: (NotificationEvent & { isDuty: boolean; mode: DeliveryMode })[] },
  values?: Record<string, unknown>,
) {
  const chosen = (name: string, fallback: string) => values?.[name] ?? fallback;
  return {
    defaultItems: (['immediate', 'digest'] as const).map((m) => ({ value: m, text: MODE_TEXT[m], checked: chosen('defaultMode', p.defaultMode) === m })),
    events: p.events.map((e, i) => ({
      name: `event${i}`,
      event: e.event,
      label: e.label,
      isDuty: e.isDuty,
      items: (e.isDuty ? (['immediate', 'digest'] as const) : DELIVERY).map((m) => ({
        value: m,
        text: MODE_TEXT[m],
        checked: chosen(`event${i}`, e.mode) === m,
      })),
    })),
  };
}
const DELIVERY = ['immediate', 'digest', 'off'] as const;
