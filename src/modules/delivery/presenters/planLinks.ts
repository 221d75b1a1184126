import { formatDate } from '../../../platform/views.js';
import type { PlanPageAudience, PlanPageLinkGroup } from '../../plans/types.js';
import { deliveryPermissions } from '../deliveryPermissions.js';

// The links a plan's page shows to its delivery plans and annual reports. Kept apart from the
// other presenters, which the service must not import (they read its report types).

/** Public URLs of a delivery plan and its annual report. */
export const deliveryPaths = {
  plan: (ref: string) => `/delivery/${encodeURIComponent(ref)}`,
  annualReport: (ref: string) => `/delivery/${encodeURIComponent(ref)}/annual-report`,
  annualReportDocx: (ref: string) => `/delivery/${encodeURIComponent(ref)}/annual-report.docx`,
  annualReportPdf: (ref: string) => `/delivery/${encodeURIComponent(ref)}/annual-report.pdf`,
  /** The public annual report's address once it is published, else null. */
  publishedAnnualReport: (dp: { reference: string; annualReportPublishedAt: Date | null }) =>
    dp.annualReportPublishedAt ? deliveryPaths.annualReport(dp.reference) : null,
};

interface DeliveryPlanLinkRow {
  id: string;
  reference: string;
  title: string;
  label: string;
  yearStart: string;
  actionCount: number;
  annualReportPublishedAt: Date | null;
}

/**
 * The links a plan's page shows to its delivery plans (oldest year first) and their annual
 * reports. The public sees them only for a public plan, and only the published annual reports;
 * staff see every annual report, marked when it is not published, if their role may see reports.
 */
export function planDeliveryLinks(rows: DeliveryPlanLinkRow[], plan: { isPublic: boolean }, reader: PlanPageAudience): PlanPageLinkGroup | null {
  const sorted = [...rows].sort((a, b) => a.yearStart.localeCompare(b.yearStart) || a.reference.localeCompare(b.reference));
  const actions = (n: number) => `${n} ${n === 1 ? 'action' : 'actions'}`;
  if (reader.audience === 'public') {
    if (!plan.isPublic) return null;
    return {
      order: 10,
      heading: 'Progress and annual reports',
      links: sorted.flatMap((dp) => [
        { text: `Progress: ${dp.title}`, href: deliveryPaths.plan(dp.reference), hint: `${dp.label} · ${actions(dp.actionCount)}` },
        ...(dp.annualReportPublishedAt
          ? [{ text: `Annual report ${dp.label}`, href: deliveryPaths.annualReport(dp.reference), hint: `Published ${formatDate(dp.annualReportPublishedAt)}` }]
          : []),
      ]),
    };
  }
  if (!deliveryPermissions.can(reader.role, 'delivery:view-staff')) return null;
  const reports = deliveryPermissions.can(reader.role, 'delivery:reports');
  return {
    order: 10,
    heading: 'Delivery plans and annual reports',
    links: sorted.flatMap((dp) => [
      { text: dp.title, href: `/admin/delivery/plans/${dp.id}`, hint: `${dp.label} · ${actions(dp.actionCount)}` },
      ...(reports
        ? [
            {
              text: `Annual report ${dp.label}`,
              href: `/admin/delivery/plans/${dp.id}/annual`,
              hint: dp.annualReportPublishedAt ? `Published ${formatDate(dp.annualReportPublishedAt)}` : 'Not published',
            },
          ]
        : []),
    ]),
  };
}
