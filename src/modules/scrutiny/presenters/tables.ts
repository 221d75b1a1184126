import { formatDate } from '../../../platform/views.js';
import type { Deadline } from '../calendar.js';
import { hmicfrsCommentsDue } from '../deadlines.js';
import type { Decision, Finding, Inspection, Meeting, PanelReport, Recommendation, Risk, ScrutinyAction } from '../scrutinyRepository.js';
import type { ScheduledClass } from '../publicationSchedule.js';
import type { PublicDecision } from '../scrutinyService.js';
import { actionState, publicationState, recommendationState, riskBand, riskScore } from '../status.js';

export interface Cell {
  text: string;
  href?: string;
  hint?: string;
  tag?: { text: string; colour: string };
}
export interface Table {
  caption: string;
  head: string[];
  rows: Cell[][];
  empty?: string;
}

const MEETING_STATUS_COLOUR: Record<string, string> = { scheduled: 'blue', held: 'green', postponed: 'yellow', cancelled: 'grey' };
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/-/g, ' ');
const d = (iso: string | null | undefined) => (iso ? formatDate(iso) : '');

export function meetingsTable(rows: Meeting[], caption: string, base: string): Table {
  return {
    caption,
    head: ['Date', 'Meeting', 'Place', 'Status'],
    rows: rows.map((m) => [
      { text: d(m.meetingDate) },
      { text: m.title, href: `${base}/${m.id}`, hint: m.isDemo ? 'Demo record' : undefined },
      { text: m.place ?? '' },
      { text: '', tag: { text: cap(m.status), colour: MEETING_STATUS_COLOUR[m.status] ?? 'grey' } },
    ]),
  };
}

export function reportsTable(items: { report: PanelReport; recommendations: Recommendation[] }[], today: string, base: string): Table {
  return {
    caption: 'Panel reports',
    head: ['Date', 'Report', 'Recommendations', 'Overdue responses', 'Published'],
    rows: items.map(({ report, recommendations }) => {
      const overdue = recommendations.filter((r) => recommendationState(r, today) === 'overdue').length;
      return [
        { text: d(report.reportDate) },
        { text: report.title, href: `${base}/${report.id}`, hint: `${report.reference}${report.isDemo ? ' · demo record' : ''}` },
        { text: String(recommendations.length) },
        overdue ? { text: '', tag: { text: `${overdue} overdue`, colour: 'red' } } : { text: 'None' },
        { text: '', tag: report.published ? { text: 'Published', colour: 'green' } : { text: 'Not published', colour: 'grey' } },
      ];
    }),
  };
}

export function decisionsTable(rows: (Decision | PublicDecision)[], base: string, staff: boolean): Table {
  return {
    caption: 'Decisions',
    head: staff
      ? ['Date', 'Reference', 'Decision', 'Significant public interest', 'Published']
      : ['Date', 'Reference', 'Decision', 'Significant public interest'],
    rows: rows.map((x) => {
      const row: Cell[] = [
        { text: d(x.decisionDate) },
        { text: x.reference },
        { text: x.title, href: `${base}/${staff ? x.id : encodeURIComponent(x.reference)}`, hint: x.isDemo ? 'Demo record' : undefined },
        { text: x.significantPublicInterest ? 'Yes' : 'No' },
      ];
      if (staff) row.push({ text: '', tag: x.published ? { text: 'Published', colour: 'green' } : { text: 'Not published', colour: 'grey' } });
      return row;
    }),
  };
}

export function inspectionsTable(items: { inspection: Inspection; findings: Finding[] }[], today: string, base: string, staff: boolean): Table {
  return {
    caption: 'HMICFRS inspections',
    head: ['Published', 'Report', 'Kind', 'Findings', 'Comments due', 'Comments'],
    rows: items.map(({ inspection: i, findings }) => {
      const due = hmicfrsCommentsDue(i.publishedOn);
      const comments: Cell = i.commentsPublishedOn
        ? { text: '', tag: { text: `Published ${d(i.commentsPublishedOn)}`, colour: i.commentsPublishedOn > due ? 'yellow' : 'green' } }
        : today > due
          ? { text: '', tag: { text: 'Overdue', colour: 'red' } }
          : { text: '', tag: { text: 'Due', colour: 'blue' } };
      return [
        { text: d(i.publishedOn) },
        { text: i.title, href: `${base}/${staff ? i.id : encodeURIComponent(i.reference)}`, hint: i.isDemo ? 'Demo record' : undefined },
        { text: i.kind === 'peel' ? 'PEEL' : 'Thematic' },
        { text: String(findings.length) },
        { text: d(due) },
        comments,
      ];
    }),
  };
}

