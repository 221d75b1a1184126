/** Where people go after signing in when no (valid) page was asked for. */
export const DEFAULT_RETURN_TO = '/admin';

const BASE = 'http://openpcc.invalid';
// C0 controls, DEL, C1 controls, and the backslash some browsers read as a slash.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * A page of this site to go to after signing in, or the staff home. The value is parsed as a URL
 * against a fixed base, must keep that base's origin, and is re-serialised: the result is an
 * absolute path (never `//host`), percent-encoded, so it is safe in a `Location` header.
 */
export function safeReturnTo(value: unknown, fallback = DEFAULT_RETURN_TO): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2000 || UNSAFE.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || url.pathname.startsWith('//')) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Serialised URLs are ASCII; checked again so that no header can ever receive anything else.
  return /^\/(?!\/)[\x21-\x7e]*$/.test(path) ? path : fallback;
}
