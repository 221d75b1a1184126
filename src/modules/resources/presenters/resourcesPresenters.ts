import { daysBetween } from '../../../platform/dates.js';
import { formatPounds, formatThousands } from '../money.js';
import type { FinanceLine, WorkforceFigure } from '../financeRepository.js';
import { WORKFORCE_CATEGORIES, type WorkforceCategory } from '../schema.js';
import { columnChart } from '../../../platform/charts/svg.js';

export const CATEGORY_LABELS: Record<WorkforceCategory, string> = {
  'police-officers': 'Police officers',
  pcsos: 'PCSOs',
  'police-staff': 'Police staff',
  'special-constables': 'Special Constables',
  volunteers: 'Volunteers',
};
export const FUNDING_LABELS: Record<string, string> = {
  'central-grant': 'Central government grant',
  precept: 'Precept (council tax)',
  'other-grants': 'Other grants',
  reserves: 'Use of reserves',
  'total-funding': 'Total funding',
};
export const LIVING_WAGE_LABELS: Record<string, string> = {
  accredited: 'Accredited Living Wage employer',
  pays: 'Pays the Real Living Wage',
  no: 'Does not pay the Real Living Wage',
  unknown: 'Not known',
};

const fte = (n: number | null | undefined) => (n === null || n === undefined ? '' : n.toLocaleString('en-GB', { maximumFractionDigits: 2 }));

/** The financial years a chart covers, e.g. "2021/22 to 2024/25". */
const yearSpan = (years: string[]) =>
  years.length > 1 ? `Financial years ${years[0]} to ${years[years.length - 1]}` : years.length ? `Financial year ${years[0]}` : '';

interface TargetView {
  category: WorkforceCategory;
  label: string;
  targetFte: number;
  byYear: string | null;
  commitment?: { planReference: string; planTitle: string; reference: string; title: string };
}

/**
 * The workforce page: for each category with figures, a table of years × (actual, plan) and a
 * chart with its targets as lines. Years are those with any figure, in order.
 */
export function workforcePresenter(figures: WorkforceFigure[], targets: TargetView[]) {
  const years = [...new Set(figures.map((f) => f.financialYear))].sort();
  const categories = WORKFORCE_CATEGORIES.filter((c) => figures.some((f) => f.category === c) || targets.some((t) => t.category === c));
  const value = (year: string, category: string, kind: string) =>
    figures.find((f) => f.financialYear === year && f.category === category && f.kind === kind)?.fte ?? null;
  const sections = categories.map((category) => {
    const label = CATEGORY_LABELS[category];
    const catTargets = targets.filter((t) => t.category === category);
    const rows = years
      .filter((y) => value(y, category, 'actual') !== null || value(y, category, 'plan') !== null)
      .map((y) => {
        const actual = value(y, category, 'actual');
        const plan = value(y, category, 'plan');
        const sources = [...new Set(figures.filter((f) => f.financialYear === y && f.category === category && f.source).map((f) => f.source!))];
        return {
          year: y,
          actual: fte(actual),
          plan: fte(plan),
          difference: actual !== null && plan !== null ? fte(actual - plan) : '',
          source: sources.join('; '),
        };
      });
    const chartYears = rows.map((r) => r.year);
    return {
      category,
      label,
      rows,
      targets: catTargets.map((t) => ({
        label: t.label,
        target: fte(t.targetFte),
        byYear: t.byYear ?? '',
        line: `Target: ${label} to ${fte(t.targetFte)}${t.byYear ? ` by ${t.byYear}` : ''}`,
        commitment: t.commitment
          ? { text: t.commitment.title, href: `/plans/${encodeURIComponent(t.commitment.planReference)}`, planTitle: t.commitment.planTitle }
          : undefined,
      })),
      chart: rows.length
        ? columnChart({
            title: `${label}: full-time equivalents by financial year`,
            period: yearSpan(chartYears),
            description: `Actual and planned full-time equivalents each financial year${catTargets.length ? ', with the target as a line across the chart' : ''}. The table that follows gives the figures.`,
            categories: chartYears,
            series: [
              { name: 'Actual', values: chartYears.map((y) => value(y, category, 'actual')), colour: '#1d70b8' },
              { name: 'Plan', values: chartYears.map((y) => value(y, category, 'plan')), colour: '#505a5f' },
            ],
            rules: catTargets.map((t) => ({ label: `Target ${fte(t.targetFte)}`, value: t.targetFte })),
            xLabel: 'Financial year',
            yLabel: 'Full-time equivalents',
            format: (v) => Math.round(v).toLocaleString('en-GB'),
          })
        : '',
    };
  });
  return { years, sections };
}

