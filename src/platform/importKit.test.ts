import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ImportRefused, cell, describeProblem, readCsv } from './importKit.js';

const spec = {
  columns: ['reference', 'title', 'due_date', 'weight', 'areas'],
  required: ['reference', 'title'],
  row: z.object({
    reference: cell.text('a reference', 20),
    title: cell.text('a title'),
    due_date: cell.optionalIsoDate('the due date'),
    weight: cell.integer('the weight', 0, 100),
    areas: cell.list(),
  }),
};

function refusal(text: string): ImportRefused {
  try {
    readCsv(text, { ...spec, row: spec.row.extend({ weight: z.string() }) });
  } catch (e) {
    if (e instanceof ImportRefused) return e;
    throw e;
  }
  throw new Error('the file was not refused');
}

describe('readCsv', () => {
  it('reads rows with their lines, trimmed and parsed by the schema', () => {
    const rows = readCsv('\uFEFFReference,Title,Due date,Weight,Areas\nA1, First ,2025-04-01,5,E05001;E05002\n\nA2,"Two\nlines",,7,\n', spec);
    expect(rows).toEqual([
      { line: 2, value: { reference: 'A1', title: 'First', due_date: '2025-04-01', weight: 5, areas: ['E05001', 'E05002'] } },
      { line: 4, value: { reference: 'A2', title: 'Two\nlines', due_date: null, weight: 7, areas: [] } },
    ]);
  });

  it('refuses every bad cell with its line, column and field, in file order', () => {
    let caught: unknown;
    try {
      readCsv('reference,title,due_date,weight\nA1,,2025-02-30,5\nA2,Fine,,101\n', spec);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ImportRefused);
    const problems = (caught as ImportRefused).problems;
    expect(problems.map(describeProblem)).toEqual([
      'Line 2, column 2 (title): Enter a title',
      'Line 2, column 3 (due_date): Enter the due date as YYYY-MM-DD, for example 2025-04-01',
      'Line 3, column 4 (weight): The weight must be a whole number from 0 to 100',
    ]);
  });

  it('refuses unknown and missing columns before reading rows', () => {
    const e = refusal('referense,due_date\nA1,2025-01-01\n');
    expect(e.problems.map(describeProblem)).toEqual([
      'Line 1, column 1 (referense): Unknown column "referense"; the columns are reference, title, due_date, weight, areas',
      'Line 1 (reference): The column "reference" is missing',
      'Line 1 (title): The column "title" is missing',
    ]);
  });

  it('refuses text that is not CSV, naming the line, and an empty file', () => {
    expect(refusal('reference,title\nA1,"unclosed\n').problems[0].message).toMatch(/^The file is not valid CSV/);
    expect(refusal('').problems).toEqual([{ line: 1, message: 'The file is empty: it needs a header line' }]);
  });

  it('refuses more rows than allowed', () => {
    expect(() => readCsv('reference,title\nA,B\nC,D\n', { ...spec, maxRows: 1 })).toThrow(ImportRefused);
  });
});
