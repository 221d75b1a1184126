import { describe, expect, it } from 'vitest';
import { byDue } from './collect.js';
import { whenText, preferenceItems } from './presenters.js';

describe('task presenters', () => {
  it('says how soon in words, overdue before its date passes when the provider says so', () => {
    expect(whenText({ due: '2026-03-01' }, '2026-03-04')).toBe('Overdue by 3 days');
    expect(whenText({ due: '2026-03-03', overdue: false }, '2026-03-04')).toBe('Was 1 day');
    expect(whenText({ due: '2026-03-04' }, '2026-03-04')).toBe('Today');
    expect(whenText({ due: '2026-03-05' }, '2026-03-04')).toBe('Tomorrow');
    expect(whenText({ due: '2026-03-14' }, '2026-03-04')).toBe('In 10 days');
    expect(whenText({ due: '2026-03-14', overdue: true }, '2026-03-04')).toBe('Overdue');
    expect(whenText({ due: null }, '2026-03-04')).toBe('Waiting');
  });
  it('orders soonest first, undated last', () => {
    const t = (title: string, due?: string) => ({ kind: 'k', title, href: '/', due });
    expect([t('c'), t('b', '2026-02-01'), t('a', '2026-01-01'), t('a2')].sort(byDue).map((x) => x.title)).toEqual(['a', 'b', 'a2', 'c']);
  });
  it('offers "off" only where the event is not the person’s duty', () => {
    const p = preferenceItems({
      defaultMode: 'digest',
      events: [
        { event: 'x.duty', label: 'Duty', roles: ['editor'], isDuty: true, mode: 'immediate' },
        { event: 'x.info', label: 'Info', roles: ['editor'], isDuty: false, mode: 'off' },
      ],
    });
    expect(p.defaultItems.find((i) => i.checked)?.value).toBe('digest');
    expect(p.events[0].items.map((i) => i.value)).toEqual(['immediate', 'digest']);
    expect(p.events[1].items.map((i) => i.value)).toEqual(['immediate', 'digest', 'off']);
    expect(p.events[1].items.find((i) => i.checked)?.value).toBe('off');
  });
});
