import { describe, expect, it } from 'vitest';
import { evaluateSuggester, trainSuggester } from './suggest.js';
import { rng, syntheticText } from './synthetic.js';

function coded(seed: number, n: number) {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const t = syntheticText(r);
    return { text: t.text, codes: t.themes };
  });
}

describe('suggested codes', () => {
  it('has nothing to suggest before two different codes are used', async () => {
    expect(await trainSuggester([{ text: 'more patrols', codes: ['Visible policing'] }])).toBeNull();
  });

  it('after 20 coded answers, beats the majority and random baselines on held-back answers', async () => {
    const all = coded(2024, 120);
    const train = all.slice(0, 20);
    const heldBack = all.slice(20);
    const r = await evaluateSuggester(train, heldBack);
    expect(r.tested).toBe(100);
    expect(r.accuracy).toBeGreaterThan(r.majorityBaseline + 0.15);
    expect(r.accuracy).toBeGreaterThan(r.randomBaseline + 0.15);
  });

  it('suggests the code of a clearly themed answer', async () => {
    const s = (await trainSuggester(coded(7, 60)))!;
    expect(s.suggest('Speeding cars race down our road every night', 1)[0].code).toBe('Road safety');
    expect(s.suggest('', 3)).toEqual([]);
  });
});
