import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportRefused } from '../../platform/importKit.js';
import { parseSpendingCsv } from './spendingCsv.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../test/fixtures/resources', name), 'utf8');

function problemsOf(text: string) {
  try {
    parseSpendingCsv(text);
  } catch (e) {
    if (e instanceof ImportRefused) return e.problems;
    throw e;
  }
  throw new Error('expected the file to be refused');
}

describe('parseSpendingCsv', () => {
  it('reads a valid file into pence', () => {
    const rows = parseSpendingCsv(fixture('spending-valid.csv'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      reference: 'TX-1001',
      paidOn: '2025-04-03',
      supplier: 'Acme Victim Support Ltd',
      description: 'Victim support services, April',
      category: 'Commissioned services',
      amountPence: 1_250_000,
    });
    expect(rows[2].amountPence).toBe(61_050);
  });
  it('reports each problem with its line and column, and imports nothing', () => {
    const problems = problemsOf(fixture('spending-invalid.csv'));
    expect(problems).toEqual([
      { line: 3, column: 2, field: 'paid_on', message: expect.stringMatching(/YYYY-MM-DD/) },
      { line: 4, column: 6, field: 'amount', message: expect.stringMatching(/amount/) },
      { line: 5, column: 1, field: 'reference', message: 'The reference TX-2001 is already on line 2' },
    ]);
  });
  it('names a missing column', () => {
    expect(problemsOf('reference,paid_on,supplier,description,amount\nA,2025-01-01,S,D,1\n')).toEqual([
      { line: 1, column: 6, field: 'category', message: 'The header row has no "category" column' },
    ]);
  });
  it('counts lines inside quoted multi-line cells', () => {
    const text = 'reference,paid_on,supplier,description,category,amount\nA,2025-01-01,S,"two\nlines",C,1\nB,2025-13-01,S,D,C,1\n';
    expect(problemsOf(text)).toEqual([{ line: 4, column: 2, field: 'paid_on', message: expect.any(String) }]);
  });
  it('refuses an empty file', () => {
    expect(problemsOf('')[0].message).toBe('The file is empty');
  });
});
