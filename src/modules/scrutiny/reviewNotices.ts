import type { Platform } from '../../platform/context.js';
import { formatDate } from '../../platform/views.js';
import type { ReviewNotice } from './planReview.js';

/**
 * Who is told at the Panel review's hand-overs: the Panel's members when a draft is sent to them
 * (with the meeting, or that one is needed), and when the response to their report is published
 * with the plan; the residents subscribed to Panel reports and responses then too.
 */
export function reviewNotices(platform: Pick<Platform, 'notifications' | 'subscriptions' | 'settings'>) {
  platform.notifications.defineEvent({
    event: 'scrutiny.plan-review',
    label: 'A draft plan is sent to the Panel for review',
    roles: ['panel-member', 'admin'],
    duty: ['panel-member'],
  });
  platform.notifications.defineEvent({
    event: 'scrutiny.plan-response-published',
    label: 'The response to the Panel’s report on a plan is published with it',
    roles: ['panel-member', 'admin', 'editor'],
  });

  return async function notify(n: ReviewNotice) {
    const area = await platform.settings.getArea({ tx: n.tx });
    if (n.kind === 'panel-review') {
      const when = n.meeting
        ? `It is on the agenda of “${n.meeting.title}” on ${formatDate(n.meeting.meetingDate)}.`
        : `No ${area.scrutinyBodyName} meeting is scheduled yet: the draft goes on the agenda of the next one as soon as it is added.`;
      await platform.notifications.notify(n.tx, {
        event: 'scrutiny.plan-review',
        to: { roles: ['panel-member'] },
        subject: `For the ${area.scrutinyBodyName}’s review: the draft plan “${n.plan.title}”`,
        body: `The ${area.bodyShortName} has sent the draft plan “${n.plan.title}” (version ${n.plan.version}) to the ${area.scrutinyBodyName} for review. ${when} Read the draft, then record the ${area.scrutinyBodyName}’s report and any recommendations.`,
        link: `/admin/plans/${n.plan.id}`,
        dedupeKey: `plan-review:${n.plan.id}`,
      });
      return;
    }
    const body = `The ${area.electedHeadTitle} has published “${n.plan.title}” and, beside it, the response to the ${area.scrutinyBodyName}’s report on the draft.`;
    await platform.notifications.notify(n.tx, {
      event: 'scrutiny.plan-response-published',
      to: { roles: ['panel-member'] },
      subject: `Published: the response to the ${area.scrutinyBodyName}’s report on “${n.plan.title}”`,
      body,
      link: `/plans/${encodeURIComponent(n.plan.reference)}`,
      dedupeKey: `response-published:${n.plan.id}`,
    });
    await platform.subscriptions.notifySubscribers(n.tx, 'panel', {
      subject: `The response to the ${area.scrutinyBodyName}’s report on “${n.plan.title}”`,
      body,
      link: `/plans/${encodeURIComponent(n.plan.reference)}`,
      dedupeKey: `response-published:${n.plan.id}`,
    });
  };
}
