import type { Role } from '../../../platform/roles.js';
import { formatDate } from '../../../platform/views.js';
import type { PlanPageAudience, PlanPageLink, PlanPageLinkGroup, PlanPageRef } from '../../plans/types.js';
import type { PanelReport, Recommendation } from '../scrutinyRepository.js';
import { scrutinyPermissions as perms } from '../scrutinyPermissions.js';
import { RECOMMENDATION_STATE_LABELS, RESPONSE_LABELS, recommendationState } from '../status.js';

export interface Names {
  scrutinyBodyName: string;
  electedHeadTitle: string;
}

/** One recommendation as the public reads it: a response shows only once it is published. */
export function publicRecommendation(r: Recommendation, today: string) {
  const state = recommendationState(r, today);
  const published = Boolean(r.response && r.responsePublishedAt);
  return {
    id: r.id,
    position: r.position,
    text: r.text,
    responseDue: r.responseDue,
    state,
    stateLabel: RECOMMENDATION_STATE_LABELS[state].text,
    stateColour: RECOMMENDATION_STATE_LABELS[state].colour,
    overdue: state === 'overdue',
    response: published ? RESPONSE_LABELS[r.response!] : null,
    responseKind: published ? r.response : null,
    responseText: published ? r.responseText : null,
    respondedOn: published ? r.responsePublishedAt!.toISOString().slice(0, 10) : null,
  };
}

/** "The Panel said / the elected head did": every published report with its recommendations. */
export function panelSaidPresenter(items: { report: PanelReport; recommendations: Recommendation[] }[], today: string, names: Names) {
  const reports = items
    .filter((i) => i.report.published)
    .map(({ report, recommendations }) => ({
      id: report.id,
      reference: report.reference,
      title: report.title,
      reportDate: report.reportDate,
      resolution: report.resolution,
      recommendations: recommendations.map((r) => publicRecommendation(r, today)),
    }));
  const all = reports.flatMap((r) => r.recommendations);
  return {
    title: `${names.scrutinyBodyName} said, the ${names.electedHeadTitle} did`,
    saidHeading: `The ${names.scrutinyBodyName} said`,
    didHeading: `The ${names.electedHeadTitle} did`,
    reports,
    counts: {
      total: all.length,
      responded: all.filter((r) => r.response).length,
      overdue: all.filter((r) => r.overdue).length,
      awaiting: all.filter((r) => !r.response && !r.overdue).length,
    },
  };
}

/** The staff page of one Panel report: recommendations with what each role may do. */
export function reportPagePresenter(
  d: {
    report: PanelReport;
    recommendations: Recommendation[];
    plan?: { id: string; reference: string; title: string; version: number } | undefined;
    answeredBy?: { id: string; reference: string; title: string; version: number } | undefined;
  },
  today: string,
  role: Role | null,
) {
  const { report, plan, answeredBy } = d;
  return {
    report,
    publication: report.published
      ? { text: 'Published on the public site', href: `/scrutiny/panel-reports/${report.id}` }
      : { text: 'Not published: only staff can see this report', href: null },
    plan: plan ? { title: `${plan.title} (version ${plan.version})`, href: `/admin/plans/${plan.id}` } : null,
    answeredBy: answeredBy ? { title: `${answeredBy.title} (version ${answeredBy.version})`, href: `/admin/plans/${answeredBy.id}` } : null,
    diffHref:
      plan && answeredBy && plan.id !== answeredBy.id ? `/admin/plans/diff?from=${encodeURIComponent(plan.id)}&to=${encodeURIComponent(answeredBy.id)}` : null,
    recommendations: d.recommendations.map((r) => {
      const pub = publicRecommendation(r, today);
      return {
        ...pub,
        draftResponse: r.response && !r.responsePublishedAt ? { kind: r.response, label: RESPONSE_LABELS[r.response], text: r.responseText } : null,
        respondedBy: r.respondedBy,
      };
    }),
    canRecord: perms.can(role, 'panel-report:record'),
    canRespond: perms.can(role, 'recommendation:respond'),
    canPublish: perms.can(role, 'recommendation:publish-response'),
  };
}

/**
 * The links a plan's page shows to the Panel's reports about it: reports on the plan and reports
 * this version answered. The public sees published reports only (their public pages); staff who
 * may see scrutiny get every report, marked when it is not published, and the plan's review page.
 */
export function planReportLinks(reports: PanelReport[], plan: PlanPageRef, reader: PlanPageAudience, scrutinyBodyName: string): PlanPageLinkGroup | null {
  const staff = reader.audience === 'staff';
  if (staff && !perms.can(reader.role, 'scrutiny:view')) return null;
  const shown = reports.filter((r) => r.published || staff);
  const links: PlanPageLink[] = shown.map((r) => ({
    text: r.title,
    href: staff ? `/admin/scrutiny/reports/${r.id}` : `/scrutiny/panel-reports/${r.id}`,
    hint: [
      `Report of ${formatDate(r.reportDate)}`,
      r.planId === plan.id ? null : 'this version of the plan answers it',
      staff && !r.published ? 'not published' : null,
      r.isDemo ? 'demo record' : null,
    ]
      .filter(Boolean)
      .join(' · '),
  }));
  if (staff && (links.length || plan.status === 'panel-review')) {
    links.push({ text: `The ${scrutinyBodyName}’s review of this plan: reports and recommendations`, href: `/admin/scrutiny/plans/${plan.id}` });
  }
  return { order: 20, heading: `Reports of the ${scrutinyBodyName} on this plan`, links };
}
