import { recordsToCsv } from '../../../platform/openData.js';
import type { Deadline } from '../calendar.js';
import { hmicfrsCommentsDue } from '../deadlines.js';
import type { Finding, Inspection, Meeting, PanelReport, Recommendation, Risk, ScrutinyAction } from '../scrutinyRepository.js';
import type { ScheduledClass } from '../publicationSchedule.js';
import type { PublicDecision } from '../scrutinyService.js';
import { actionState, publicationState, riskBand, riskScore } from '../status.js';
import { publicRecommendation } from './panel.js';

/**
 * The public shape of each register: one flat record per row, used by the JSON API and the CSV
 * downloads alike. Only what is public goes in (decisions arrive already without exempt parts).
 */
export const registers = {
  meetings: (rows: Meeting[]) =>
    rows.map((m) => ({
      id: m.id,
      kind: m.kind,
      title: m.title,
      date: m.meetingDate,
      place: m.place ?? '',
      status: m.status,
      publicSummary: m.publicSummary ?? '',
      demo: m.isDemo,
    })),

  /** Published Panel reports, each with how many recommendations it made and how many have a published response. */
  panelReports: (items: { report: PanelReport; recommendations: Recommendation[] }[]) =>
    items
      .filter((i) => i.report.published)
      .map(({ report: r, recommendations }) => ({
        id: r.id,
        reference: r.reference,
        title: r.title,
        reportDate: r.reportDate,
        resolution: r.resolution ?? '',
        recommendations: recommendations.length,
        recommendationsAnswered: recommendations.filter((x) => x.response && x.responsePublishedAt).length,
        responseToReport: r.responseText && r.responsePublishedAt ? r.responseText : '',
        responsePublishedOn: r.responseText && r.responsePublishedAt ? r.responsePublishedAt.toISOString().slice(0, 10) : '',
        url: `/scrutiny/panel-reports/${r.id}`,
        demo: r.isDemo,
      })),

  recommendations: (items: { report: PanelReport; recommendations: Recommendation[] }[], today: string) =>
    items
      .filter((i) => i.report.published)
      .flatMap(({ report, recommendations }) =>
        recommendations.map((r) => {
          const p = publicRecommendation(r, today);
          return {
            id: r.id,
            reportReference: report.reference,
            reportTitle: report.title,
            reportDate: report.reportDate,
            number: r.position,
            recommendation: r.text,
            responseDue: r.responseDue,
            status: p.state,
            overdue: p.overdue,
            response: p.responseKind ?? '',
            responseText: p.responseText ?? '',
            respondedOn: p.respondedOn ?? '',
          };
        }),
      ),

  decisions: (rows: PublicDecision[]) =>
    rows.map((d) => ({
      id: d.id,
      reference: d.reference,
      title: d.title,
      date: d.decisionDate,
      decidedBy: d.decidedBy,
      summary: d.summary,
      financialImplications: d.financialImplications ?? '',
      significantPublicInterest: d.significantPublicInterest,
      hasExemptParts: d.hasExemptParts,
      demo: d.isDemo,
    })),

  inspections: (items: { inspection: Inspection; findings: Finding[] }[]) =>
    items.flatMap(({ inspection: i, findings }) => {
      const base = {
        inspectionReference: i.reference,
        inspectionTitle: i.title,
        kind: i.kind,
        publishedOn: i.publishedOn,
        commentsDue: hmicfrsCommentsDue(i.publishedOn),
        commentsPublishedOn: i.commentsPublishedOn ?? '',
      };
      if (!findings.length) return [{ ...base, findingKind: '', findingNumber: '', finding: '', priorities: '', findingStatus: '' }];
      return findings.map((f) => ({
        ...base,
        findingKind: String(f.kind),
        findingNumber: String(f.position),
        finding: f.text,
        priorities: f.priorityTitles.join('; '),
        findingStatus: String(f.status),
      }));
    }),

  /** Risks marked public only; the owner (often a person) is never published. */
  risks: (rows: Risk[]) =>
    rows
      .filter((r) => r.isPublic)
      .map((r) => {
        const score = riskScore(r.likelihood, r.impact);
        return {
          reference: r.reference,
          kind: r.kind,
          title: r.title,
          description: r.description,
          likelihood: r.likelihood,
          impact: r.impact,
          score,
          band: riskBand(score),
          mitigations: r.mitigations ?? '',
          reviewDate: r.reviewDate,
          closed: r.closed,
          demo: r.isDemo,
        };
      }),

  actions: (rows: ScrutinyAction[], today: string) =>
    rows.map((a) => ({
      id: a.id,
      description: a.description,
      owner: a.owner,
      dueDate: a.dueDate,
      status: actionState(a, today),
      closedOn: a.closedOn ?? '',
      closureNote: a.closureNote ?? '',
    })),

  publicationSchedule: (rows: ScheduledClass[], today: string) =>
    rows.map((c) => ({
      key: c.key,
      title: c.title,
      requirement: c.requirement,
      wherePublished: c.whereUrl ?? '',
      lastUpdated: c.lastUpdated ?? '',
      maxAgeDays: c.maxAgeDays,
      status: publicationState(c, today),
    })),

  calendar: (rows: Deadline[]) => rows.map((d) => ({ date: d.date, kind: d.kind, title: d.title, detail: d.detail, link: d.href ?? '', done: d.done })),
};

/** A register as CSV: text cells that could run as a spreadsheet formula are neutralised. */
export function toCsv(rows: Record<string, unknown>[]): string {
  return recordsToCsv(rows);
}
