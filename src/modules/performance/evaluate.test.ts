import { describe, expect, it } from 'vitest';
import { evaluate, targetStatus, type MeasureShape } from './evaluate.js';
import { addMonths, monthRange, monthsOfQuarter, periodIndex, periodLabel, quarterOfMonth } from './periods.js';
import { poissonRateTest } from './stats.js';

const shape: MeasureShape = {
  polarity: 'lower',
  frequency: 'monthly',
  targetKind: 'direction',
  targetValue: null,
  baselineFrom: '2023-04',
  baselineTo: '2024-03',
  unit: 'crimes',
};
const months = monthRange('2023-04', '2025-03');

describe('periods', () => {
  it('does month arithmetic across years', () => {
    expect(addMonths('2024-11', 3)).toBe('2025-02');
    expect(monthRange('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(quarterOfMonth('2025-03')).toBe('2025-Q1');
    expect(monthsOfQuarter('2024-Q4')).toEqual(['2024-10', '2024-11', '2024-12']);
    expect(periodIndex('quarterly', '2025-Q1')).toBeGreaterThan(periodIndex('quarterly', '2024-Q4'));
    expect(periodLabel('quarterly', '2024-Q4')).toBe('October to December 2024');
  });
});

describe('evaluate', () => {
  it('tests the latest 12 months against the 12 before with the Poisson test', () => {
    const series = months.map((period, i) => ({ period, value: i < 12 ? 200 : 170, count: i < 12 ? 200 : 170 }));
    const e = evaluate(shape, series, true);
    expect(e.change?.current).toBe(12 * 170);
    expect(e.change?.previous).toBe(12 * 200);
    expect(e.change?.pValue).toBe(poissonRateTest(2040, 12, 2400, 12).pValue);
    expect(e.change?.label).toBe('significantly lower than the same 12 months last year');
    expect(e.rag).toBe('green');
    expect(e.limits?.kind).toBe('c-chart');
    expect(e.target?.met).toBe(true);
  });
  it('reports no significant change for a small difference', () => {
    const series = months.map((period, i) => ({ period, value: i < 12 ? 100 : 99, count: i < 12 ? 100 : 99 }));
    const e = evaluate(shape, series, true);
    expect(e.change?.label).toBe('no significant change');
    expect(e.rag).toBe('amber');
  });
  it('uses a shorter window when fewer than 24 months exist', () => {
    const e = evaluate(
      shape,
      months.slice(0, 6).map((period) => ({ period, value: 10, count: 10 })),
      true,
    );
    expect(e.change?.window).toBe(3);
    expect(e.change?.label).toBe('no significant change');
  });
  it('does not apply the Poisson test to entered figures and uses XmR limits', () => {
    const e = evaluate(
      { ...shape, targetKind: 'reach', targetValue: 10, unit: 'seconds' },
      months.map((period) => ({ period, value: 8 })),
      false,
    );
    expect(e.change).toBeUndefined();
    expect(e.notTestedReason).toMatch(/not counts/);
    expect(e.limits?.kind).toBe('xmr');
    expect(e.target?.met).toBe(true);
    expect(e.rag).toBe('green');
  });
  it('has nothing to say without figures', () => {
    expect(evaluate(shape, [], true).rag).toBe('grey');
  });
});

describe('targets', () => {
  it('reduce by a percentage of the baseline', () => {
    const pts = months.map((period, i) => ({ period, value: i < 12 ? 100 : 92 }));
    const t = targetStatus({ ...shape, targetKind: 'reduce-by', targetValue: 10 }, pts);
    expect(t.value).toBeCloseTo(90);
    expect(t.met).toBe(false);
    const t2 = targetStatus({ ...shape, targetKind: 'reduce-by', targetValue: 5 }, pts);
    expect(t2.met).toBe(true);
  });
  it('reach a value respects polarity', () => {
    const pts = [{ period: '2025-03', value: 80 }];
    expect(targetStatus({ ...shape, polarity: 'higher', targetKind: 'reach', targetValue: 85 }, pts).met).toBe(false);
    expect(targetStatus({ ...shape, polarity: 'lower', targetKind: 'reach', targetValue: 85 }, pts).met).toBe(true);
  });
});

describe('monthly control limits', () => {
  it('uses a c-chart for Poisson-like counts', () => {
    const pts = [100, 104, 97, 101, 99, 103, 96, 100].map((v, i) => ({ period: months[i], value: v, count: v }));
    expect(evaluate(shape, pts, true).limits?.kind).toBe('c-chart');
  });
  it('switches to XmR, and says why, when counts are over-dispersed', () => {
    const pts = [1000, 1200, 900, 1250, 850, 1300, 800, 1150].map((v, i) => ({ period: months[i], value: v, count: v }));
    const l = evaluate(shape, pts, true).limits!;
    expect(l.kind).toBe('xmr');
    expect(l.description).toMatch(/vary more than a Poisson process/);
  });
});
