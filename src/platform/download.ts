import { create as contentDisposition } from 'content-disposition';

const SAFE_TYPES =
  /^(application\/pdf|text\/plain|text\/csv|application\/msword|application\/vnd\.ms-excel|application\/vnd\.openxmlformats-officedocument\.[a-z.]+|application\/vnd\.oasis\.opendocument\.[a-z.]+|image\/png|image\/jpeg)$/;

/** Content type to serve an uploaded file with: known document types as given, anything else as bytes. */
export function safeContentType(type: string | null | undefined): string {
  const base = (type ?? '').split(';')[0].trim().toLowerCase();
  if (!SAFE_TYPES.test(base)) return 'application/octet-stream';
  return base.startsWith('text/') ? `${base}; charset=utf-8` : base;
}

/**
 * A Content-Disposition header for a file name from data (an upload, a reference, a title):
 * RFC 6266 with the name in RFC 5987 `filename*` and an ASCII fallback, so no name (control
 * characters, quotes, non-Latin-1 letters) can make the header invalid. Control characters and
 * path separators become `_`; an empty name becomes `fallback`.
 */
export function dispositionOf(name: string | null | undefined, opts: { inline?: boolean; fallback?: string } = {}): string {
  const cleaned = (name ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f/\\]/g, '_')
    .trim()
    .slice(0, 200);
  return contentDisposition(cleaned || opts.fallback || 'download', { type: opts.inline ? 'inline' : 'attachment' });
}
