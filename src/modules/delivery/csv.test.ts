import { describe, expect, it } from 'vitest';
import { parseActionsCsv, parseUpdatesCsv, toCsv, ACTION_COLUMNS } from './csv.js';

const HEADER = 'reference,title,priority,due_date,status,progress,weight';

describe('actions CSV', () => {
  it('reads rows with their line numbers', () => {
    const { rows, errors } = parseActionsCsv(`${HEADER}\nA1,First,P1,2025-06-30,on track,20,\n"A2","Two\nlines",P2,,,,2\n`);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.reference, r.line, r.status, r.progress, r.weight])).toEqual([
      ['A1', 2, 'on-track', 20, null],
      ['A2', 3, 'not-started', 0, 2],
    ]);
  });

  it('names the line and column of a bad date', () => {
    const lines = [HEADER, ...[1, 2, 3, 4, 5].map((n) => `A${n},Action ${n},P1,2025-06-30,,,`), 'A6,Action 6,P1,2025-02-30,,,'];
    const { errors } = parseActionsCsv(lines.join('\n'));
    expect(errors).toEqual([{ line: 7, column: 4, field: 'due_date', message: expect.stringMatching(/not a date/) }]);
  });

  it('refuses unknown columns, missing columns, bad statuses, progress and duplicates', () => {
    expect(parseActionsCsv('reference,title,colour\n').errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/Unknown column "colour"/),
      expect.stringMatching(/"priority" is missing/),
    ]);
    const { errors } = parseActionsCsv(`${HEADER}\nA1,x,P1,,sideways,120,0\nA1,y,P1,,,,\n`);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'weight'],
      [2, 'status'],
      [2, 'progress'],
      [3, 'reference'],
    ]);
  });
});

describe('updates CSV', () => {
  it('requires a reason for a rejected update', () => {
    const { errors } = parseUpdatesCsv('action_reference,reference,as_of,narrative,state\nA1,U1,2025-05-01,Done,rejected\n');
    expect(errors).toEqual([expect.objectContaining({ line: 2, field: 'rejection_reason' })]);
  });
});

describe('CSV export', () => {
  it('writes the same columns the import reads', () => {
    const text = toCsv(ACTION_COLUMNS, [
      { reference: 'A1', title: 'T, with comma', priority: 'P1', area_codes: ['E06000001', 'E06000002'], status: 'on-track', progress: 5 },
    ]);
    const { rows, errors } = parseActionsCsv(text);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ reference: 'A1', title: 'T, with comma', areaCodes: ['E06000001', 'E06000002'], progress: 5 });
  });
});
