/**
 * iCalendar (RFC 5545) for the statutory calendar: all-day events, CRLF line endings, lines
 * folded at 75 octets (never inside a UTF-8 character), TEXT values escaped. `validateICalendar`
 * checks the structure a calendar client relies on; the feed is tested with it.
 */

export interface CalendarEvent {
  uid: string;
  /** All-day event on this ISO date. */
  date: string;
  summary: string;
  description?: string;
  url?: string;
  categories?: string[];
}

export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line so that no physical line exceeds 75 octets (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

const compactDate = (iso: string) => iso.replace(/-/g, '');

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function buildICalendar(opts: { name: string; events: CalendarEvent[]; now: Date; prodId?: string }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${opts.prodId ?? '-//OpenPCC//Statutory calendar//EN'}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(opts.name)}`,
  ];
  const dtstamp = stamp(opts.now);
  for (const e of opts.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${dtstamp}`,
      `DTSTART;VALUE=DATE:${compactDate(e.date)}`,
      `DTEND;VALUE=DATE:${compactDate(nextDay(e.date))}`,
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.url) lines.push(`URL:${e.url}`);
    if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

export interface ParsedProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Unescapes a TEXT value. */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/**
 * Checks a calendar against RFC 5545's structural rules: CRLF only, no line over 75 octets,
 * BEGIN/END balanced, one VCALENDAR with VERSION:2.0 and PRODID, each VEVENT with exactly one
 * UID, DTSTAMP and DTSTART, date formats right and TEXT values without unescaped separators.
 * Returns the problems (empty when valid) and the events' properties.
 */
export function validateICalendar(text: string): { errors: string[]; events: ParsedProperty[][] } {
  const errors: string[] = [];
  if (!text.endsWith('\r\n')) errors.push('the calendar must end with CRLF');
  if (/[^\r]\n/.test(text) || /\r(?!\n)/.test(text)) errors.push('lines must end with CRLF');
  const physical = text.split('\r\n');
  if (physical[physical.length - 1] === '') physical.pop();
  physical.forEach((l, i) => {
    if (Buffer.byteLength(l, 'utf8') > 75) errors.push(`line ${i + 1} is longer than 75 octets`);
  });
  // Unfold
  const logical: string[] = [];
  for (const l of physical) {
    if (l.startsWith(' ') || l.startsWith('\t')) {
      if (!logical.length) errors.push('the calendar starts with a continuation line');
      else logical[logical.length - 1] += l.slice(1);
    } else logical.push(l);
  }
  const stack: string[] = [];
  const events: ParsedProperty[][] = [];
  let current: ParsedProperty[] | undefined;
  const calendarProps: ParsedProperty[] = [];
  let calendars = 0;
  logical.forEach((line, i) => {
    const m = line.match(/^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^;:,]*)(?:,(?:"[^"]*"|[^;:,]*))*)*):(.*)$/);
    if (!m) {
      errors.push(`content line ${i + 1} is not NAME[;PARAM=VALUE]:VALUE`);
      return;
    }
    const name = m[1].toUpperCase();
    const params: Record<string, string> = {};
    for (const p of m[2].split(';').slice(1)) {
      const [k, v] = p.split('=');
      params[k.toUpperCase()] = v;
    }
    const value = m[3];
    if (name === 'BEGIN') {
      if (value === 'VCALENDAR') {
        if (stack.length) errors.push('VCALENDAR nested');
        calendars++;
      } else if (value === 'VEVENT') {
        if (stack[stack.length - 1] !== 'VCALENDAR') errors.push('VEVENT outside VCALENDAR');
        current = [];
      }
      stack.push(value);
      return;
    }
    if (name === 'END') {
      const open = stack.pop();
      if (open !== value) errors.push(`END:${value} does not close BEGIN:${open ?? '(nothing)'}`);
      if (value === 'VEVENT' && current) {
        events.push(current);
        current = undefined;
      }
      return;
    }
    if (!stack.length) {
      errors.push(`property ${name} outside VCALENDAR`);
      return;
    }
    const prop = { name, params, value };
    if (current) current.push(prop);
    else if (stack[stack.length - 1] === 'VCALENDAR') calendarProps.push(prop);
    if (['SUMMARY', 'DESCRIPTION', 'LOCATION', 'X-WR-CALNAME'].includes(name) && /(?<!\\)(?:\\\\)*[;,]/.test(value)) {
      errors.push(`${name} on content line ${i + 1} has an unescaped , or ;`);
    }
  });
  if (stack.length) errors.push(`unclosed ${stack.join(', ')}`);
  if (calendars !== 1) errors.push('there must be exactly one VCALENDAR');
  const one = (props: ParsedProperty[], name: string) => props.filter((p) => p.name === name);
  if (one(calendarProps, 'VERSION')[0]?.value !== '2.0') errors.push('VERSION:2.0 is required');
  if (one(calendarProps, 'PRODID').length !== 1) errors.push('exactly one PRODID is required');
  const uids = new Set<string>();
  events.forEach((ev, n) => {
    for (const req of ['UID', 'DTSTAMP', 'DTSTART']) {
      if (one(ev, req).length !== 1) errors.push(`event ${n + 1} must have exactly one ${req}`);
    }
    const uid = one(ev, 'UID')[0]?.value;
    if (uid) {
      if (uids.has(uid)) errors.push(`UID ${uid} is used twice`);
      uids.add(uid);
    }
    const dtstamp = one(ev, 'DTSTAMP')[0]?.value;
    if (dtstamp && !/^\d{8}T\d{6}Z$/.test(dtstamp)) errors.push(`event ${n + 1} DTSTAMP is not a UTC date-time`);
    for (const p of ev.filter((x) => x.name === 'DTSTART' || x.name === 'DTEND')) {
      const ok = p.params.VALUE === 'DATE' ? /^\d{8}$/.test(p.value) : /^\d{8}T\d{6}Z?$/.test(p.value);
      if (!ok) errors.push(`event ${n + 1} ${p.name} has a malformed value`);
    }
    const start = one(ev, 'DTSTART')[0]?.value;
    const end = one(ev, 'DTEND')[0]?.value;
    if (start && end && end <= start) errors.push(`event ${n + 1} ends before it starts`);
  });
  return { errors, events };
}
