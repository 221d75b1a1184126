import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binomPmf, binomTestTwoSided, controlLimits, formatP, judge, poissonRateTest } from './stats.js';

const reference = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/performance/poisson-cases.json'), 'utf8')) as {
  cases: { x1: number; t1: number; x2: number; t2: number; pValue: number; note: string }[];
};

/** Independent check: the binomial test by brute-force enumeration with exact factorials (small n only). */
function enumerated(x: number, n: number, p: number): number {
  const fact = (k: number) => {
    let f = 1;
    for (let i = 2; i <= k; i++) f *= i;
    return f;
  };
  const pmf = Array.from({ length: n + 1 }, (_, k) => (fact(n) / (fact(k) * fact(n - k))) * p ** k * (1 - p) ** (n - k));
  const d = pmf[x];
  if (x === n * p) return 1;
  return Math.min(
    1,
    pmf.filter((v) => v <= d * (1 + 1e-7)).reduce((a, b) => a + b, 0),
  );
}

describe('poisson rate test against the committed reference table', () => {
  for (const c of reference.cases) {
    it(`${c.x1}/${c.t1} vs ${c.x2}/${c.t2} (${c.note})`, () => {
      const r = poissonRateTest(c.x1, c.t1, c.x2, c.t2);
      expect(Math.abs(r.pValue - c.pValue)).toBeLessThanOrEqual(1e-9 * Math.max(c.pValue, 1e-300));
    });
  }
  it('has a broad table', () => {
    expect(reference.cases.length).toBeGreaterThanOrEqual(12);
  });
});

describe('binomial test by enumeration', () => {
  it('matches cases worked by hand', () => {
    // 0 of 5 at ½: P(0) + P(5) = 2/32.
    expect(binomTestTwoSided(0, 5, 0.5)).toBeCloseTo(0.0625, 15);
    // 3 of 3 at ½: P(0) + P(3) = 2/8.
    expect(binomTestTwoSided(3, 3, 0.5)).toBeCloseTo(0.25, 15);
    // 1 of 2 at ½ is the expected value: 1.
    expect(binomTestTwoSided(1, 2, 0.5)).toBe(1);
  });
  it('agrees with brute-force enumeration for every x at small n and several p', () => {
    for (const n of [1, 4, 9, 17, 30]) {
      for (const p of [0.1, 0.25, 0.5, 2 / 3, 0.9]) {
        for (let x = 0; x <= n; x++) {
          expect(binomTestTwoSided(x, n, p)).toBeCloseTo(enumerated(x, n, p), 12);
        }
      }
    }
  });
  it('pmf sums to one for a large n', () => {
    let s = 0;
    for (let k = 0; k <= 5000; k++) s += binomPmf(k, 5000, 0.37);
    expect(s).toBeCloseTo(1, 12);
  });
  it('rejects impossible inputs', () => {
    expect(() => binomTestTwoSided(5, 3, 0.5)).toThrow();
    expect(() => poissonRateTest(1, 0, 1, 1)).toThrow();
  });
});

describe('judging a change', () => {
  it('a significant fall in a lower-is-better measure is green', () => {
    const s = judge(0.001, 0.85, 'lower', 'the same 12 months last year');
    expect(s).toMatchObject({ rag: 'green', label: 'significantly lower than the same 12 months last year' });
  });
  it('a significant rise in a lower-is-better measure is red', () => {
    expect(judge(0.01, 1.2, 'lower', 'x').rag).toBe('red');
  });
  it('a significant rise in a higher-is-better measure is green', () => {
    expect(judge(0.01, 1.2, 'higher', 'x').rag).toBe('green');
  });
  it('no significant change is amber', () => {
    expect(judge(0.2, 0.9, 'lower', 'x')).toMatchObject({ rag: 'amber', label: 'no significant change' });
    expect(judge(0.05, 0.9, 'lower', 'x').rag).toBe('amber');
  });
  it('formats p-values', () => {
    expect(formatP(0.0321)).toBe('p = 0.032');
    expect(formatP(0.0000004)).toBe('p < 0.001');
  });
});

describe('control limits', () => {
  it('c-chart: mean ± 3√mean, floored at zero', () => {
    const l = controlLimits([100, 100, 100, 100, 160], 'c-chart')!;
    expect(l.centre).toBe(112);
    expect(l.upper).toBeCloseTo(112 + 3 * Math.sqrt(112), 10);
    expect(l.lower).toBeCloseTo(112 - 3 * Math.sqrt(112), 10);
    expect(l.outside).toEqual([4]);
    expect(controlLimits([1, 0, 0, 1], 'c-chart')!.lower).toBe(0);
  });
  it('XmR: mean ± 2.66 × mean moving range', () => {
    const l = controlLimits([10, 12, 11, 13], 'xmr')!;
    const mr = (2 + 1 + 2) / 3;
    expect(l.centre).toBe(11.5);
    expect(l.upper).toBeCloseTo(11.5 + (3 * mr) / 1.128, 10);
    expect(l.description).toMatch(/XmR/);
  });
  it('needs two points', () => {
    expect(controlLimits([5], 'xmr')).toBeUndefined();
  });
});
