import { describe, expect, it } from 'vitest';
import { fixturePlan, fixtureTree } from '../presenters/publicFixtures.js';
import { planSummaryJson, planTreeJson } from './planJson.js';

describe('planTreeJson', () => {
  it('gives the whole tree in order with numbers, outcome references and absolute links', () => {
    const tree = fixtureTree();
    const json = planTreeJson(tree, [tree], 'https://example.test/');
    expect(json.links.self).toBe('https://example.test/api/v1/plans/area-2020-23');
    expect(json.links.docx).toBe('https://example.test/plans/area-2020-23/plan.docx');
    expect(json.priorities.map((p) => [p.number, p.label, p.reference])).toEqual([
      [1, 'Objective 1', 'P1'],
      [2, 'Objective 2', 'P2'],
    ]);
    expect(json.priorities[0].outcomes).toEqual(['O1']);
    expect(json.priorities[0].commitments.map((c) => c.title)).toEqual(['Visit every ward', 'Answer every call']);
    expect(json.term).toEqual({ start: '2020-04-01', end: '2023-03-31' });
    expect(json.publishedAt).toBe('2020-04-01T09:00:00.000Z');
  });
  it('names only public neighbours in the lineage', () => {
    const v1 = fixturePlan({ reference: 'x-v1', status: 'superseded' });
    const v2 = fixturePlan({ reference: 'x-v2', status: 'published', previousVersionId: v1.id });
    const draft = fixturePlan({ reference: 'x-v3', status: 'draft', previousVersionId: v2.id });
    expect(planSummaryJson(v2, [v1, v2, draft], 'http://h').refreshes).toEqual({ id: v1.id, reference: 'x-v1', title: v1.title });
    expect(planSummaryJson(v2, [v1, v2, draft], 'http://h').supersededBy).toBeNull();
    expect(planSummaryJson(v1, [v1, v2, draft], 'http://h').supersededBy?.reference).toBe('x-v2');
  });
});
