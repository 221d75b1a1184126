import { describe, expect, it } from 'vitest';
import type { PanelReport, Recommendation } from '../scrutinyRepository.js';
import { panelSaidPresenter, planReportLinks, reportPagePresenter } from './panel.js';

const report: PanelReport = {
  id: 'r',
  reference: 'PR-1',
  title: 'Report on the draft plan',
  reportDate: '2025-01-10',
  meetingId: null,
  resolution: 'Welcomed',
  body: null,
  planId: 'p1',
  answeredByPlanId: 'p2',
  published: true,
  isDemo: false,
  createdAt: new Date(),
};
const rec = (n: number, extra: Partial<Recommendation> = {}): Recommendation => ({
  id: `rec${n}`,
  reportId: 'r',
  position: n,
  text: `Recommendation ${n}`,
  responseDue: '2025-02-10',
  response: null,
  responseText: null,
  respondedAt: null,
  respondedBy: null,
  responsePublishedAt: null,
  ...extra,
});
const names = { scrutinyBodyName: 'Northshire Panel', electedHeadTitle: 'Mayor' };

describe('the Panel said, the elected head did', () => {
  const recs = [
    rec(1, {
      response: 'accept',
      responseText: 'Done it',
      respondedAt: new Date('2025-02-01T09:00:00Z'),
      responsePublishedAt: new Date('2025-02-01T09:00:00Z'),
    }),
    rec(2, {
      response: 'partly-accept',
      responseText: 'Some of it',
      respondedAt: new Date('2025-02-02T09:00:00Z'),
      responsePublishedAt: new Date('2025-02-02T09:00:00Z'),
    }),
    rec(3, { response: 'reject', responseText: 'Secret draft', respondedAt: new Date('2025-02-03T09:00:00Z') }),
  ];
  it('shows published responses, hides drafts, flags the overdue one after its due date', () => {
    const v = panelSaidPresenter([{ report, recommendations: recs }], '2025-02-11', names);
    const [a, b, c] = v.reports[0].recommendations;
    expect([a.response, b.response, c.response]).toEqual(['Accepted', 'Partly accepted', null]);
    expect(c.responseText).toBeNull();
    expect(c.overdue).toBe(true);
    expect(v.counts).toEqual({ total: 3, responded: 2, overdue: 1, awaiting: 0 });
    expect(v.title).toBe('Northshire Panel said, the Mayor did');
  });
  it('before the due date the third is awaiting, not overdue', () => {
    const v = panelSaidPresenter([{ report, recommendations: recs }], '2025-02-10', names);
    expect(v.reports[0].recommendations[2].overdue).toBe(false);
    expect(v.counts.awaiting).toBe(1);
  });
  it('leaves out unpublished reports', () => {
    expect(panelSaidPresenter([{ report: { ...report, published: false }, recommendations: recs }], '2025-02-11', names).reports).toEqual([]);
  });
});

describe('report page', () => {
  it('links the reviewed plan and the diff to the version that answered it, and shows who may do what', () => {
    const v = reportPagePresenter(
      {
        report,
        recommendations: [rec(1)],
        plan: { id: 'p1', reference: 'x', title: 'Plan', version: 1 },
        answeredBy: { id: 'p2', reference: 'y', title: 'Plan', version: 2 },
      },
      '2025-01-20',
      'commissioner',
    );
    expect(v.diffHref).toBe('/admin/plans/diff?from=p1&to=p2');
    expect(v.plan!.href).toBe('/admin/plans/p1');
    expect([v.canRecord, v.canRespond, v.canPublish]).toEqual([false, true, true]);
    const editor = reportPagePresenter({ report, recommendations: [] }, '2025-01-20', 'editor');
    expect([editor.canRespond, editor.canPublish, editor.diffHref]).toEqual([true, false, null]);
  });
});

describe('links from a plan page to the Panel reports about it', () => {
  const plan = { id: 'p1', reference: 'plan-1', title: 'Plan', status: 'published' as const };
  const draft = { ...report, id: 'r2', title: 'Unpublished report', published: false, reportDate: '2025-03-01' };
  const answered = { ...report, id: 'r3', title: 'Report on the earlier draft', planId: 'p0', answeredByPlanId: 'p1' };

  it('gives the public the published reports only, to their public pages', () => {
    const g = planReportLinks([draft, report, answered], plan, { audience: 'public' }, 'Northshire Panel')!;
    expect(g.heading).toBe('Reports of the Northshire Panel on this plan');
    expect(g.links).toEqual([
      { text: 'Report on the draft plan', href: '/scrutiny/panel-reports/r', hint: 'Report of 10 January 2025' },
      { text: 'Report on the earlier draft', href: '/scrutiny/panel-reports/r3', hint: 'Report of 10 January 2025 · this version of the plan answers it' },
    ]);
    expect(planReportLinks([draft], plan, { audience: 'public' }, 'Panel')!.links).toEqual([]);
  });

  it('gives staff every report, the unpublished marked, and the review page; nothing to those who may not see scrutiny', () => {
    const g = planReportLinks([draft, report], plan, { audience: 'staff', role: 'editor' }, 'Northshire Panel')!;
    expect(g.links.map((l) => l.href)).toEqual(['/admin/scrutiny/reports/r2', '/admin/scrutiny/reports/r', '/admin/scrutiny/plans/p1']);
    expect(g.links[0].hint).toBe('Report of 1 March 2025 · not published');
    expect(planReportLinks([draft], plan, { audience: 'staff', role: null }, 'Panel')).toBeNull();
    expect(planReportLinks([], plan, { audience: 'staff', role: 'editor' }, 'Panel')!.links).toEqual([]);
    expect(planReportLinks([], { ...plan, status: 'panel-review' }, { audience: 'staff', role: 'panel-member' }, 'Panel')!.links.map((l) => l.href)).toEqual([
      '/admin/scrutiny/plans/p1',
    ]);
  });
});
