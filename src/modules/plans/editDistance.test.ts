import { describe, expect, it } from 'vitest';
import { closestWord, editDistance } from './editDistance.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('priorities', 'priorities')).toBe(0);
    expect(editDistance('priorites', 'priorities')).toBe(1);
    expect(editDistance('titel', 'title')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('suggests only a close word', () => {
    expect(closestWord('priorites', ['priorityLabel', 'priorities'])).toBe('priorities');
    expect(closestWord('Vision', ['vision', 'mission'])).toBe('vision');
    expect(closestWord('colour', ['title', 'values'])).toBeUndefined();
  });
});
