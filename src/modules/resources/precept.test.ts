import { describe, expect, it } from 'vitest';
import { preceptScenario, preceptScenarios } from './precept.js';

describe('precept scenarios', () => {
  it('turns a band D change into income from the tax base', () => {
    const s = preceptScenario(150_000, 30_000, 1_500);
    expect(s.bandDPence).toBe(31_500);
    expect(s.incomePence).toBe(150_000 * 31_500);
    expect(s.extraIncomePence).toBe(150_000 * 1_500);
    expect(s.percentChange).toBe(5);
    expect(s.label).toBe('Increase of £15 a year');
  });
  it('handles a freeze and a cut', () => {
    expect(preceptScenario(1000.5, 10_000, 0).extraIncomePence).toBe(0);
    expect(preceptScenario(1000, 10_000, -250).label).toBe('Decrease of £2.50 a year');
    expect(preceptScenario(1000, 10_000, -250).extraIncomePence).toBe(-250_000);
  });
  it('lists the scenarios in order and marks the proposal', () => {
    const list = preceptScenarios(100, 20_000, 1_300);
    expect(list.map((s) => s.changePence)).toEqual([0, 500, 1000, 1300, 1500]);
    expect(list.find((s) => s.changePence === 1300)?.label).toMatch(/proposed/);
  });
  it('refuses a negative tax base', () => {
    expect(() => preceptScenario(-1, 100, 0)).toThrow();
  });
});