/** The financial plan: per year, funding and spending lines with forecast and actual, and totals. */
export function financePresenter(lines: FinanceLine[], priorityTitles: Map<string, string> = new Map()) {
  const years = [...new Set(lines.map((l) => l.financialYear))].sort();
  const byYear = years.map((year) => {
    const ofKind = (kind: string) =>
      lines
        .filter((l) => l.financialYear === year && l.kind === kind)
        .map((l) => ({
          id: l.id,
          category: FUNDING_LABELS[l.category] ?? l.category,
          label: l.label,
          forecast: formatPounds(l.forecastPence, { wholePounds: true }),
          forecastShort: formatThousands(l.forecastPence),
          actual: formatPounds(l.actualPence, { wholePounds: true }),
          variance: l.forecastPence !== null && l.actualPence !== null ? formatPounds(l.actualPence - l.forecastPence, { wholePounds: true }) : '',
          priority: l.planReference && l.priorityReference ? (priorityTitles.get(`${l.planReference}/${l.priorityReference}`) ?? l.priorityReference) : '',
          note: l.note ?? '',
          isDemo: l.isDemo,
        }));
    // Figures made up for the demo say so wherever they show (issue 14), not only in a line's note.
    const isDemo = lines.some((l) => l.financialYear === year && l.isDemo);
    return { year, isDemo, funding: ofKind('funding'), spending: ofKind('spending') };
  });
  const demoYears = new Set(byYear.filter((y) => y.isDemo).map((y) => y.year));
  const fundingTotal = (year: string) => {
    const ls = lines.filter((l) => l.financialYear === year && l.kind === 'funding');
    const total = ls.find((l) => l.category === 'total-funding');
    if (total) return total.forecastPence;
    const parts = ls.filter((l) => l.forecastPence !== null);
    return parts.length ? parts.reduce((s, l) => s + (l.forecastPence ?? 0), 0) : null;
  };
  const totals = years.map((y) => ({ year: y, pence: fundingTotal(y) }));
  const chart = totals.some((t) => t.pence !== null)
    ? columnChart({
        title: 'Funding forecast by financial year',
        period: yearSpan(years),
        description: 'The total funding forecast for each financial year. The table that follows gives the figures.',
        categories: years,
        series: [{ name: 'Funding forecast', values: totals.map((t) => (t.pence === null ? null : t.pence / 100)), colour: '#1d70b8' }],
        xLabel: 'Financial year',
        yLabel: 'Funding forecast (£k: thousands of pounds)',
        format: (v) => `£${Math.round(v / 1000).toLocaleString('en-GB')}k`,
      })
    : '';
  return {
    years,
    byYear,
    totals: totals.map((t) => ({
      year: t.year,
      isDemo: demoYears.has(t.year),
      forecast: formatThousands(t.pence),
      forecastFull: formatPounds(t.pence, { wholePounds: true }),
    })),
    chart,
  };
}

/** Awards with the headline: "£39,000 to 46 projects". */
export function awardsPresenter(
  awards: { recipient: string; project: string; area: string; amountPence: number; awardedOn: string; roundTitle: string; fundName: string }[],
) {
  const totalPence = awards.reduce((s, a) => s + a.amountPence, 0);
  const count = awards.length;
  return {
    count,
    total: formatPounds(totalPence, { wholePounds: true }),
    headline: `${formatPounds(totalPence, { wholePounds: true })} to ${count} project${count === 1 ? '' : 's'}`,
    rows: awards.map((a) => ({ ...a, amount: formatPounds(a.amountPence, { wholePounds: true }) })),
  };
}

/** A contract's line in the register: value in £, days to the end and whether it needs attention. */
export function contractRow(c: { endDate: string; startDate: string; valuePence: number; livingWage: string }, today: string, reminderDays: number) {
  const days = daysBetween(today, c.endDate);
  const status =
    days < 0
      ? { text: 'Ended', colour: 'grey' }
      : days <= reminderDays
        ? { text: `Ends in ${days} day${days === 1 ? '' : 's'}`, colour: 'orange' }
        : c.startDate > today
          ? { text: 'Not started', colour: 'blue' }
          : { text: 'Active', colour: 'green' };
  return { value: formatPounds(c.valuePence, { wholePounds: true }), livingWage: LIVING_WAGE_LABELS[c.livingWage] ?? c.livingWage, daysToEnd: days, status };
}

/** The edit form's values of a stored contract: the value as it would be typed ("12,000.50"). */
export function contractFormValues(c: {
  reference: string;
  provider: string;
  service: string;
  valuePence: number;
  startDate: string;
  endDate: string;
  fundingSource: string;
  livingWage: string;
  planReference: string | null;
  priorityReferences: string[];
  contactEmail: string | null;
}) {
  return {
    reference: c.reference,
    provider: c.provider,
    service: c.service,
    value: formatPounds(c.valuePence, { wholePounds: true }).replace('£', ''),
    startDate: c.startDate,
    endDate: c.endDate,
    fundingSource: c.fundingSource,
    livingWage: c.livingWage,
    planReference: c.planReference ?? '',
    priorities: c.priorityReferences,
    contactEmail: c.contactEmail ?? '',
  };
}
