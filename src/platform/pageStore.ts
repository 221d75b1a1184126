import { createHash } from 'node:crypto';

/**
 * The pure parts of the public page cache (pageCache.ts): the key of an address, the pages kept
 * (least recently used first out, bounded by bytes), and the answers to conditional requests.
 */

/** A page as kept: its HTML, the revision it was drawn at, and its validators. */
export interface CachedPage {
  key: string;
  rev: string;
  body: Buffer;
  etag: string;
  /** The headers it was first sent with, but for those of one response (set again on each). */
  headers: Record<string, string | string[]>;
  /** Whole seconds (ms since 1970), or null while the page may still change within its second. */
  lastModified: number | null;
  /** Kept until then (a page drawn just after a change may hold other caches' older copies). */
  expiresAt: number;
}

/**
 * The key of an address: the day (pages say "today" in words), the path as given and the query
 * with its parameters in a stable order (the order of a repeated parameter's values is kept, as
 * it can mean something). Undefined when the address is no page to keep (too long, malformed).
 */
export function pageKey(url: string, day: string): string | undefined {
  if (url.length > 2000) return undefined;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.startsWith('/') || path.includes('#')) return undefined;
  if (q === -1 || q === url.length - 1) return `${day} ${path}`;
  let params: [string, string][];
  try {
    params = [...new URLSearchParams(url.slice(q + 1))];
  } catch {
    return undefined;
  }
  if (!params.length) return `${day} ${path}`;
  // A stable sort: equal names keep their order.
  params.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `${day} ${path}?${new URLSearchParams(params).toString()}`;
}

/** A strong entity tag of the bytes sent: any two different pages have different tags. */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** If-None-Match (weak comparison, RFC 9110 §13.1.2): does the client hold this version? */
export function noneMatch(header: string | string[] | undefined, etag: string): boolean | undefined {
  if (header === undefined) return undefined;
  const list = (Array.isArray(header) ? header.join(',') : header).split(',').map((s) => s.trim());
  const opaque = etag.replace(/^W\//, '');
  return !list.some((t) => t === '*' || t.replace(/^W\//, '') === opaque);
}

/**
 * Whether the client's copy is this page (304 Not Modified): If-None-Match decides when it is
 * sent; otherwise If-Modified-Since, and only when the page has a Last-Modified (RFC 9110 §13.2.2).
 */
export function notModified(headers: Record<string, string | string[] | undefined>, page: Pick<CachedPage, 'etag' | 'lastModified'>): boolean {
  const differs = noneMatch(headers['if-none-match'], page.etag);
  if (differs !== undefined) return !differs;
  const since = headers['if-modified-since'];
  if (typeof since !== 'string' || page.lastModified === null) return false;
  const t = Date.parse(since);
  return Number.isFinite(t) && t >= page.lastModified;
}

/** Pages by key, the least recently used dropped first once they hold more than `maxBytes`. */
export class PageStore {
  private readonly pages = new Map<string, CachedPage>();
  private total = 0;
  constructor(readonly maxBytes: number) {}

  /** The page kept for this key at this revision (and not expired), or undefined. */
  get(key: string, rev: string, now: number): CachedPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    if (page.rev !== rev || page.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    // Most recently used goes to the end.
    this.pages.delete(key);
    this.pages.set(key, page);
    return page;
  }

  set(page: CachedPage): void {
    const size = sizeOf(page);
    if (size > this.maxBytes / 4) return; // one page may not push out most of the others
    this.delete(page.key);
    this.pages.set(page.key, page);
    this.total += size;
    for (const [key] of this.pages) {
      if (this.total <= this.maxBytes) break;
      this.delete(key);
    }
  }

  delete(key: string): void {
    const page = this.pages.get(key);
    if (!page) return;
    this.pages.delete(key);
    this.total -= sizeOf(page);
  }

  clear(): void {
    this.pages.clear();
    this.total = 0;
  }

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.pages.size;
  }
}

/** What a page costs in memory: its bytes, its key and a little for the rest. */
function sizeOf(page: CachedPage): number {
  return page.body.length + page.key.length * 2 + 1500;
}
