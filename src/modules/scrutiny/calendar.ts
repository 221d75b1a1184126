import { addDays } from '../../platform/dates.js';
import { annualReportDue, hmicfrsCommentsDue, planIssueDeadline, preceptDeadlines } from './deadlines.js';
import { z } from 'zod';
import { formatDate } from '../../platform/views.js';

/** The module's calendar settings (admin-editable). */
export const calendarSettingsSchema = z.object({
  /** The date of the last ordinary election of the elected head (ISO), if any. */
  lastElectionDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .or(z.literal(''))
    .default(''),
  /** When the annual report is due, as MM-DD after the financial year it covers. */
  annualReportMonthDay: z
    .string()
    .regex(/^\d{2}-\d{2}$/)
    .default('07-31'),
  /** Whom reminders go to (empty: the area's contact e-mail). */
  reminderEmail: z.string().email().or(z.literal('')).default(''),
  /** How many days ahead a reminder is sent. */
  reminderDays: z.coerce.number().int().min(1).max(90).default(14),
});
export type CalendarSettings = z.infer<typeof calendarSettingsSchema>;
export const DEFAULT_CALENDAR_SETTINGS: CalendarSettings = calendarSettingsSchema.parse({});

export type DeadlineKind =
  | 'plan-issue'
  | 'precept-proposal'
  | 'precept-panel-report'
  | 'annual-report'
  | 'hmicfrs-comments'
  | 'recommendation-response'
  | 'action'
  | 'meeting'
  | 'risk-review';

export interface Deadline {
  uid: string;
  date: string;
  kind: DeadlineKind;
  title: string;
  detail: string;
  /** Site path with more detail (public when `isPublic`). */
  href?: string;
  done: boolean;
  isPublic: boolean;
}

export interface CalendarInputs {
  names: { scrutinyBodyName: string; electedHeadTitle: string; chiefOfficerTitle: string; planKind: string };
  settings: CalendarSettings;
  inspections: { id: string; reference: string; title: string; publishedOn: string; commentsPublishedOn: string | null }[];
  recommendations: { id: string; reportTitle: string; reportId: string; position: number; responseDue: string; responded: boolean }[];
  meetings: { id: string; kind: 'panel' | 'accountability'; title: string; meetingDate: string; status: string }[];
  actions: { id: string; description: string; owner: string; dueDate: string; closed: boolean }[];
  risks: { id: string; reference: string; title: string; reviewDate: string; closed: boolean }[];
}

/**
 * Every deadline between `from` and `to` (ISO, inclusive) derived from the records and the
 * settings, sorted by date. Pure: the service gathers the inputs.
 */
