import { describe, expect, it } from 'vitest';
import { fixturePlan, fixtureTree } from './publicFixtures.js';

const names = { planKind: "Police, Crime and Victims' Plan", scrutinyBodyName: 'Somewhere Police and Crime Panel' };
import { forcePriorityRows, performanceRows, publicLineage, publicPlanListPresenter, publicPlanPresenter, publicPriorityPresenter } from './publicPlans.js';

describe('publicLineage', () => {
  it('names the public version a plan refreshes and the one that superseded it, never a draft', () => {
    const v1 = fixturePlan({ reference: 'a-v1', status: 'superseded' });
    const v2 = fixturePlan({ reference: 'a-v2', status: 'published', previousVersionId: v1.id });
    const v3 = fixturePlan({ reference: 'a-v3', status: 'draft', previousVersionId: v2.id });
    const all = [v1, v2, v3];
    expect(publicLineage(v2, all).refreshes?.reference).toBe('a-v1');
    expect(publicLineage(v1, all).supersededBy?.href).toBe('/plans/a-v2');
    expect(publicLineage(v2, all).supersededBy).toBeNull();
  });

  it('labels each version with its number, status and date, and keeps a new term apart from a refresh', () => {
    const v1 = fixturePlan({ reference: 'a-v1', status: 'superseded', publishedOn: '2024-12', publishedAt: null });
    const v2 = fixturePlan({ reference: 'a-v2', status: 'published', version: 2, previousVersionId: v1.id, publishedOn: '2026-01-14' });
    const next = fixturePlan({ reference: 'b', status: 'published', followsId: v2.id, title: 'Next term plan' });
    expect(publicLineage(v2, [v1, v2, next]).refreshes?.version).toBe('version 1, superseded, published December 2024');
    expect(publicLineage(v1, [v1, v2]).supersededBy?.version).toBe('version 2, published 14 January 2026');
    expect(publicLineage(next, [v1, v2, next]).follows?.reference).toBe('a-v2');
    expect(publicLineage(next, [v1, v2, next]).refreshes).toBeNull();
    expect(publicLineage(v2, [v1, v2, next]).followedBy?.title).toBe('Next term plan');
  });
});

describe('publicPlanListPresenter', () => {
  it('puts plans in force first, marks superseded ones and drops anything not public', () => {
    const old = fixturePlan({ reference: 'old', status: 'superseded' });
    const cur = fixturePlan({ reference: 'cur', status: 'published' });
    const draft = fixturePlan({ reference: 'draft', status: 'panel-review' });
    const page = publicPlanListPresenter([cur, old, draft], names);
    expect(page.current.map((p) => p.reference)).toEqual(['cur']);
    expect(page.past.map((p) => [p.reference, p.superseded, p.status.text])).toEqual([['old', true, 'Superseded']]);
    expect(JSON.stringify(page)).not.toContain('draft');
    expect(publicPlanListPresenter([draft], names).hasPlans).toBe(false);
    expect(page.heading).toBe("Police, Crime and Victims' Plans");
  });
  it('gives each card the version number and the date apart, so the card does not read "Version: version 1"', () => {
    const cur = fixturePlan({ reference: 'cur', status: 'published', version: 2, publishedOn: '2024-12' });
    const [row] = publicPlanListPresenter([cur], names).current;
    expect([row.versionNumber, row.published]).toEqual(['2', 'December 2024']);
  });
});

describe('publicPlanPresenter', () => {
  it('numbers priorities by order with the plan’s label and links each to its page', () => {
    const page = publicPlanPresenter(fixtureTree(), [], names);
    expect(page.priorities.map((p) => [p.heading, p.href])).toEqual([
      ['Objective 1', '/plans/area-2020-23/priorities/P1'],
      ['Objective 2', '/plans/area-2020-23/priorities/P2'],
    ]);
    expect(page.outcomes[0].priorities.map((p) => p.heading)).toEqual(['Objective 1']);
    expect(page.performance?.rows).toEqual([[{ text: 'Objective 1: Cut burglary' }, { text: 'Burglaries recorded' }, { text: 'Fewer burglaries' }]]);
    expect(page.forcePriorities?.rows[0][2].text).toBe('House burglary; Robbery');
    expect(page.downloads.docx).toBe('/plans/area-2020-23/plan.docx');
    expect(page.downloads.pdf).toBe('/plans/area-2020-23/plan.pdf');
    expect(page.breadcrumbs[1].text).toBe("Police, Crime and Victims' Plans");
    expect(page.themes).toEqual([
      {
        reference: 'T1',
        title: 'Early intervention',
        description: [],
        priorities: [expect.objectContaining({ heading: 'Objective 1' }), expect.objectContaining({ heading: 'Objective 2' })],
      },
    ]);
    expect(page.sections[0].body).toEqual([
      { type: 'paragraph', text: 'Money.' },
      { type: 'numbered', items: ['first', 'second'] },
    ]);
  });
  it('has no tables when the plan has no measures or force priorities', () => {
    const tree = fixtureTree();
    for (const p of tree.priorities) {
      p.measures = [];
      p.forcePriorities = [];
    }
    const page = publicPlanPresenter(tree, [], names);
    expect(page.performance).toBeNull();
    expect(page.forcePriorities).toBeNull();
  });
});

describe('table rows', () => {
  it('flattens force priorities and measures under their priority', () => {
    const tree = fixtureTree();
    expect(forcePriorityRows(tree)).toEqual([
      {
        priority: 'Objective 1: Cut burglary',
        forcePriority: 'Reduce neighbourhood crime',
        areasOfFocus: ['House burglary', 'Robbery'],
        lead: 'ACC Operations',
      },
    ]);
    expect(performanceRows(tree)).toHaveLength(1);
  });
});

describe('publicPriorityPresenter', () => {
  it('gives narrative, commitments in order, force priorities, measures, outcomes and neighbours', () => {
    const tree = fixtureTree();
    const page = publicPriorityPresenter(tree, 'P1', [], names)!;
    expect(page.heading).toBe('Objective 1');
    expect(page.narrative.map((b) => b.type)).toEqual(['paragraph', 'bullets', 'paragraph']);
    expect(page.commitments.map((c) => [c.number, c.title])).toEqual([
      [1, 'Visit every ward'],
      [2, 'Answer every call'],
    ]);
    expect(page.forcePriorities[0]).toEqual({ title: 'Reduce neighbourhood crime', lead: 'ACC Operations', areasOfFocus: ['House burglary', 'Robbery'] });
    expect(page.outcomes.map((o) => o.title)).toEqual(['Fewer victims']);
    expect(page.achievements).toEqual(['did a thing']);
    expect(page.lists).toEqual([{ label: 'Key areas of focus', items: ['Repeat victims'] }]);
    expect(page.themes).toEqual([{ reference: 'T1', title: 'Early intervention' }]);
    expect(page.plan.commitmentsHeading).toBe('Commitments');
    expect(page.pagination).toEqual({ next: { href: '/plans/area-2020-23/priorities/P2', labelText: 'Objective 2: Support victims' } });
    expect(page.isEmpty).toBe(false);
  });
  it('marks an empty priority and is undefined for an unknown one', () => {
    const tree = fixtureTree();
    const p2 = publicPriorityPresenter(tree, 'P2', [], names)!;
    expect(p2.isEmpty).toBe(true);
    expect(p2.heading).toBe('Objective 2');
    expect(p2.pagination?.previous?.href).toBe('/plans/area-2020-23/priorities/P1');
    expect(publicPriorityPresenter(tree, 'P9', [], names)).toBeUndefined();
  });
});
