import { describe, expect, it } from 'vitest';
import { parseFiguresCsv } from './figuresCsv.js';

const measures = new Map([
  ['answer-999', { frequency: 'monthly' as const, sourceKind: 'entered' as const }],
  ['asb', { frequency: 'monthly' as const, sourceKind: 'crime' as const }],
]);

describe('entered figures CSV', () => {
  it('reads good rows', () => {
    const r = parseFiguresCsv('measure,period,value,note\nanswer-999,2025-01,8.5,\n"answer-999",2025-02,"1,020",fine\n', measures);
    expect(r).toEqual({
      ok: true,
      rows: [
        { line: 2, measure: 'answer-999', period: '2025-01', value: 8.5, note: null },
        { line: 3, measure: 'answer-999', period: '2025-02', value: 1020, note: 'fine' },
      ],
    });
  });
  it('names the line and column of each problem and returns no rows', () => {
    const r = parseFiguresCsv('measure,period,value\nanswer-999,2025-01,8\nanswer-999,2025-13,x\nasb,2025-01,3\nnope,2025-01,1\n', measures);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { line: 3, column: 2, columnName: 'period', message: 'Enter a monthly period like 2025-03' },
      { line: 3, column: 3, columnName: 'value', message: '"x" is not a number' },
      { line: 4, column: 1, columnName: 'measure', message: expect.stringMatching(/computed from crime data/) },
      { line: 5, column: 1, columnName: 'measure', message: 'There is no measure with the reference "nope"' },
    ]);
  });
  it('refuses a duplicate period and a missing header', () => {
    const r = parseFiguresCsv('measure,period,value\nanswer-999,2025-01,8\nanswer-999,2025-01,9\n', measures);
    expect(r.ok || r.problems[0]).toMatchObject({ line: 3, column: 2 });
    const h = parseFiguresCsv('a,b\n1,2\n', measures);
    expect(h.ok).toBe(false);
  });
  it('counts physical lines when a quoted note spans lines', () => {
    const r = parseFiguresCsv('measure,period,value,note\nanswer-999,2025-01,8,"two\nlines"\nanswer-999,2025-02,oops,\n', measures);
    expect(r.ok || r.problems[0]).toMatchObject({ line: 4, column: 3 });
  });
});
