import { describe, expect, it } from 'vitest';
import type { FinanceLine, WorkforceFigure } from '../financeRepository.js';
import { awardsPresenter, contractFormValues, contractRow, financePresenter, workforcePresenter } from './resourcesPresenters.js';

const fig = (financialYear: string, category: WorkforceFigure['category'], kind: WorkforceFigure['kind'], fte: number): WorkforceFigure => ({
  id: `${financialYear}${category}${kind}`,
  financialYear,
  category,
  kind,
  fte,
  source: null,
  updatedAt: new Date(),
});

describe('workforcePresenter', () => {
  it('shows each category by year with actual, plan and the target line linked to its commitment', () => {
    const v = workforcePresenter(
      [
        fig('2014/15', 'police-officers', 'plan', 1378),
        fig('2013/14', 'police-officers', 'plan', 1441),
        fig('2013/14', 'police-officers', 'actual', 1450.5),
        fig('2013/14', 'pcsos', 'plan', 158),
      ],
      [
        {
          category: 'special-constables',
          label: 'Specials to 200',
          targetFte: 200,
          byYear: '2014/15',
          commitment: { planReference: 'p', planTitle: 'Plan', reference: 'C1', title: 'Increase specials' },
        },
      ],
    );
    expect(v.years).toEqual(['2013/14', '2014/15']);
    expect(v.sections.map((s) => s.label)).toEqual(['Police officers', 'PCSOs', 'Special Constables']);
    expect(v.sections[0].rows).toEqual([
      { year: '2013/14', actual: '1,450.5', plan: '1,441', difference: '9.5', source: '' },
      { year: '2014/15', actual: '', plan: '1,378', difference: '', source: '' },
    ]);
    expect(v.sections[0].chart).toContain('<svg');
    const specials = v.sections[2];
    expect(specials.rows).toEqual([]);
    expect(specials.targets[0].line).toBe('Target: Special Constables to 200 by 2014/15');
    expect(specials.targets[0].commitment).toEqual({ text: 'Increase specials', href: '/plans/p', planTitle: 'Plan' });
  });
});

describe('financePresenter', () => {
  const line = (financialYear: string, category: string, forecastPence: number | null, actualPence: number | null = null, isDemo = false): FinanceLine => ({
    id: financialYear + category,
    financialYear,
    kind: 'funding',
    category,
    label: category,
    forecastPence,
    actualPence,
    planReference: null,
    priorityReference: null,
    note: null,
    isDemo,
    updatedAt: new Date(),
  });
  it('totals funding per year (a total line wins over the sum of parts) and compares forecast with actual', () => {
    const v = financePresenter([
      line('2013/14', 'total-funding', 13_745_800_000),
      line('2014/15', 'central-grant', 10_000_000_000, 9_900_000_000),
      line('2014/15', 'precept', 3_000_000_000),
    ]);
    expect(v.totals).toEqual([
      { year: '2013/14', isDemo: false, forecast: '£137,458k', forecastFull: '£137,458,000' },
      { year: '2014/15', isDemo: false, forecast: '£130,000k', forecastFull: '£130,000,000' },
    ]);
    expect(v.byYear[1].funding[0]).toMatchObject({ category: 'Central government grant', variance: '−£1,000,000' });
    expect(v.chart).toContain('Funding forecast by financial year');
  });
  it('marks a year whose figures were made up for the demo, in the totals and the year', () => {
    const v = financePresenter([line('2024/25', 'total-funding', 1_000_000, null, true), line('2013/14', 'total-funding', 2_000_000)]);
    expect(v.totals.map((t) => [t.year, t.isDemo])).toEqual([
      ['2013/14', false],
      ['2024/25', true],
    ]);
    expect(v.byYear.map((y) => y.isDemo)).toEqual([false, true]);
  });
});

describe('awardsPresenter', () => {
  it('gives the headline total and count', () => {
    const a = { recipient: 'R', project: 'P', area: 'Hartlepool', awardedOn: '2014-01-01', roundTitle: 'T', fundName: 'F' };
    expect(
      awardsPresenter([
        { ...a, amountPence: 3_800_000 },
        { ...a, amountPence: 100_000 },
      ]).headline,
    ).toBe('£39,000 to 2 projects');
    expect(awardsPresenter([{ ...a, amountPence: 50_050 }]).headline).toBe('£500.50 to 1 project');
    expect(awardsPresenter([]).headline).toBe('£0 to 0 projects');
  });
});

describe('contractRow', () => {
  it('flags contracts ending within the reminder window', () => {
    const c = { startDate: '2024-04-01', valuePence: 4_500_000, livingWage: 'accredited' };
    expect(contractRow({ ...c, endDate: '2025-06-30' }, '2025-04-01', 90).status.text).toBe('Ends in 90 days');
    expect(contractRow({ ...c, endDate: '2025-07-01' }, '2025-04-01', 90).status.text).toBe('Active');
    expect(contractRow({ ...c, endDate: '2025-03-31' }, '2025-04-01', 90).status.text).toBe('Ended');
    expect(contractRow({ ...c, endDate: '2025-07-01' }, '2025-04-01', 90).value).toBe('£45,000');
  });
});

describe('contractFormValues', () => {
  const c = {
    reference: 'C-1',
    provider: 'P',
    service: 'S',
    valuePence: 1_250_050,
    startDate: '2025-04-01',
    endDate: '2027-03-31',
    fundingSource: 'MoJ',
    livingWage: 'pays',
    planReference: null,
    priorityReferences: ['P4'],
    contactEmail: null,
  };
  it('gives the stored contract as the edit form takes it: pounds as typed, empty for nothing', () => {
    expect(contractFormValues(c)).toEqual({
      reference: 'C-1',
      provider: 'P',
      service: 'S',
      value: '12,500.50',
      startDate: '2025-04-01',
      endDate: '2027-03-31',
      fundingSource: 'MoJ',
      livingWage: 'pays',
      planReference: '',
      priorities: ['P4'],
      contactEmail: '',
    });
    expect(contractFormValues({ ...c, valuePence: 1_200_000 }).value).toBe('12,000');
  });
});
