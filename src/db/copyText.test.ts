import { describe, expect, it } from 'vitest';
import { copyText } from './copyText.js';

describe('copyText', () => {
  it('separates values by tabs and rows by newlines, with \\N for none', () => {
    expect(
      copyText([
        ['E01000001', 'City of London 001A', null],
        ['E01000002', '', undefined],
      ]),
    ).toBe('E01000001\tCity of London 001A\t\\N\nE01000002\t\t\\N\n');
  });
  it('escapes the characters the format gives a meaning to, so a value comes back as written', () => {
    expect(copyText([['a\\b', 'tab\there', 'line\nbreak', 'cr\rhere', '\\N']])).toBe('a\\\\b\ttab\\there\tline\\nbreak\tcr\\rhere\t\\\\N\n');
  });
  it('writes nothing for no rows', () => {
    expect(copyText([])).toBe('');
  });
});
