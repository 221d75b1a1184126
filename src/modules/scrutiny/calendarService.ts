import { recordAudit } from '../../platform/audit.js';
import { addDays, ukDate } from '../../platform/dates.js';
import type { Actor } from '../../platform/roles.js';
import { calendarSettingsSchema, deriveCalendar, remindersDue, DEFAULT_CALENDAR_SETTINGS, type CalendarSettings, type Deadline } from './calendar.js';
import type { ScrutinyContext } from './scrutinyContext.js';
import { scrutinyRepository as repo, type Recommendation } from './scrutinyRepository.js';

/** The statutory calendar: its settings, the deadlines derived from the records, and the reminders. */
export function createCalendarService(
  ctx: ScrutinyContext,
  reports: {
    reportsWithRecommendations(opts: { publishedOnly: boolean }): Promise<{ report: { id: string; title: string }; recommendations: Recommendation[] }[]>;
  },
) {
  const { database, db, platform, clock } = ctx;
  const { reportsWithRecommendations } = reports;

  async function calendarSettings(): Promise<CalendarSettings> {
    const v = await repo.setting(db, 'calendar');
    const parsed = v ? calendarSettingsSchema.safeParse(v) : undefined;
    return parsed?.success ? parsed.data : DEFAULT_CALENDAR_SETTINGS;
  }

  async function setCalendarSettings(actor: Actor, input: CalendarSettings) {
    const value = calendarSettingsSchema.parse(input);
    await database.transaction(async (tx) => {
      const before = await repo.setting(tx, 'calendar');
      await repo.saveSetting(tx, 'calendar', value);
      await recordAudit(tx, actor, {
        action: 'scrutiny.settings.update',
        entityType: 'scrutiny-settings',
        entityId: 'calendar',
        summary: 'Changed the statutory calendar settings',
        before: before ?? null,
        after: value,
      });
    });
    return value;
  }

  /** Every deadline between the dates, derived from the records and settings. */
  async function calendar(from: string, to: string, opts: { includePrivate: boolean }): Promise<Deadline[]> {
    const [area, settings, insp, reports, meetingRows, actionRows, riskRows] = await Promise.all([
      platform.settings.getArea(),
      calendarSettings(),
      repo.listInspections(db),
      reportsWithRecommendations({ publishedOnly: !opts.includePrivate }),
      repo.listMeetings(db),
      repo.allActions(db),
      repo.listRisks(db),
    ]);
    const events = deriveCalendar(
      {
        names: {
          scrutinyBodyName: area.scrutinyBodyName,
          electedHeadTitle: area.electedHeadTitle,
          chiefOfficerTitle: area.chiefOfficerTitle,
          planKind: area.planKind,
        },
        settings,
        inspections: insp,
        recommendations: reports.flatMap(({ report, recommendations: recs }) =>
          recs.map((r: Recommendation) => ({
            id: r.id,
            reportId: report.id,
            reportTitle: report.title,
            position: r.position,
            responseDue: r.responseDue,
            responded: Boolean(r.response && r.responsePublishedAt),
          })),
        ),
        meetings: meetingRows,
        actions: actionRows.map((a) => ({ id: a.id, description: a.description, owner: a.owner, dueDate: a.dueDate, closed: a.status === 'closed' })),
        risks: riskRows.map((r) => ({ id: r.id, reference: r.reference, title: r.title, reviewDate: r.reviewDate, closed: r.closed })),
      },
      from,
      to,
    );
    return opts.includePrivate ? events : events.filter((e) => e.isPublic);
  }

  /** Sends reminder e-mails for deadlines coming up or overdue; each once (dedupeKey). */
  async function sendReminders(now = clock.now()) {
    const today = ukDate(now);
    const settings = await calendarSettings();
    const area = await platform.settings.getArea();
    const to = settings.reminderEmail || area.contactEmail;
    if (!to) return { sent: 0, reason: 'no reminder address set' };
    const events = await calendar(addDays(today, -366), addDays(today, settings.reminderDays), { includePrivate: true });
    let sent = 0;
    for (const r of remindersDue(events, today, settings.reminderDays)) {
      const d = r.deadline;
      const res = await platform.mailer.send({
        to,
        subject: `${r.overdue ? 'Overdue' : 'Due'} ${d.date}: ${d.title}`,
        body: `${d.title}\n\nDue: ${d.date}${r.overdue ? ' (overdue)' : ''}\n${d.detail}\n${d.href ? `\nSee ${d.href}\n` : ''}\nThis reminder comes from the statutory calendar of ${area.bodyName}.`,
        dedupeKey: r.dedupeKey,
      });
      if (res.queued) sent++;
    }
    return { sent };
  }

  return { calendarSettings, setCalendarSettings, calendar, sendReminders };
}
