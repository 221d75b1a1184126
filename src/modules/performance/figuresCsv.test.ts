import { describe, expect, it } from 'vitest';
import { describeProblem, ImportRefused } from '../../platform/importKit.js';
import { parseFiguresCsv } from './figuresCsv.js';

const measures = new Map([
  ['answer-999', { frequency: 'monthly' as const, sourceKind: 'entered' as const }],
  ['asb', { frequency: 'monthly' as const, sourceKind: 'crime' as const }],
]);

/** The problems a refused file has (and fails the test if it was not refused). */
function problemsOf(text: string) {
  try {
    parseFiguresCsv(text, measures);
  } catch (e) {
    if (e instanceof ImportRefused) return e.problems;
    throw e;
  }
  throw new Error('the file was not refused');
}

describe('entered figures CSV', () => {
  it('reads good rows', () => {
    const rows = parseFiguresCsv('measure,period,value,note\nanswer-999,2025-01,8.5,\n"answer-999",2025-02,"1,020",fine\n', measures);
    expect(rows).toEqual([
      { line: 2, measure: 'answer-999', period: '2025-01', value: 8.5, note: null },
      { line: 3, measure: 'answer-999', period: '2025-02', value: 1020, note: 'fine' },
    ]);
  });
  it('names the line and column of each problem and returns no rows', () => {
    expect(problemsOf('measure,period,value\nanswer-999,2025-01,8\nanswer-999,2025-13,x\nasb,2025-01,3\nnope,2025-01,1\n')).toEqual([
      { line: 3, column: 2, field: 'period', message: 'Enter a monthly period like 2025-03' },
      { line: 3, column: 3, field: 'value', message: '"x" is not a number' },
      { line: 4, column: 1, field: 'measure', message: expect.stringMatching(/computed from crime data/) },
      { line: 5, column: 1, field: 'measure', message: 'There is no measure with the reference "nope"' },
    ]);
  });
  it('refuses a duplicate period, a missing header, extra cells and a file with no figures', () => {
    expect(problemsOf('measure,period,value\nanswer-999,2025-01,8\nanswer-999,2025-01,9\n').map(describeProblem)).toEqual([
      'Line 3, column 2 (period): The period 2025-01 of "answer-999" is also on line 2',
    ]);
    expect(problemsOf('a,b\n1,2\n').map(describeProblem)).toEqual([
      'Line 1 (measure): The header has no "measure" column (expected: measure,period,value,note)',
      'Line 1 (period): The header has no "period" column (expected: measure,period,value,note)',
      'Line 1 (value): The header has no "value" column (expected: measure,period,value,note)',
    ]);
    expect(problemsOf('measure,period,value\nanswer-999,2025-01,8,9\n').map(describeProblem)).toEqual([
      'Line 2, column 4: The row has 4 cells but the header has 3',
    ]);
    expect(problemsOf('measure,period,value,note\n')).toEqual([{ line: 2, message: 'The file has no rows of figures' }]);
  });
  it('counts physical lines when a quoted note spans lines', () => {
    expect(problemsOf('measure,period,value,note\nanswer-999,2025-01,8,"two\nlines"\nanswer-999,2025-02,oops,\n')[0]).toMatchObject({ line: 4, column: 3 });
  });
});
