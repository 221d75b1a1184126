import { describe, expect, it } from 'vitest';
import { buildICalendar, escapeText, foldLine, unescapeText, validateICalendar } from './ical.js';

const now = new Date('2025-01-10T09:30:00Z');

describe('iCalendar', () => {
  it('escapes backslash, semicolon, comma and newlines, and unescapes back', () => {
    const raw = 'Panel; precept, review\\notes\nline two';
    expect(escapeText(raw)).toBe('Panel\\; precept\\, review\\\\notes\\nline two');
    expect(unescapeText(escapeText(raw))).toBe(raw);
  });

  it('folds lines at 75 octets without splitting a multi-byte character', () => {
    const line = `SUMMARY:${'é'.repeat(60)}–${'x'.repeat(40)}`;
    const folded = foldLine(line);
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(
      folded
        .split('\r\n')
        .map((l, i) => (i ? l.slice(1) : l))
        .join(''),
    ).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });

  it('builds a calendar that validates and round-trips the text', () => {
    const ics = buildICalendar({
      name: 'Cleveland, statutory calendar',
      now,
      events: [
        {
          uid: 'a@openpcc',
          date: '2025-02-01',
          summary: 'Precept proposal to the Panel; by law, 1 February',
          description: 'Line one\nLine two with a very long tail that goes on and on past seventy-five octets for sure',
        },
        { uid: 'b@openpcc', date: '2025-02-25', summary: 'HMICFRS comments due', url: 'https://example.test/scrutiny/inspections/x' },
      ],
    });
    expect(ics.includes('\n') && !/[^\r]\n/.test(ics)).toBe(true);
    const { errors, events } = validateICalendar(ics);
    expect(errors).toEqual([]);
    expect(events).toHaveLength(2);
    const summary = events[0].find((p) => p.name === 'SUMMARY')!.value;
    expect(unescapeText(summary)).toBe('Precept proposal to the Panel; by law, 1 February');
    expect(events[0].find((p) => p.name === 'DTSTAMP')!.value).toBe('20250110T093000Z');
    expect(events[0].find((p) => p.name === 'DTSTART')!.value).toBe('20250201');
    expect(events[0].find((p) => p.name === 'DTEND')!.value).toBe('20250202');
  });

  it('the validator catches what clients choke on', () => {
    const good = buildICalendar({ name: 'x', now, events: [{ uid: 'u1', date: '2025-01-01', summary: 'ok' }] });
    expect(validateICalendar(good.replace(/\r\n/g, '\n')).errors).toContain('lines must end with CRLF');
    expect(validateICalendar(good.replace('DTSTAMP:20250110T093000Z\r\n', '')).errors).toContain('event 1 must have exactly one DTSTAMP');
    expect(validateICalendar(good.replace('UID:u1\r\n', '')).errors).toContain('event 1 must have exactly one UID');
    expect(validateICalendar(good.replace('SUMMARY:ok', 'SUMMARY:a, b')).errors.join()).toMatch(/unescaped/);
    expect(validateICalendar(good.replace('SUMMARY:ok', `SUMMARY:${'y'.repeat(80)}`)).errors.join()).toMatch(/longer than 75/);
    expect(validateICalendar(good.replace('END:VEVENT\r\n', '')).errors.join()).toMatch(/END:VCALENDAR does not close/);
    const twice = buildICalendar({
      name: 'x',
      now,
      events: [
        { uid: 'u1', date: '2025-01-01', summary: 'a' },
        { uid: 'u1', date: '2025-01-02', summary: 'b' },
      ],
    });
    expect(validateICalendar(twice).errors).toContain('UID u1 is used twice');
  });
});
