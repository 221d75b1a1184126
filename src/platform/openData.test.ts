import { describe, expect, it } from 'vitest';
import { csvText, recordSchema, recordsToCsv } from './openData.js';

describe('open data CSV', () => {
  it('neutralises text a spreadsheet would run as a formula, and only text', () => {
    for (const v of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvText(v)).toBe(`'${v}`);
    expect(csvText('plain, text')).toBe('plain, text');
    expect(recordsToCsv([{ n: -5, t: '-5', ok: false, list: ['=a', 'b'], none: null }])).toBe("n,t,ok,list,none\n-5,'-5,false,'=a; b,\n");
  });
  it('quotes what needs quoting, keeps the given columns and writes nothing for nothing', () => {
    expect(recordsToCsv([{ a: 'x, "y"', b: 1 }], ['b', 'a'])).toBe('b,a\n1,"x, ""y"""\n');
    expect(recordsToCsv([], ['a', 'b'])).toBe('a,b\n');
    expect(recordsToCsv([])).toBe('');
  });
  it('describes each field with its type, nullable ones as such', () => {
    expect(recordSchema({ d: ['date', 'When'], n: ['integer?', 'How many'], l: ['string[]', 'Which'] })).toEqual({
      type: 'object',
      properties: {
        d: { type: 'string', format: 'date', description: 'When' },
        n: { type: ['integer', 'null'], description: 'How many' },
        l: { type: 'array', items: { type: 'string' }, description: 'Which' },
      },
      required: ['d', 'n', 'l'],
    });
  });
});
