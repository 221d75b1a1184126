import { describe, expect, it } from 'vitest';
import { STATUS_RULE, parseStatus, shownStatus, statusCatalogue, statusTag } from './statuses.js';

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

describe('what an action shows (STATUS_RULE)', () => {
  const today = '2026-04-02';

  it('shows an open action past its due date as Overdue in red, never On track', () => {
    const s = shownStatus({ status: 'on-track', progress: 55, dueDate: '2026-03-31' }, today);
    expect(s.tag.text).toBe('Overdue');
    expect(s.tag.rag).toBe('red');
    expect(s.overdue).toBe(true);
    expect(s.progress).toBe(55);
  });

  it('shows an open action due today or later with its own status and progress', () => {
    const s = shownStatus({ status: 'on-track', progress: 55, dueDate: today }, today);
    expect(s).toMatchObject({ tag: { text: 'On track', rag: 'green' }, progress: 55, overdue: false });
    expect(shownStatus({ status: 'at-risk', progress: 10, dueDate: null }, today).tag.text).toBe('At risk');
  });

  it('shows a finished action as it finished, complete at 100%, even past its due date', () => {
    expect(shownStatus({ status: 'complete', progress: 90, dueDate: '2025-03-31' }, today)).toMatchObject({
      tag: { text: 'Complete' },
      progress: 100,
      overdue: false,
    });
    expect(shownStatus({ status: 'cancelled', progress: 20, dueDate: '2025-03-31' }, today)).toMatchObject({
      tag: { text: 'Cancelled' },
      progress: 20,
      overdue: false,
    });
  });

  it('uses the office’s labels for every status but Overdue', () => {
    const cat = statusCatalogue([{ key: 'on-track', label: 'Going well', rag: 'green' }]);
    expect(shownStatus({ status: 'on-track', progress: 5, dueDate: '2026-05-01' }, today, cat).tag.text).toBe('Going well');
    expect(shownStatus({ status: 'on-track', progress: 5, dueDate: '2026-04-01' }, today, cat).tag.text).toBe('Overdue');
  });

  it('is written down for the help text', () => {
    expect(STATUS_RULE.join(' ')).toMatch(/never shows “On track”/);
  });
});
