import { describe, expect, it } from 'vitest';
import { CHAR_WIDTH, fmtTick, niceScale, niceStep, spreadLabels, textBox, thinTicks, wrapText } from './axes.js';

describe('measuring text', () => {
  it('boxes a text by its anchor: start, middle or end at x, baseline at y', () => {
    const w = 10 * 10 * CHAR_WIDTH;
    expect(textBox({ x: 100, y: 50, text: 'a'.repeat(10), size: 10, anchor: 'start' })).toEqual([100, 42, 100 + w, 52]);
    expect(textBox({ x: 100, y: 50, text: 'a'.repeat(10), size: 10, anchor: 'middle' })).toEqual([100 - w / 2, 42, 100 + w / 2, 52]);
    expect(textBox({ x: 100, y: 50, text: 'a'.repeat(10), size: 10, anchor: 'end' })).toEqual([100 - w, 42, 100, 52]);
  });
  it('wraps at words within the width, cuts a longer word and the last line with an ellipsis', () => {
    const perLine = Math.floor(100 / (10 * CHAR_WIDTH));
    expect(perLine).toBe(16);
    expect(wrapText('Violence against the person and sexual offences', 10, 100)).toEqual(['Violence against', 'the person and', 'sexual offences']);
    expect(wrapText('Violence against the person and sexual offences', 10, 100, 2)).toEqual(['Violence against', 'the person and …']);
    expect(wrapText('Antidisestablishmentarianism', 10, 100)).toEqual(['Antidisestablis…']);
    expect(wrapText('', 10, 100)).toEqual([]);
  });
});

describe('tick thinning and label spreading', () => {
  it('keeps the first label and steps by the widest label', () => {
    const labels = Array.from({ length: 24 }, () => 'Sep 2025');
    const w = 8 * 11 * CHAR_WIDTH;
    expect(thinTicks(labels, w / 2, 11)).toEqual([0, 3, 6, 9, 12, 15, 18, 21]);
    expect(thinTicks(['a', 'b', 'c'], 100, 11)).toEqual([0, 1, 2]);
    expect(thinTicks([], 100, 11)).toEqual([]);
  });
  it('moves close labels apart and keeps them within the plot', () => {
    expect(spreadLabels([50, 51, 52], 13, 0, 200)).toEqual([50, 63, 76]);
    expect(spreadLabels([199, 200], 13, 0, 200)).toEqual([187, 200]);
  });
});

describe('scales', () => {
  it('rounds steps to 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(396)).toBe(500);
    expect(niceStep(150)).toBe(200);
    expect(niceStep(0.8)).toBe(1);
    expect(niceStep(1000)).toBe(1000);
    expect(niceStep(0)).toBe(1);
  });
  it('always holds zero and every figure, negative ones too', () => {
    expect(niceScale([3, 96])).toEqual({ min: 0, max: 100, ticks: [0, 50, 100] });
    expect(niceScale([-40, 80])).toEqual({ min: -50, max: 100, ticks: [-50, 0, 50, 100] });
    expect(niceScale([-7, -2])).toEqual({ min: -8, max: 0, ticks: [-8, -6, -4, -2, 0] });
    expect(niceScale([0, 0])).toEqual({ min: 0, max: 1, ticks: [0, 1] });
    expect(niceScale([])).toEqual({ min: 0, max: 1, ticks: [0, 1] });
    expect(niceScale([0.1, 0.3]).ticks).toEqual([0, 0.1, 0.2, 0.3]);
  });
  it('writes ticks with the decimals their step needs', () => {
    expect(fmtTick(1500, 500)).toBe('1,500');
    expect(fmtTick(0.2, 0.1)).toBe('0.2');
    expect(fmtTick(-50, 50)).toBe('-50');
  });
});
