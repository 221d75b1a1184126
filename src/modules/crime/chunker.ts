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

  async *chunks(stream: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<CsvChunk> {
    let buf = Buffer.alloc(0);
    let scanPos = 0; // where scanning resumes in buf
    let recStart = 0; // where the current record starts in buf
    let boundary = 0; // end of the last complete record in buf
    let inQuote = false;
    let pending = 0; // complete records in buf[0, boundary)
    let first = true;
    let lineExtra = 0; // newlines inside quotes in the current record
    let blankRun = 0; // trailing blank records in buf
    let blankStart = 0;
    const QUOTE = 0x22;
    const NL = 0x0a;

    const take = (): CsvChunk | undefined => {
      if (pending === 0) return undefined;
      const chunk = { data: Buffer.from(buf.subarray(0, boundary)), firstRecord: this.records - pending + 1, records: pending };
      buf = buf.subarray(boundary);
      scanPos -= boundary;
      recStart -= boundary;
      blankStart -= boundary;
      boundary = 0;
      pending = 0;
      return chunk;
    };

    const endRecord = (n: number) => {
      if (first) {
        this.header = buf.subarray(0, n).toString('utf8').replace(/\r$/, '');
        buf = buf.subarray(n + 1);
        scanPos = 0;
        recStart = 0;
        first = false;
        lineExtra = 0;
        return;
      }
      const blank = n === recStart || (n === recStart + 1 && buf[recStart] === 0x0d);
      if (blank) {
        if (blankRun === 0) blankStart = recStart;
        blankRun++;
      } else blankRun = 0;
      this.records++;
      pending++;
      if (lineExtra) this.multiLine.set(this.records, lineExtra);
      lineExtra = 0;
      scanPos = n + 1;
      recStart = scanPos;
      boundary = scanPos;
    };

    for await (const piece of stream) {
      const b = typeof piece === 'string' ? Buffer.from(piece) : piece;
      this.bytes += b.length;
      buf = buf.length ? Buffer.concat([buf, b]) : b;
      if (first && scanPos === 0 && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      while (scanPos < buf.length) {
        if (inQuote) {
          const q = buf.indexOf(QUOTE, scanPos);
          const end = q < 0 ? buf.length : q;
          for (let n = buf.indexOf(NL, scanPos); n >= 0 && n < end; n = buf.indexOf(NL, n + 1)) lineExtra++;
          if (q < 0) {
            scanPos = buf.length;
            break;
          }
          inQuote = false;
          scanPos = q + 1;
          continue;
        }
        const n = buf.indexOf(NL, scanPos);
        const q = n < 0 ? buf.indexOf(QUOTE, scanPos) : buf.subarray(scanPos, n).indexOf(QUOTE);
        if (q >= 0) {
          inQuote = true;
          scanPos = (n < 0 ? q : scanPos + q) + 1;
          continue;
        }
        if (n < 0) {
          scanPos = buf.length;
          break;
        }
        endRecord(n);
      }
      if (boundary >= this.chunkBytes && blankRun === 0) {
        const c = take();
        if (c) yield c;
      }
    }
    if (first) {
      const text = buf.toString('utf8').trim();
      if (text) this.header = text;
      return;
    }
    // The last record may have no line ending.
    if (recStart < buf.length && buf.subarray(recStart).toString('utf8').trim().length) {
      this.records++;
      pending++;
      if (lineExtra) this.multiLine.set(this.records, lineExtra);
      boundary = buf.length;
      blankRun = 0;
    }
    // Blank lines at the end of the file are not records.
    if (blankRun > 0 && blankStart >= 0) {
      this.records -= blankRun;
      pending -= blankRun;
      boundary = blankStart;
    }
    const c = take();
    if (c) yield c;
  }
}
