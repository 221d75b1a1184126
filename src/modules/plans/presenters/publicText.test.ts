import { describe, expect, it } from 'vitest';
import { firstParagraph, textBlocks } from './publicText.js';

describe('textBlocks', () => {
  it('splits paragraphs on blank lines and joins wrapped lines', () => {
    expect(textBlocks('One\ntwo.\n\nThree.')).toEqual([
      { type: 'paragraph', text: 'One two.' },
      { type: 'paragraph', text: 'Three.' },
    ]);
  });
  it('recognises bullet and numbered lists, even straight after a paragraph', () => {
    expect(textBlocks('Intro:\n- a\n- b\n\n1. x\n2) y')).toEqual([
      { type: 'paragraph', text: 'Intro:' },
      { type: 'bullets', items: ['a', 'b'] },
      { type: 'numbered', items: ['x', 'y'] },
    ]);
  });
  it('is empty for no text and keeps markup as text', () => {
    expect(textBlocks(null)).toEqual([]);
    expect(textBlocks('<b>x</b>')).toEqual([{ type: 'paragraph', text: '<b>x</b>' }]);
  });
  it('cuts a long first paragraph at a word with an ellipsis', () => {
    expect(firstParagraph('alpha beta gamma delta', 12)).toBe('alpha beta…');
    expect(firstParagraph('- only a list')).toBe('');
  });
});
