import { describe, expect, it } from 'vitest';
import { describeProblem } from '../../platform/importKit.js';
import { parseActionsCsv, parseUpdatesCsv, toCsv, ACTION_COLUMNS } from './csv.js';

const HEADER = 'reference,title,priority,due_date,status,progress,weight';

describe('actions CSV', () => {
  it('reads rows with their line numbers', () => {
    const { rows, problems } = parseActionsCsv(`${HEADER}\nA1,First,P1,2025-06-30,on track,20,\n"A2","Two\nlines",P2,,,,2\n`);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.reference, r.line, r.status, r.progress, r.weight])).toEqual([
      ['A1', 2, 'on-track', 20, null],
      ['A2', 3, 'not-started', 0, 2],
    ]);
  });

  it('names the line and column of a bad date', () => {
    const lines = [HEADER, ...[1, 2, 3, 4, 5].map((n) => `A${n},Action ${n},P1,2025-06-30,,,`), 'A6,Action 6,P1,2025-02-30,,,'];
    const { problems } = parseActionsCsv(lines.join('\n'));
    expect(problems).toEqual([{ line: 7, column: 4, field: 'due_date', message: expect.stringMatching(/not a date/) }]);
  });

  it('refuses unknown columns, missing columns, bad statuses, progress and duplicates', () => {
    expect(parseActionsCsv('reference,title,colour\n').problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/Unknown column "colour"/),
      expect.stringMatching(/"priority" is missing/),
    ]);
    const { problems } = parseActionsCsv(`${HEADER}\nA1,x,P1,,sideways,120,0\nA1,y,P1,,,,\n`);
    // In file order: line, then column.
    expect(problems.map((p) => [p.line, p.column, p.field])).toEqual([
      [2, 5, 'status'],
      [2, 6, 'progress'],
      [2, 7, 'weight'],
      [3, 1, 'reference'],
    ]);
    expect(problems.map(describeProblem)).toEqual([
      'Line 2, column 5 (status): "sideways" is not a status',
      'Line 2, column 6 (progress): Progress must be a whole number from 0 to 100, not "120"',
      'Line 2, column 7 (weight): The weight must be a number greater than 0, not "0"',
      'Line 3, column 1 (reference): The reference A1 is already used on line 2',
    ]);
  });

  it("checks the due date against the start date and each item of a list, with the row's other problems", () => {
    const { problems } = parseActionsCsv(
      'reference,title,priority,start_date,due_date,area_codes,status\nA1,x,P1,2025-06-01,2025-05-01,E06000001;nowhere;E1,sideways\n',
    );
    expect(problems.map(describeProblem)).toEqual([
      'Line 2, column 5 (due_date): The due date must be on or after the start date',
      'Line 2, column 6 (area_codes): "nowhere" is not an ONS code (like E06000001)',
      'Line 2, column 6 (area_codes): "E1" is not an ONS code (like E06000001)',
      'Line 2, column 7 (status): "sideways" is not a status',
    ]);
  });
});

describe('updates CSV', () => {
  it('requires a reason for a rejected update', () => {
    const { problems } = parseUpdatesCsv('action_reference,reference,as_of,narrative,state\nA1,U1,2025-05-01,Done,rejected\n');
    expect(problems).toEqual([{ line: 2, column: undefined, field: 'rejection_reason', message: 'Give the reason a rejected update was rejected' }]);
  });

  it('refuses an update given twice, a bad state and a link that is not a web address', () => {
    const { problems } = parseUpdatesCsv(
      'action_reference,reference,as_of,narrative,state,evidence_links\nA1,U1,2025-05-01,Done,,https://example.org/a\nA1,U1,2025-05-02,Again,maybe,ftp://x\n',
    );
    expect(problems.map(describeProblem)).toEqual([
      'Line 3, column 2 (reference): The update U1 of A1 is already on line 2',
      'Line 3, column 5 (state): The state must be pending, approved or rejected, not "maybe"',
      'Line 3, column 6 (evidence_links): "ftp://x" is not a web address starting with http:// or https://',
    ]);
  });
});

describe('CSV export', () => {
  it('writes the same columns the import reads', () => {
    const text = toCsv(ACTION_COLUMNS, [
      { reference: 'A1', title: 'T, with comma', priority: 'P1', area_codes: ['E06000001', 'E06000002'], status: 'on-track', progress: 5 },
    ]);
    const { rows, problems } = parseActionsCsv(text);
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ reference: 'A1', title: 'T, with comma', areaCodes: ['E06000001', 'E06000002'], progress: 5 });
  });
});
