import type { Db } from '../../db/index.js';
import type { Notifications } from '../../platform/notifications.js';
import type { Task, TaskUser } from '../../platform/context.js';
import { resourcesPermissions as perms } from './resourcesPermissions.js';
import type { grantsRepository } from './grantsRepository.js';

/** The grant applications this person is to score. */
export function resourcesTasks(user: TaskUser, rows: Awaited<ReturnType<typeof grantsRepository.applicationsToScore>>): Task[] {
  if (!perms.can(user.role, 'funds:assess') || !perms.can(user.role, 'resources:view')) return [];
  return rows.map((a) => ({
    kind: 'resources.score-application',
    title: `Score grant application ${a.reference} from ${a.organisation}`,
    detail: `${a.fundName}: ${a.roundTitle}`,
    href: `/admin/resources/grants/applications/${a.id}`,
  }));
}

/** A grant application received: an acknowledgement to the applicant with its reference (in the same transaction). */
export async function noticeApplicationReceived(
  n: Notifications | undefined,
  tx: Db,
  a: { reference: string; contactEmail: string; organisation: string },
  roundTitle: string,
) {
  await n?.notify(tx, {
    event: 'resources.application-received',
    to: { emails: [a.contactEmail] },
    subject: `We received your grant application ${a.reference}`,
    body: `Thank you. We received the application from ${a.organisation} to "${roundTitle}". Its reference is ${a.reference}: quote it if you contact us about it. We will tell you the decision.`,
    dedupeKey: `resources.application-received:${a.reference}`,
  });
}
