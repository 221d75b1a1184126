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