export function deriveCalendar(input: CalendarInputs, from: string, to: string): Deadline[] {
  const { names, settings } = input;
  const out: Deadline[] = [];
  const inRange = (d: string) => d >= from && d <= to;
  const push = (d: Deadline) => {
    if (inRange(d.date)) out.push(d);
  };

  if (settings.lastElectionDate) {
    push({
      uid: `plan-issue-${settings.lastElectionDate}`,
      date: planIssueDeadline(settings.lastElectionDate),
      kind: 'plan-issue',
      title: `${names.planKind} to be issued`,
      detail: `After the election of ${settings.lastElectionDate}, the ${names.electedHeadTitle} must issue a ${names.planKind} before the end of that financial year.`,
      href: '/plans',
      done: false,
      isPublic: true,
    });
  }
  const fromYear = Number(from.slice(0, 4));
  const toYear = Number(to.slice(0, 4));
  for (let y = fromYear - 2; y <= toYear + 1; y++) {
    const p = preceptDeadlines(y);
    push({
      uid: `precept-proposal-${y}`,
      date: p.proposalToPanel,
      kind: 'precept-proposal',
      title: `Proposed precept for ${y}/${String(y + 1).slice(2)} to the ${names.scrutinyBodyName}`,
      detail: `The ${names.electedHeadTitle} must notify the ${names.scrutinyBodyName} of the proposed precept by 1 February.`,
      done: false,
      isPublic: true,
    });
    push({
      uid: `precept-panel-${y}`,
      date: p.panelReport,
      kind: 'precept-panel-report',
      title: `${names.scrutinyBodyName} to report on the proposed precept for ${y}/${String(y + 1).slice(2)}`,
      detail: `The ${names.scrutinyBodyName} must review the proposed precept and report by 8 February.`,
      done: false,
      isPublic: true,
    });
    push({
      uid: `annual-report-${y}`,
      date: annualReportDue(y, settings.annualReportMonthDay),
      kind: 'annual-report',
      title: `Annual report for ${y}/${String(y + 1).slice(2)} to the ${names.scrutinyBodyName}`,
      detail: `The ${names.electedHeadTitle}'s annual report on the year April ${y} to March ${y + 1}.`,
      done: false,
      isPublic: true,
    });
  }
  for (const i of input.inspections) {
    push({
      uid: `hmicfrs-${i.id}`,
      date: hmicfrsCommentsDue(i.publishedOn),
      kind: 'hmicfrs-comments',
      title: `Comments due on HMICFRS report: ${i.title}`,
      detail: `Published ${formatDate(i.publishedOn)}; the ${names.electedHeadTitle}'s comments must be published within 56 days (Police Act 1996 s.55).`,
      href: `/scrutiny/inspections/${i.reference}`,
      done: Boolean(i.commentsPublishedOn),
      isPublic: true,
    });
  }
  for (const r of input.recommendations) {
    push({
      uid: `recommendation-${r.id}`,
      date: r.responseDue,
      kind: 'recommendation-response',
      title: `Response due to recommendation ${r.position} of "${r.reportTitle}"`,
      detail: `The ${names.electedHeadTitle}'s response to the ${names.scrutinyBodyName}.`,
      href: `/scrutiny/panel-reports/${r.reportId}`,
      done: r.responded,
      isPublic: true,
    });
  }
  for (const m of input.meetings) {
    if (m.status === 'cancelled') continue;
    push({
      uid: `meeting-${m.id}`,
      date: m.meetingDate,
      kind: 'meeting',
      title: m.title,
      detail: m.kind === 'panel' ? `Meeting of the ${names.scrutinyBodyName}` : `Accountability meeting with the ${names.chiefOfficerTitle}`,
      href: `/scrutiny/meetings/${m.id}`,
      done: m.status === 'held',
      isPublic: true,
    });
  }
  for (const a of input.actions) {
    push({
      uid: `action-${a.id}`,
      date: a.dueDate,
      kind: 'action',
      title: `Action due: ${a.description}`,
      detail: `Owner: ${a.owner}`,
      done: a.closed,
      isPublic: false,
    });
  }
  for (const r of input.risks) {
    push({
      uid: `risk-${r.id}`,
      date: r.reviewDate,
      kind: 'risk-review',
      title: `Review risk ${r.reference}: ${r.title}`,
      detail: 'Risk and horizon-scanning register',
      href: '/admin/scrutiny/risks',
      done: r.closed,
      isPublic: false,
    });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));
}

/** Deadlines that call for a reminder on `today`: not done, due within `days` or already past. */
export function remindersDue(deadlines: Deadline[], today: string, days: number) {
  const horizon = addDays(today, days);
  return deadlines
    .filter(
      (d) =>
        !d.done &&
        d.date <= horizon &&
        ['hmicfrs-comments', 'recommendation-response', 'plan-issue', 'precept-proposal', 'precept-panel-report', 'annual-report', 'action'].includes(d.kind),
    )
    .map((d) => ({
      deadline: d,
      overdue: d.date < today,
      /** Sent once when it comes up, once more when it becomes overdue. */
      dedupeKey: `scrutiny:${d.uid}:${d.date}:${d.date < today ? 'overdue' : 'upcoming'}`,
    }));
}
