import { describe, expect, it } from 'vitest';
import { importDetail, importRow, jobProgress } from './imports.js';

describe('import presenters', () => {
  const rec = {
    id: 'a',
    file_name: '2024-06-cleveland-street.csv',
    force: 'cleveland',
    month: '2024-06',
    kind: 'street',
    status: 'done',
    rows: 7806,
    rejected: 1,
    rejections: [{ reason: 'Duplicate Crime ID', count: 1, lines: [5] }],
    anomalies: JSON.stringify([{ message: 'No location', count: 2, sample: [] }]),
    errors: [],
    created_at: new Date('2025-01-02T03:04:05Z'),
    source: 'cli',
    millis: 1234,
  };
  it('labels kinds and statuses and formats numbers', () => {
    const r = importRow(rec);
    expect(r).toMatchObject({ kind: 'Street crime and ASB', statusText: 'Imported', rows: '7,806', anomalies: 1, when: '2025-01-02 03:04' });
    expect(importRow({ ...rec, status: 'failed' }).statusText).toBe('Refused');
    const d = importDetail(rec);
    expect(d.rejections[0]).toEqual({ reason: 'Duplicate Crime ID', count: '1', lines: '5' });
    expect(d.millis).toBe('1,234 ms');
  });
  it('words refusals as the import kit does, those recorded before it too', () => {
    const failed = { ...rec, status: 'failed' };
    const now = importDetail({
      ...failed,
      errors: [
        { line: 42, column: 5, field: 'Longitude', message: '"x" is not a longitude' },
        { line: 0, code: 'needs-replace', message: 'Importing it would leave cleveland 2024-06 street with 0 rows.' },
      ],
    });
    expect(now.errors).toEqual(['Line 42, column 5 (Longitude): "x" is not a longitude', 'Importing it would leave cleveland 2024-06 street with 0 rows.']);
    expect(now.needsReplace).toBe('Importing it would leave cleveland 2024-06 street with 0 rows.');
    // Imports recorded before the kit: the column as its header (or "column 13"), no line for the file.
    const before = importDetail({
      ...failed,
      errors: JSON.stringify([
        { line: 42, column: 'Longitude', message: '"x" is not a longitude' },
        { line: 7, column: '13', message: 'The row has more than the 12 columns of the header' },
        { line: 1, column: 'column 13', message: 'Unexpected extra column "notes"' },
        { code: 'needs-replace', message: 'Importing it would remove more than half.' },
        { message: 'The file name must be YYYY-MM-<force>-<kind>.csv' },
      ]),
    });
    expect(before.errors).toEqual([
      'Line 42, column 5 (Longitude): "x" is not a longitude',
      'Line 7, column 13: The row has more than the 12 columns of the header',
      'Line 1, column 13: Unexpected extra column "notes"',
      'Importing it would remove more than half.',
      'The file name must be YYYY-MM-<force>-<kind>.csv',
    ]);
    expect(before.needsReplace).toBe('Importing it would remove more than half.');
  });

  it('describes job progress', () => {
    expect(jobProgress({ status: 'running', progress: 50, total: 200, message: 'x', result: null })).toMatchObject({
      running: true,
      pct: 25,
      text: 'Importing: 25% done',
    });
    expect(jobProgress({ status: 'failed', progress: 0, total: null, message: null, result: { error: 'boom' } })).toMatchObject({
      running: false,
      error: 'boom',
    });
  });
});
