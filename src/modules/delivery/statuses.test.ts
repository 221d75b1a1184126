import { describe, expect, it } from 'vitest';
import { parseStatus, statusCatalogue, statusTag } from './statuses.js';

describe('statuses', () => {
  it('has the default statuses with their RAG colours', () => {
    expect(statusTag('off-track')).toMatchObject({ text: 'Off track', rag: 'red', classes: 'govuk-tag--red' });
    expect(statusTag('at-risk').rag).toBe('amber');
    expect(parseStatus('On Track')).toBe('on-track');
    expect(parseStatus('sideways')).toBeUndefined();
  });

  it('takes the office’s own labels and RAG colours, keeping the fixed keys and rules', () => {
    const c = statusCatalogue([
      { key: 'at-risk', label: 'Some concern', rag: 'red' },
      { key: 'complete', label: 'Done', rag: 'nonsense' },
    ]);
    expect(c.tag('at-risk')).toMatchObject({ text: 'Some concern', rag: 'red' });
    expect(c.of('complete')).toMatchObject({ label: 'Done', rag: 'blue', closed: true });
    expect(c.of('cancelled').excludedFromRollup).toBe(true);
    expect(statusTag('at-risk').text).toBe('At risk'); // defaults untouched
  });
});
