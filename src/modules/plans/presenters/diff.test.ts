import { describe, expect, it } from 'vitest';
import { diffPlans } from '../diff.js';
import { diffPresenter, planOptions, wordChanges } from './diff.js';
import { treeOf } from './fixtures.js';

describe('wordChanges', () => {
  it('marks the words taken out on the old side and the words put in on the new side', () => {
    const w = wordChanges('Safe and strong communities', 'Safe, strong and confident communities');
    expect(w.before.map((s) => s.text).join('')).toBe('Safe and strong communities');
    expect(w.after.map((s) => s.text).join('')).toBe('Safe, strong and confident communities');
    expect(
      w.after
        .filter((s) => s.marked)
        .map((s) => s.text.trim())
        .join(' '),
    ).toContain('confident');
    expect(w.before.filter((s) => s.marked).length).toBeGreaterThan(0);
    expect(w.before.some((s) => s.marked && s.text.includes('communities'))).toBe(false);
  });
});

describe('wordChanges of a rewritten sentence', () => {
  it('marks words taken out one after another as one run, not word by word', () => {
    const w = wordChanges('Cutting crime and disorder will be my key focus.', 'Following my election, this update revisits activity.');
    expect(w.before.filter((s) => s.marked).map((s) => s.text)).toEqual(['Cutting crime and disorder will be my key focus']);
    expect(w.after.filter((s) => s.marked).length).toBe(1);
    const kept = wordChanges('Safe and strong communities', 'Safe and confident communities');
    expect(kept.after).toEqual([
      { text: 'Safe and ', marked: false },
      { text: 'confident', marked: true },
      { text: ' communities', marked: false },
    ]);
  });
});

describe('diffPresenter', () => {
  const from = treeOf({
    reference: 'p-v1',
    title: 'Plan',
    status: 'superseded',
    publishedOn: '2024-12',
    priorityLabel: 'Objective',
    vision: 'Old vision',
    shape: [
      [
        'P1',
        'Cut crime',
        [
          ['C1', 'More patrols'],
          ['C2', 'Tackle burglary'],
        ],
      ],
      ['P2', 'Support victims', [['C3', 'Victim hub']]],
      ['P3', 'Old priority', []],
    ],
  });
  const to = treeOf({
    reference: 'p-v2',
    title: 'Plan',
    status: 'published',
    version: 2,
    priorityLabel: 'Objective',
    vision: 'New vision',
    labels: { commitment: 'Deliverable' },
    shape: [
      [
        'P2',
        'Support victims',
        [
          ['C3', 'Victim hub'],
          ['C2', 'Tackle burglary'],
        ],
      ],
      ['P1', 'Cut crime and disorder', [['C1', 'More patrols']]],
      ['P4', 'New priority', []],
    ],
  });
  const view = diffPresenter(from, to, diffPlans(from, to));

  it('shows the plan’s changed fields with old and new text', () => {
    expect(view.plan).toEqual([
      {
        label: 'Vision',
        before: [
          { text: 'Old', marked: true },
          { text: ' vision', marked: false },
        ],
        after: [
          { text: 'New', marked: true },
          { text: ' vision', marked: false },
        ],
      },
    ]);
  });

  it('groups items in the plan’s own words, with status, place and moves', () => {
    expect(view.groups.map((g) => g.heading)).toEqual(['Objectives', 'Deliverables']);
    const objectives = view.groups[0].items;
    expect(objectives.find((i) => i.reference === 'P4')?.status).toBe('Added');
    expect(objectives.find((i) => i.reference === 'P3')?.status).toBe('Removed');
    const p1 = objectives.find((i) => i.reference === 'P1')!;
    expect(p1.status).toMatch(/^Changed/);
    expect(p1.fields[0].label).toBe('Title');
    expect(
      p1.fields[0].after
        .filter((s) => s.marked)
        .map((s) => s.text)
        .join(''),
    ).toContain('disorder');
    const c2 = view.groups[1].items.find((i) => i.reference === 'C2')!;
    expect(c2).toMatchObject({
      status: 'Moved',
      moved: 'Moved from Objective 1: Cut crime to Objective 1: Support victims',
      place: 'Objective 1: Support victims',
    });
  });

  it('labels versions with number, status and date', () => {
    expect(view.from.label).toBe('Plan (p-v1): version 1, superseded, published December 2024');
    expect(planOptions([from, to], to.id).map((o) => o.selected)).toEqual([false, true]);
  });

  it('says when there is nothing to show', () => {
    const same = diffPresenter(from, from, diffPlans(from, from));
    expect(same.noChanges).toBe(true);
    expect(same.groups).toEqual([]);
  });
});
