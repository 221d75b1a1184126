/**
 * Numbers in UK English ("12,345.6"). Intl.NumberFormat objects are made once per option set and
 * reused: Number.prototype.toLocaleString with options builds a new one on every call, which made
 * number formatting the largest single cost of rendering a dashboard.
 */
const formats = new Map<string, Intl.NumberFormat>();

export function formatNumber(n: number, maxFractionDigits = 0, minFractionDigits = 0): string {
  const key = `${minFractionDigits}:${maxFractionDigits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: minFractionDigits, maximumFractionDigits: maxFractionDigits });
    formats.set(key, f);
  }
  return f.format(n);
}

// Made on first use: making it loads the time zone data (about 20 ms), which a command that
// never shows a date should not wait for.
let londonDay: Intl.DateTimeFormat | undefined;
/** The UK date (Europe/London) at an instant, as an ISO date. */
export function ukDate(now: Date): string {
  londonDay ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  return londonDay.format(now);
}
