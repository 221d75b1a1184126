import { describe, expect, it } from 'vitest';
import { fixturePlan, planWording } from '../../plans/testing.js';
import { attributionStatement, catalogueJson, openDataPresenter } from './openData.js';

describe('openDataPresenter', () => {
  const datasets = [
    { title: 'Plans', description: 'Every plan', formats: [{ label: 'JSON', href: '/api/v1/plans' }] },
    {
      title: 'Crime',
      description: 'Street crime',
      formats: [
        { label: 'CSV', href: '/crime.csv' },
        { label: 'JSON', href: '/api/v1/crime' },
      ],
    },
    { title: 'Plans', description: 'Every plan', formats: [{ label: 'JSON', href: '/api/v1/plans' }] },
  ];

  it('lists every module’s datasets once, in order, with accessible link text', () => {
    const page = openDataPresenter(datasets, [], 'Office of X', 2026, planWording);
    expect(page.datasets.map((d) => d.title)).toEqual(['Plans', 'Crime']);
    expect(page.datasets[1].formats).toEqual([
      { label: 'CSV', href: '/crime.csv', text: 'Crime (CSV)' },
      { label: 'JSON', href: '/api/v1/crime', text: 'Crime (JSON)' },
    ]);
  });

  it('offers Word, PDF and JSON for public plans only, under the plan’s own document title', () => {
    const page = openDataPresenter(
      [],
      [fixturePlan({ reference: 'pub', documentTitle: "Police, Crime and Victims' Plan 2021–2024" }), fixturePlan({ reference: 'secret', status: 'draft' })],
      'Office of X',
      2026,
      planWording,
    );
    expect(page.plans.map((p) => p.downloads.map((d) => d.href))).toEqual([['/plans/pub/plan.docx', '/plans/pub/plan.pdf', '/plans/pub/plan.json']]);
    expect(page.plans[0].title).toBe("Police, Crime and Victims' Plan 2021–2024");
  });

  it('names the Open Government Licence v3.0 and the attribution in the body’s name', () => {
    const page = openDataPresenter([], [], 'Office of X', 2026, planWording);
    expect(page.licence.name).toBe('Open Government Licence v3.0');
    expect(page.licence.href).toBe('https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/');
    expect(attributionStatement('Office of X', 2026)).toBe(
      'Contains public sector information from Office of X licensed under the Open Government Licence v3.0. © Office of X 2026.',
    );
  });
});

describe('catalogueJson', () => {
  it('gives every dataset and public plan with absolute links, the licence and attribution', () => {
    const page = openDataPresenter(
      [
        {
          title: 'Crime',
          description: 'Street crime',
          formats: [
            { label: 'CSV', href: '/crime.csv' },
            { label: 'ONS', href: 'https://ons.example/x' },
          ],
        },
      ],
      [fixturePlan({ reference: 'pub' })],
      'Office of X',
      2026,
      planWording,
    );
    const json = catalogueJson(page, 'https://pcc.example/', 'Office of X');
    expect(json.licence.url).toBe('https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/');
    expect(json.datasets[0].distributions).toEqual([
      { format: 'CSV', url: 'https://pcc.example/crime.csv' },
      { format: 'ONS', url: 'https://ons.example/x' },
    ]);
    expect(json.datasets[1].distributions.map((d) => d.url)).toEqual([
      'https://pcc.example/plans/pub',
      'https://pcc.example/plans/pub/plan.docx',
      'https://pcc.example/plans/pub/plan.pdf',
      'https://pcc.example/plans/pub/plan.json',
    ]);
  });
});
