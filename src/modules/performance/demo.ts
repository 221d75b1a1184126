/**
 * The demo measure set for the 2024–29 plan's priorities, built from the crime data the crime
 * module imported. The 999 answer times are synthetic demo figures and say so; they go in through
 * the same CSV import an analyst uses.
 */
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { monthRange } from './periods.js';
import type { MeasureInput, PerformanceService } from './performanceService.js';

const WANTED: Record<string, { names: string[]; slug: string }> = {
  burglary: { names: ['burglary'], slug: 'burglary' },
  robbery: { names: ['robbery'], slug: 'robbery' },
  theftPerson: { names: ['theft from the person'], slug: 'theft-from-the-person' },
  vehicle: { names: ['vehicle crime'], slug: 'vehicle-crime' },
  bicycle: { names: ['bicycle theft'], slug: 'bicycle-theft' },
  asb: { names: ['anti-social behaviour', 'antisocial behaviour'], slug: 'anti-social-behaviour' },
  violence: { names: ['violence and sexual offences'], slug: 'violent-crime' },
};

export const DEMO_PLAN = 'cleveland-2024-29';

export function demoMeasures(categories: { slug: string; name: string }[], opts: { baseline: [string, string] | null; owner: string }): MeasureInput[] {
  const slug = (k: keyof typeof WANTED) => categories.find((c) => WANTED[k].names.includes(c.name.toLowerCase()))?.slug ?? WANTED[k].slug;
  const base = {
    baselineFrom: opts.baseline?.[0] ?? null,
    baselineTo: opts.baseline?.[1] ?? null,
    planReference: DEMO_PLAN,
    outcomeRefs: [],
    isPublic: true,
    isDemo: true,
    owner: opts.owner,
    frequency: 'monthly' as const,
  };
  return [
    {
      ...base,
      reference: 'neighbourhood-crime',
      name: 'Neighbourhood crime',
      description:
        'Burglary, robbery, theft from the person, vehicle crime and bicycle theft: the Home Office definition of neighbourhood crime, from police.uk street-level data.',
      unit: 'crimes',
      polarity: 'lower',
      sourceKind: 'crime',
      source: { categories: [slug('burglary'), slug('robbery'), slug('theftPerson'), slug('vehicle'), slug('bicycle')], area: null, perThousand: true },
      targetKind: 'direction',
      targetValue: null,
      priorityRefs: ['P1'],
    },
    {
      ...base,
      reference: 'antisocial-behaviour',
      name: 'Antisocial behaviour',
      description: 'Incidents of antisocial behaviour recorded by the force, from police.uk street-level data.',
      unit: 'incidents',
      polarity: 'lower',
      sourceKind: 'crime',
      source: { categories: [slug('asb')], area: null, perThousand: true },
      targetKind: 'direction',
      targetValue: null,
      priorityRefs: ['P1'],
    },
    {
      ...base,
      reference: 'violence-sexual-offences',
      name: 'Violence and sexual offences',
      description: 'The police.uk category "Violence and sexual offences", the nearest published proxy for violence with injury.',
      unit: 'crimes',
      polarity: 'lower',
      sourceKind: 'crime',
      source: { categories: [slug('violence')], area: null, perThousand: true },
      targetKind: 'direction',
      targetValue: null,
      priorityRefs: ['P1', 'P3'],
    },
    {
      ...base,
      reference: 'stop-search-volume',
      name: 'Stop and search',
      description: 'Stops and searches carried out by the force, by the month they happened (UK local time).',
      unit: 'searches',
      polarity: 'higher',
      sourceKind: 'stop-search',
      source: {},
      targetKind: 'direction',
      targetValue: null,
      priorityRefs: ['P2'],
    },
    {
      ...base,
      reference: 'stop-search-disproportionality',
      name: 'Stop and search disproportionality (Black and White people)',
      description:
        'Searches of Black people per head of the Black population, divided by searches of White people per head of the White population (officer-defined ethnicity). 1 means no disproportionality. The two populations must be entered from Census 2021 (table TS021) for the force area before the ratio can be computed.',
      unit: 'ratio',
      polarity: 'lower',
      sourceKind: 'disproportionality',
      source: { ethnicityField: 'officerDefinedEthnicity', groupA: 'Black', groupB: 'White', populationA: null, populationB: null },
      targetKind: 'reach',
      targetValue: 1,
      priorityRefs: ['P5'],
    },
    {
      ...base,
      reference: 'call-999-answer-time',
      name: '999 calls: average time to answer (demo figures)',
      description:
        'Average seconds to answer a 999 call, as reported by the force. DEMO: these figures are synthetic, generated for the demonstration, not the force’s figures.',
      unit: 'seconds',
      polarity: 'lower',
      sourceKind: 'entered',
      source: {},
      targetKind: 'reach',
      targetValue: 10,
      priorityRefs: ['P2', 'P5'],
    },
  ];
}

/** Synthetic, clearly labelled demo figures for the entered measure: a smooth seasonal pattern, no randomness. */
export function demo999Csv(months: string[]): string {
  const lines = ['measure,period,value,note'];
  months.forEach((m, i) => {
    const value = Math.round((9 + 2.5 * Math.sin((i / 12) * 2 * Math.PI) - i * 0.08) * 10) / 10;
    lines.push(`call-999-answer-time,${m},${value},demo figure (synthetic)`);
  });
  return `${lines.join('\n')}\n`;
}

export async function loadPerformanceDemo(
  service: PerformanceService,
  deps: { categories: () => Promise<{ slug: string; name: string }[]>; months: () => Promise<string[]>; owner: string },
) {
  const months = await deps.months();
  const baseline: [string, string] | null =
    months.length >= 24
      ? [months[months.length - 24], months[months.length - 13]]
      : months.length
        ? [months[0], months[Math.max(0, Math.floor(months.length / 2) - 1)]]
        : null;
  for (const m of demoMeasures(await deps.categories(), { baseline, owner: deps.owner })) await service.upsertMeasure(SYSTEM_ACTOR, m);
  const span = months.length ? months : monthRange('2023-04', '2025-03');
  await service.importFigures(SYSTEM_ACTOR, demo999Csv(span), 'demo-999-answer-times.csv');
}