const BAND_COLOUR = { low: 'green', medium: 'yellow', high: 'orange', 'very high': 'red' } as const;

export function risksTable(rows: Risk[], today: string, caption: string, editBase?: string): Table {
  return {
    caption,
    head: ['Reference', 'Risk', 'Likelihood × impact', 'Owner', 'Mitigations', 'Review'],
    rows: rows.map((r) => {
      const score = riskScore(r.likelihood, r.impact);
      const band = riskBand(score);
      return [
        { text: r.reference },
        { text: r.title, href: editBase ? `${editBase}/${r.id}/edit` : undefined, hint: `${r.description}${r.isDemo ? ' (demo record)' : ''}` },
        { text: '', tag: { text: `${r.likelihood} × ${r.impact} = ${score} (${band})`, colour: BAND_COLOUR[band] } },
        { text: r.owner },
        { text: r.mitigations ?? '' },
        r.closed
          ? { text: 'Closed' }
          : r.reviewDate < today
            ? { text: '', tag: { text: `Review overdue (${d(r.reviewDate)})`, colour: 'red' } }
            : { text: d(r.reviewDate) },
      ];
    }),
  };
}

export function actionsTable(rows: ScrutinyAction[], today: string, caption: string, closeBase?: string): Table {
  return {
    caption,
    head: closeBase ? ['Action', 'Owner', 'Due', 'Status', ''] : ['Action', 'Owner', 'Due', 'Status'],
    rows: rows.map((a) => {
      const s = actionState(a, today);
      const row: Cell[] = [
        { text: a.description, hint: a.closureNote ? `Closed ${d(a.closedOn)}: ${a.closureNote}` : undefined },
        { text: a.owner },
        { text: d(a.dueDate) },
        {
          text: '',
          tag: s === 'closed' ? { text: 'Closed', colour: 'green' } : s === 'overdue' ? { text: 'Overdue', colour: 'red' } : { text: 'Open', colour: 'blue' },
        },
      ];
      if (closeBase) row.push(s === 'closed' ? { text: '' } : { text: 'Close', href: `${closeBase}/${a.id}/close`, hint: a.description.slice(0, 60) });
      return row;
    }),
  };
}

export function publicationTable(rows: ScheduledClass[], today: string, editBase?: string): Table {
  const colour = { 'up-to-date': 'green', overdue: 'red', never: 'grey' } as const;
  const label = { 'up-to-date': 'Up to date', overdue: 'Overdue', never: 'Not yet published' } as const;
  return {
    caption: 'Classes of information',
    head: ['Class', 'Where published', 'Last updated', 'Status'],
    rows: rows.map((c) => {
      const s = publicationState(c, today);
      return [
        c.fromPlans
          ? { text: c.title, hint: `${c.requirement} Drawn from the plan in force.` }
          : { text: c.title, href: editBase ? `${editBase}/${c.id}/edit` : undefined, hint: c.requirement },
        c.whereUrl ? { text: c.whereUrl, href: c.whereUrl } : { text: 'Not recorded' },
        { text: (c.lastUpdated?.length === 7 ? formatDate(c.lastUpdated, 'month') : d(c.lastUpdated)) || 'Never' },
        { text: '', tag: { text: label[s], colour: colour[s] } },
      ];
    }),
  };
}

/** The calendar as one table per month. */
export function calendarTables(events: Deadline[], today: string): Table[] {
  const byMonth = new Map<string, Deadline[]>();
  for (const e of events) {
    const k = e.date.slice(0, 7);
    byMonth.set(k, [...(byMonth.get(k) ?? []), e]);
  }
  return [...byMonth].map(([month, list]) => ({
    caption: formatDate(month, 'month'),
    head: ['Date', 'Deadline', 'Status'],
    rows: list.map((e) => [
      { text: d(e.date) },
      { text: e.title, href: e.href, hint: e.detail },
      { text: '', tag: e.done ? { text: 'Done', colour: 'green' } : e.date < today ? { text: 'Overdue', colour: 'red' } : { text: 'Due', colour: 'blue' } },
    ]),
  }));
}
