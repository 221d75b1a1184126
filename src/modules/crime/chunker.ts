import type { Readable } from 'node:stream';

/** A piece of a CSV file that ends on a record boundary, ready for one COPY. */
export interface CsvChunk {
  data: Buffer;
  /** 1-based index (after the header) of the first data record in this chunk. */
  firstRecord: number;
  records: number;
}

/**
 * Splits a CSV byte stream into chunks that end on record boundaries (quote-aware, so a quoted
 * field with a line break stays whole), strips a UTF-8 BOM, hands the header record back
 * separately, and remembers which records span several physical lines so an error found by
 * record number can be reported by the file's line number. It looks only at quote and newline
 * bytes (Buffer.indexOf); it does not parse fields.
 */
export class CsvChunker {
  header: string | undefined;
  /** record index → extra physical lines it spans (only records with quoted line breaks). */
  readonly multiLine = new Map<number, number>();
  records = 0;
  bytes = 0;

  constructor(private readonly chunkBytes = 8 * 1024 * 1024) {}

  /** The file's line number of data record `k` (1-based; the header is line 1). */
  lineOf(k: number): number {
    let extra = 0;
    for (const [rec, n] of this.multiLine) if (rec < k) extra += n;
    return k + 1 + extra;
  }

  /**
   * The record on a physical line of COPY data: `line` counts lines (1-based) from the start of
   * the chunks listed, which hold consecutive records each (COPY numbers lines, not records, and a
   * quoted line break starts a new one).
   */
  recordAtLine(parts: { firstRecord: number; records: number }[], line: number): number {
    let at = 1;
    for (const p of parts) {
      for (let rec = p.firstRecord; rec < p.firstRecord + p.records; rec++) {
        const span = 1 + (this.multiLine.get(rec) ?? 0);
        if (line < at + span) return rec;
        at += span;
      }
    }
    return (parts.at(-1)?.firstRecord ?? 1) + (parts.at(-1)?.records ?? 0);
  }

  async *chunks(stream: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<CsvChunk> {
    const QUOTE = 0x22;
    const NL = 0x0a;
    // Scanned bytes not yet emitted: whole pieces, then the part of the current piece.
    let held: Buffer[] = [];
    let heldBytes = 0;
    let pending = 0; // complete records in `held`
    let inQuote = false;
    let first = true;
    let headerParts: Buffer[] = [];
    let lineExtra = 0; // newlines inside quotes in the current record
    let recHasNonCr = false;
    let blankRun = 0; // trailing blank records among the pending ones
    let blankBytes = 0; // their bytes, to cut at the end of the file
    let tail: Buffer[] = []; // bytes after the last complete record (a partial record)
    let tailBytes = 0;
    let bomChecked = false;

    const emit = (): CsvChunk | undefined => {
      if (pending === 0) return undefined;
      const data = held.length === 1 ? held[0] : Buffer.concat(held, heldBytes);
      const chunk = { data, firstRecord: this.records - pending + 1, records: pending };
      held = [];
      heldBytes = 0;
      pending = 0;
      return chunk;
    };

    for await (const piece of stream) {
      let b = typeof piece === 'string' ? Buffer.from(piece) : piece;
      this.bytes += b.length;
      if (!bomChecked) {
        if (b.length < 3 && headerParts.length === 0) {
          // too small to tell: keep it and look again with the next piece
          headerParts.push(b);
          continue;
        }
        if (headerParts.length) {
          b = Buffer.concat([...headerParts, b]);
          headerParts = [];
        }
        if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
        bomChecked = true;
      }
      let pos = 0; // start of the not-yet-assigned bytes of b
      let scan = 0;
      while (scan < b.length) {
        if (inQuote) {
          const q = b.indexOf(QUOTE, scan);
          const end = q < 0 ? b.length : q;
          for (let n = b.indexOf(NL, scan); n >= 0 && n < end; n = b.indexOf(NL, n + 1)) lineExtra++;
          recHasNonCr = true;
          if (q < 0) {
            scan = b.length;
            break;
          }
          inQuote = false;
          scan = q + 1;
          continue;
        }
        const n = b.indexOf(NL, scan);
        const limit = n < 0 ? b.length : n;
        const q = b.subarray(scan, limit).indexOf(QUOTE);
        if (q >= 0) {
          inQuote = true;
          recHasNonCr = true;
          scan = scan + q + 1;
          continue;
        }
        if (n < 0) {
          if (limit > scan) {
            const seg = b.subarray(scan, limit);
            if (!(seg.length === 1 && seg[0] === 0x0d)) recHasNonCr = recHasNonCr || seg.some((x: number) => x !== 0x0d);
          }
          scan = b.length;
          break;
        }
        // A record ends at n (its bytes: tail + b[pos..n]).
        const seg = b.subarray(scan, n);
        if (seg.length && !(seg.length === 1 && seg[0] === 0x0d)) recHasNonCr = true;
        if (first) {
          const hb = Buffer.concat([...tail, b.subarray(pos, n)]);
          this.header = hb.toString('utf8').replace(/\r$/, '');
          tail = [];
          tailBytes = 0;
          first = false;
        } else {
          const bytes = tailBytes + (n + 1 - pos);
          held.push(...tail, b.subarray(pos, n + 1));
          heldBytes += bytes;
          tail = [];
          tailBytes = 0;
          this.records++;
          pending++;
          if (lineExtra) this.multiLine.set(this.records, lineExtra);
          if (!recHasNonCr) {
            blankRun++;
            blankBytes += bytes;
          } else {
            blankRun = 0;
            blankBytes = 0;
          }
        }
        lineExtra = 0;
        recHasNonCr = false;
        pos = n + 1;
        scan = pos;
      }
      if (pos < b.length) {
        tail.push(b.subarray(pos));
        tailBytes += b.length - pos;
      }
      if (heldBytes >= this.chunkBytes && blankRun === 0) {
        const c = emit();
        if (c) yield c;
      }
    }
    if (!bomChecked && headerParts.length) tail = headerParts;
    if (first) {
      const text = Buffer.concat(tail).toString('utf8').replace(/^\uFEFF/, '').trim();
      if (text) this.header = text;
      return;
    }
    // The last record may have no line ending.
    if (tailBytes && Buffer.concat(tail).toString('utf8').trim().length) {
      held.push(...tail);
      heldBytes += tailBytes;
      this.records++;
      pending++;
      if (lineExtra) this.multiLine.set(this.records, lineExtra);
      blankRun = 0;
      blankBytes = 0;
    }
    // Blank lines at the end of the file are not records.
    if (blankRun > 0 && blankRun <= pending) {
      this.records -= blankRun;
      pending -= blankRun;
      const all = Buffer.concat(held, heldBytes);
      held = [all.subarray(0, heldBytes - blankBytes)];
      heldBytes -= blankBytes;
    }
    const c = emit();
    if (c) yield c;
  }
}
