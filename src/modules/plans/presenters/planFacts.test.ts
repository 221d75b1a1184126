import { describe, expect, it } from 'vitest';
import { fixturePlan } from './publicFixtures.js';
import { planFacts } from './planFacts.js';

describe('planFacts', () => {
  it('gives the plan’s own date, consultation, Panel review and commissioner, in words', () => {
    const facts = planFacts(
      fixturePlan({
        documentTitle: "Police, Crime and Victims' Plan 2021–2024",
        publishedOn: '2024-12',
        publishedAt: new Date('2026-12-05T10:00:00Z'),
        consultationOpens: '2024-06-24',
        consultationCloses: '2024-09-01',
        consultationExtension: 'Extended by four weeks',
        panelReviewOn: '2024-11-12',
        commissionerName: 'Jo Bloggs',
        commissionerTitle: 'Police and Crime Commissioner',
      }),
      { scrutinyBodyName: 'Somewhere Police and Crime Panel' },
    );
    expect(facts.documentTitle).toBe("Police, Crime and Victims' Plan 2021–2024");
    expect(facts.publishedLabel).toBe('December 2024');
    expect(facts.rows).toEqual([
      { key: 'Made by', value: 'Jo Bloggs, Police and Crime Commissioner' },
      { key: 'Public consultation', value: '24 June 2024 to 1 September 2024. Extended by four weeks' },
      { key: 'Reviewed by the Somewhere Police and Crime Panel', value: '12 November 2024' },
      { key: 'Published', value: 'December 2024' },
    ]);
  });

  it('falls back to the day it was published in OpenPCC (London time), and to the title', () => {
    const facts = planFacts(fixturePlan({ publishedOn: null, publishedAt: new Date('2025-03-31T23:30:00Z') }));
    expect(facts.published).toBe('2025-04-01');
    expect(facts.documentTitle).toBe('Police and Crime Plan 2020–2023');
    expect(facts.commissioner).toBeNull();
    expect(facts.rows).toEqual([{ key: 'Published', value: '1 April 2025' }]);
  });

  it('has no publication date for a plan that gives none', () => {
    expect(planFacts(fixturePlan({ publishedOn: null, publishedAt: null })).rows).toEqual([]);
  });
});
