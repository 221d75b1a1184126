import { describe, expect, it } from 'vitest';
import type { PlanTree } from '../planTypes.js';
import { rollup } from '../rollup.js';
import {
  annualReportHtml,
  parseServes,
  planDeliveryLinks,
  progressFilters,
  publicAnnualReportPage,
  rollupDisplay,
  servesOptions,
  servesValue,
} from './deliveryPresenters.js';

const tree = {
  priorities: [
    { id: 'p1', reference: 'P1', title: 'One', commitments: [{ id: 'c1', reference: 'P1-C1', title: 'C one' }] },
    { id: 'p2', reference: 'P2', title: 'Two', commitments: [] },
  ],
} as unknown as PlanTree;

describe('delivery presenters', () => {
  it('offers priorities and their commitments, and reads the choice back', () => {
    expect(servesOptions(tree, 'c:c1').map((o) => [o.value, o.selected])).toEqual([
      ['', false],
      ['p:p1', false],
      ['c:c1', true],
      ['p:p2', false],
    ]);
    expect(parseServes(tree, 'c:c1')).toEqual({ priorityId: 'p1', commitmentId: 'c1' });
    expect(parseServes(tree, 'p:p2')).toEqual({ priorityId: 'p2', commitmentId: null });
    expect(parseServes(tree, 'p:nope')).toBeUndefined();
    expect(servesValue({ priorityId: 'p1', commitmentId: null })).toBe('p:p1');
  });

  it('shows "No actions" rather than 0% when there is nothing to roll up', () => {
    expect(rollupDisplay(rollup([]))).toMatchObject({ text: 'No actions', width: 0, value: null });
    const d = rollupDisplay(
      rollup([
        { reference: 'A', progress: 40, weight: 2 },
        { reference: 'B', progress: 10, weight: null },
      ]),
    );
    expect(d.text).toBe('30%');
    expect(d.weightsNote).toMatch(/weights add up to 3/);
    expect(d.formula).toMatch(/Σ \(weight × progress\) ÷ Σ weight/);
  });

  it('keeps only known filter values', () => {
    const f = progressFilters({ status: 'on-track', organisation: 'Nobody' }, ['Cleveland Police']);
    expect(f.status).toBe('on-track');
    expect(f.organisation).toBeUndefined();
    expect(f.active).toBe(true);
  });
});

describe('links from a plan page to its delivery plans and annual reports', () => {
  const row = (ref: string, yearStart: string, published: Date | null) => ({
    id: `id-${ref}`,
    reference: ref,
    title: `Delivery plan ${ref}`,
    label: ref,
    yearStart,
    actionCount: ref === 'b' ? 1 : 3,
    annualReportPublishedAt: published,
  });
  const rows = [row('b', '2025-04-01', null), row('a', '2024-04-01', new Date('2025-06-01T09:00:00Z'))];

  it('gives the public each year’s progress and the published annual reports, oldest first', () => {
    const g = planDeliveryLinks(rows, { isPublic: true }, { audience: 'public' })!;
    expect(g.heading).toBe('Progress and annual reports');
    expect(g.links).toEqual([
      { text: 'Progress: Delivery plan a', href: '/delivery/a', hint: 'a · 3 actions' },
      { text: 'Annual report a', href: '/delivery/a/annual-report', hint: 'Published 1 June 2025' },
      { text: 'Progress: Delivery plan b', href: '/delivery/b', hint: 'b · 1 action' },
    ]);
    expect(planDeliveryLinks(rows, { isPublic: false }, { audience: 'public' })).toBeNull();
  });

  it('gives staff every annual report, marked when not published, by role', () => {
    const g = planDeliveryLinks(rows, { isPublic: false }, { audience: 'staff', role: 'editor' })!;
    expect(g.links.map((l) => [l.href, l.hint])).toEqual([
      ['/admin/delivery/plans/id-a', 'a · 3 actions'],
      ['/admin/delivery/plans/id-a/annual', 'Published 1 June 2025'],
      ['/admin/delivery/plans/id-b', 'b · 1 action'],
      ['/admin/delivery/plans/id-b/annual', 'Not published'],
    ]);
    expect(planDeliveryLinks(rows, { isPublic: true }, { audience: 'staff', role: 'force-lead' })!.links.map((l) => l.href)).toEqual([
      '/admin/delivery/plans/id-a',
      '/admin/delivery/plans/id-b',
    ]);
    expect(planDeliveryLinks(rows, { isPublic: true }, { audience: 'staff', role: null })).toBeNull();
  });
});

describe('the public annual report page', () => {
  const doc = {
    title: 'Annual report 2013/14',
    subtitle: 'Body',
    blocks: [
      { type: 'title' as const, text: 'Annual report 2013/14' },
      { type: 'paragraph' as const, text: 'Intro <b>text</b>' },
      { type: 'heading' as const, level: 1 as const, text: 'Priority' },
      { type: 'heading' as const, level: 2 as const, text: 'In 2013/14 I have:' },
      { type: 'bullets' as const, items: ['One', 'Two'] },
      { type: 'table' as const, caption: 'C', head: ['A', 'B'], rows: [['1', '2']] },
    ],
  };
  it('keeps every block of the Word and PDF versions but the title (the page’s h1), headings one level down', () => {
    expect(annualReportHtml(doc).blocks).toEqual([
      { type: 'paragraph', text: 'Intro <b>text</b>' },
      { type: 'heading', tag: 'h2', classes: 'govuk-heading-l', text: 'Priority' },
      { type: 'heading', tag: 'h3', classes: 'govuk-heading-m', text: 'In 2013/14 I have:' },
      { type: 'bullets', items: ['One', 'Two'] },
      { type: 'table', caption: 'C', head: [{ text: 'A' }, { text: 'B' }], rows: [[{ text: '1' }, { text: '2' }]] },
    ]);
  });
  it('links the downloads, the year’s progress and the plan', () => {
    const v = publicAnnualReportPage(
      {
        deliveryPlan: { reference: 'dp 1', title: 'Delivery plan', annualReportPublishedAt: new Date() },
        plan: { reference: 'plan-1', title: 'Plan' },
        pastLabel: '2013/14',
      },
      doc,
    );
    expect(v.links).toEqual({
      progress: '/delivery/dp%201',
      docx: '/delivery/dp%201/annual-report.docx',
      pdf: '/delivery/dp%201/annual-report.pdf',
      planPage: '/plans/plan-1',
    });
    expect(v.breadcrumbs.map((b) => b.text)).toEqual(['Progress', 'Delivery plan', 'Annual report 2013/14']);
  });
});
