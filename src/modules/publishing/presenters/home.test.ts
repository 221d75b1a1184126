import { describe, expect, it } from 'vitest';
import { fixtureTree, planWording } from '../../plans/testing.js';
import { homePresenter } from './home.js';

const datasets = [{ title: 'Plans', description: 'd', formats: [{ label: 'JSON', href: '/api/v1/plans' }] }];

describe('homePresenter', () => {
  it('gives the current plan’s vision and its priorities, each linking to its page', () => {
    const page = homePresenter(fixtureTree({ reference: 'x-2024-29', vision: 'Safe places' }), datasets, planWording);
    expect(page.plan?.vision).toEqual([{ type: 'paragraph', text: 'Safe places' }]);
    expect(page.plan?.summary).toEqual([]);
    expect(page.plan?.priorities).toEqual([
      { heading: 'Objective 1', title: 'Cut burglary', href: '/plans/x-2024-29/priorities/P1' },
      { heading: 'Objective 2', title: 'Support victims', href: '/plans/x-2024-29/priorities/P2' },
    ]);
    expect(page.plan?.href).toBe('/plans/x-2024-29');
  });

  it('names the plan by its own document title and offers it in Word and as a PDF', () => {
    const page = homePresenter(fixtureTree({ reference: 'x-2021-24', documentTitle: "Police, Crime and Victims' Plan 2021–2024" }), datasets, planWording);
    expect(page.plan?.title).toBe("Police, Crime and Victims' Plan 2021–2024");
    expect([page.plan?.docx, page.plan?.pdf]).toEqual(['/plans/x-2021-24/plan.docx', '/plans/x-2021-24/plan.pdf']);
  });

  it('falls back to the summary when the plan states no vision', () => {
    const tree = fixtureTree();
    tree.vision = null;
    expect(homePresenter(tree, datasets, planWording).plan?.summary).toEqual([{ type: 'paragraph', text: 'A summary.' }]);
  });

  it('works with no plan yet and always gives the quick links', () => {
    const page = homePresenter(undefined, [], planWording);
    expect(page.plan).toBeNull();
    expect(page.quickLinks.map((l) => l.href)).toEqual(['/plans', '/open-data', '/api']);
    expect(page.quickLinks[1].description).toContain('0 datasets');
    expect(homePresenter(undefined, datasets, planWording).quickLinks[1].description).toContain('1 dataset ');
  });
});
