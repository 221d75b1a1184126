import { describe, expect, it } from 'vitest';
import { diffPlans, inOrder } from './diff.js';
import { treeOf } from './presenters/fixtures.js';

const base = () =>
  treeOf({
    vision: 'Safe and strong communities',
    shape: [
      [
        'P1',
        'Victims',
        [
          ['C1', 'Fund services'],
          ['C2', 'Listen'],
        ],
      ],
      ['P2', 'Crime', [['C3', 'Reduce burglary']]],
      ['P3', 'Partnership', []],
    ],
  });

describe('inOrder', () => {
  it('keeps the longest run that stayed in order', () => {
    expect([...inOrder(['a', 'c', 'b'], ['a', 'b', 'c'])].sort()).toHaveLength(2);
    expect(inOrder(['x', 'a', 'b'], ['a', 'b'])).toEqual(new Set(['a', 'b']));
  });
});

describe('diffPlans', () => {
  it('finds nothing between identical versions', () => {
    const d = diffPlans(base(), base());
    expect(d.counts).toEqual({ added: 0, removed: 0, changed: 0, moved: 0 });
    expect(d.plan).toEqual([]);
  });

  it('reports the plan’s own changed fields with both texts', () => {
    const next = base();
    next.vision = 'Safe, strong and confident communities';
    next.values = ['Integrity'];
    const d = diffPlans(base(), next);
    expect(d.plan).toEqual([
      { field: 'vision', before: 'Safe and strong communities', after: 'Safe, strong and confident communities' },
      { field: 'values', before: '', after: 'Integrity' },
    ]);
  });

  it('gives a changed term in words', () => {
    const next = base();
    next.termStart = '2014-04-01';
    next.termEnd = '2017-03-31';
    const before = base();
    before.termStart = '2013-04-01';
    before.termEnd = '2016-03-31';
    expect(diffPlans(before, next).plan).toEqual([{ field: 'term', before: '1 April 2013 to 31 March 2016', after: '1 April 2014 to 31 March 2017' }]);
  });

  it('reports added, removed, changed and moved priorities and commitments', () => {
    const next = treeOf({
      vision: 'Safe and strong communities',
      shape: [
        ['P0', 'New first', []],
        [
          'P2',
          'Crime and ASB',
          [
            ['C3', 'Reduce burglary'],
            ['C2', 'Listen'],
          ],
        ],
        ['P1', 'Victims', [['C1', 'Fund more services']]],
      ],
    });
    const d = diffPlans(base(), next);
    const p = (ref: string) => d.items.find((x) => x.kind === 'priority' && x.reference === ref)!;
    const c = (ref: string) => d.items.find((x) => x.kind === 'commitment' && x.reference === ref)!;
    expect(p('P0').status).toBe('added');
    expect(p('P3').status).toBe('removed');
    expect(p('P2').fields).toEqual([{ field: 'title', before: 'Crime', after: 'Crime and ASB' }]);
    // P2 and P1 swapped: one of them is marked as moved, not both.
    expect([p('P1').moved, p('P2').moved].filter(Boolean)).toHaveLength(1);
    expect(c('C2')).toMatchObject({ moved: true, parent: 'P2', previousParent: 'P1' });
    expect(c('C1').fields).toEqual([{ field: 'title', before: 'Fund services', after: 'Fund more services' }]);
    expect(c('C3').moved).toBe(false);
    expect(d.counts).toEqual({ added: 1, removed: 1, changed: 2, moved: 2 });
  });

  it('compares narratives, outcomes, sections, lists and links', () => {
    const from = base();
    const to = base();
    to.priorities[0].narrative = 'New words.';
    to.priorities[0].lists = [{ label: 'Key areas of focus', items: ['Stalking'] }];
    to.outcomes = [{ id: 'o1', planId: to.id, reference: 'O1', position: 1, title: 'Fewer victims', description: null }];
    to.priorities[1].outcomeIds = ['o1'];
    to.sections = [{ id: 's1', planId: to.id, reference: 'S1', position: 1, title: 'Finance', body: 'Money', covers: [] }];
    const d = diffPlans(from, to);
    const p1 = d.items.find((x) => x.reference === 'P1')!;
    expect(p1.fields.map((f) => f.field)).toEqual(['narrative', 'lists']);
    expect(p1.fields[1].after).toBe('Key areas of focus:\nStalking');
    expect(d.items.find((x) => x.reference === 'P2')!.fields).toEqual([{ field: 'outcomes', before: '', after: 'Fewer victims' }]);
    expect(d.items.find((x) => x.reference === 'O1')).toMatchObject({ kind: 'outcome', status: 'added' });
    expect(d.items.find((x) => x.reference === 'S1')).toMatchObject({
      kind: 'section',
      status: 'added',
      fields: [
        { field: 'title', before: '', after: 'Finance' },
        { field: 'body', before: '', after: 'Money' },
      ],
    });
  });
});
