import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ImportRefused, cell, checkCsv, csvHeader, csvRecords, describeProblem, readCsv } from './importKit.js';

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

describe('checkCsv', () => {
  const two = {
    columns: ['reference', 'title'],
    required: ['reference', 'title'],
    row: z.object({ reference: cell.text('a reference'), title: cell.text('a title') }),
  };
  it("gives the good rows, every row's cells and the problems without throwing, and places a problem the caller finds", () => {
    const read = checkCsv('title,reference\nFirst,A1\n,A1\n', two);
    expect(read.rows).toEqual([{ line: 2, value: { reference: 'A1', title: 'First' } }]);
    expect(read.cells.map((c) => [c.line, c.value.reference])).toEqual([
      [2, 'A1'],
      [3, 'A1'],
    ]);
    expect(read.problems.map(describeProblem)).toEqual(['Line 3, column 1 (title): Enter a title']);
    expect(read.columnOf('reference')).toBe(2);
    expect(read.columnOf('weight')).toBeUndefined();
    expect(describeProblem(read.problemAt(3, 'reference', 'The reference A1 is already on line 2'))).toBe(
      'Line 3, column 2 (reference): The reference A1 is already on line 2',
    );
  });

  it('refuses a row with more cells than the header when asked', () => {
    const read = checkCsv('reference,title\nA1,One,extra\n', { ...two, extraCells: 'refuse' });
    expect(read.problems).toEqual([{ line: 2, column: 3, message: 'The row has 3 cells but the header has 2' }]);
    expect(checkCsv('reference,title\nA1,One,extra\n', two).problems).toEqual([]);
  });
});

describe('csvRecords and csvHeader', () => {
  it('gives each record the line it starts on, skipping empty lines and a byte-order mark', () => {
    expect(csvRecords('\uFEFFa,b\n\n1,"two\nlines"\n3,4\n')).toEqual([
      { line: 1, record: ['a', 'b'] },
      { line: 3, record: ['1', 'two\nlines'] },
      { line: 5, record: ['3', '4'] },
    ]);
    expect(csvHeader('\uFEFFDue Date, Title \n1,2\n')).toEqual(['due_date', 'title']);
    expect(csvHeader('')).toEqual([]);
  });

  it('refuses text that is not CSV, and a record with the wrong number of cells when the count is strict', () => {
    expect(() => csvRecords('a,b\n1,"open\n')).toThrow(ImportRefused);
    let caught: unknown;
    try {
      csvRecords('a,b\n1,2\n3\n', { relaxColumnCount: false });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ImportRefused);
    expect((caught as ImportRefused).problems[0]).toMatchObject({ line: 3, message: expect.stringMatching(/^The file is not valid CSV/) });
  });
});

describe('describeProblem', () => {
  it('words a problem of the file as a whole (line 0) as its message alone', () => {
    expect(describeProblem({ line: 0, message: 'The file name must be YYYY-MM-<force>-<kind>.csv' })).toBe('The file name must be YYYY-MM-<force>-<kind>.csv');
    expect(describeProblem({ line: 1, field: 'title', message: 'The column "title" is missing' })).toBe('Line 1 (title): The column "title" is missing');
  });
});
