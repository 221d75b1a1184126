import { validateHeaderValue } from 'node:http';
import { describe, expect, it } from 'vitest';
import { dispositionOf, safeContentType } from './download.js';

describe('download content types', () => {
  it('serves documents as they are and anything that could run as bytes', () => {
    expect(safeContentType('application/pdf')).toBe('application/pdf');
    expect(safeContentType('text/plain; charset=utf-8')).toBe('text/plain; charset=utf-8');
    expect(safeContentType('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(safeContentType('text/html')).toBe('application/octet-stream');
    expect(safeContentType('image/svg+xml')).toBe('application/octet-stream');
    expect(safeContentType(null)).toBe('application/octet-stream');
  });

  it('names any file in a header Node accepts, with the name kept in filename*', () => {
    const header = dispositionOf('ev\u0001il "€" ../a.txt');
    expect(() => validateHeaderValue('content-disposition', header)).not.toThrow();
    expect(header).toBe('attachment; filename="ev_il \\"?\\" .._a.txt"; filename*=UTF-8\'\'ev_il%20%22%E2%82%AC%22%20.._a.txt');
    expect(dispositionOf('', { fallback: 'document' })).toBe('attachment; filename=document');
    expect(dispositionOf('plan.json', { inline: true })).toBe('inline; filename=plan.json');
  });
});
