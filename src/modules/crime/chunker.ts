import type { Readable } from 'node:stream';

/** A piece of a CSV file that ends on a record boundary, ready for one COPY. */
export interface CsvChunk {
  /** The chunk's bytes as one buffer (joined when first asked for, if held as several pieces). */
  readonly data: Buffer;
  /**
   * The chunk's bytes in order, as held: a stream that takes them one after another (a COPY to
   * PostgreSQL) is given these, so the file's bytes are not copied again into one buffer per chunk.
   */
  readonly parts: readonly Buffer[];
  /** 1-based index (after the header) of the first data record in this chunk. */
  firstRecord: number;
  records: number;
}

/**
 * How a chunk's bytes are held:
 * - `views`: views of the input pieces (no copy; the input buffers must stay as they are), joined
 *   into one buffer only when a chunk spans several pieces;
 * - `fresh`: copied into one reused buffer as they come, then handed out in a new buffer of the
 *   chunk's exact size; nothing of an input piece is kept once the next is asked for, so the
 *   reader may reuse its buffer;
 * - `shared`: as `fresh`, but handed out as a view of the reused buffer itself (a resizable
 *   ArrayBuffer, resized to the chunk): no new memory per chunk at all, good only until the next
 *   chunk is asked for. PGlite reads a resizable buffer more slowly (about 8% of a COPY).
 */
export type ChunkMemory = 'views' | 'fresh' | 'shared';

/**
 * Bytes gathered for a chunk (or a record not yet complete).
 */
interface ByteBag {
  bytes: number;
  push(b: Buffer): void;
  /** Everything pushed, as one buffer; the bag is then empty. */
  take(): Buffer;
  /** Everything pushed, as the pieces held (one buffer unless held as views); the bag is then empty. */
  takeParts(): Buffer[];
  /** Everything pushed, without emptying the bag. */
  view(): Buffer;
  clear(): void;
  /** Drops the last n bytes. */
  drop(n: number): void;
}

function pieces(): ByteBag {
  let list: Buffer[] = [];
  const bag: ByteBag = {
    bytes: 0,
    push(b) {
      list.push(b);
      bag.bytes += b.length;
    },
    view: () => (list.length === 1 ? list[0] : Buffer.concat(list, bag.bytes)),
    take() {
      const all = bag.view();
      bag.clear();
      return all;
    },
    takeParts() {
      const all = list;
      bag.clear();
      return all;
    },
    clear() {
      list = [];
      bag.bytes = 0;
    },
    drop(n) {
      list = [bag.view().subarray(0, bag.bytes - n)];
      bag.bytes -= n;
    },
  };
  return bag;
}

/**
 * One resizable ArrayBuffer (address space reserved up to 1 GiB, memory taken as it grows); take()
 * copies it out (fresh) or resizes it to the exact length (so PGlite reads the ArrayBuffer itself).
 */
function copies(fresh: boolean): ByteBag {
  const store = new ArrayBuffer(0, { maxByteLength: 1 << 30 });
  const bag: ByteBag = {
    bytes: 0,
    push(b) {
      const end = bag.bytes + b.length;
      if (end > store.byteLength) store.resize(Math.min(store.maxByteLength, Math.max(end, store.byteLength * 2, 64 * 1024)));
      new Uint8Array(store).set(b, bag.bytes);
      bag.bytes = end;
    },
    view: () => Buffer.from(store, 0, bag.bytes),
    take() {
      let all: Buffer;
      if (fresh) {
        all = Buffer.allocUnsafeSlow(bag.bytes);
        all.set(new Uint8Array(store, 0, bag.bytes));
      } else {
        store.resize(bag.bytes);
        all = Buffer.from(store, 0, bag.bytes);
      }
      bag.bytes = 0;
      return all;
    },
    takeParts: () => [bag.take()],
    clear() {
      bag.bytes = 0;
    },
    drop(n) {
      bag.bytes -= n;
    },
  };
  return bag;
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

  /** Whether nothing of an input piece is kept once the next is asked for (so reads may reuse a buffer). */
  get copiesInput(): boolean {
    return this.memory !== 'views';
  }

  /** `memory`: how chunks hold their bytes (see ChunkMemory). */
  constructor(
    private readonly chunkBytes = 8 * 1024 * 1024,
    private readonly memory: ChunkMemory = 'views',
  ) {}

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
    const bag = () => (this.memory === 'views' ? pieces() : copies(this.memory === 'fresh'));
    const held = bag(); // complete records not yet emitted
    let pending = 0; // complete records in `held`
    let inQuote = false;
    let first = true;
    let headerParts: Buffer[] = [];
    let lineExtra = 0; // newlines inside quotes in the current record
    let recHasNonCr = false;
    let blankRun = 0; // trailing blank records among the pending ones
    let blankBytes = 0; // their bytes, to cut at the end of the file
    const tail = bag(); // bytes after the last complete record (a partial record)
    let bomChecked = false;

    const emit = (): CsvChunk | undefined => {
      if (pending === 0) return undefined;
      const parts = held.takeParts();
      let joined: Buffer | undefined;
      const chunk: CsvChunk = {
        parts,
        get data() {
          joined ??= parts.length === 1 ? parts[0] : Buffer.concat(parts);
          return joined;
        },
        firstRecord: this.records - pending + 1,
        records: pending,
      };
      pending = 0;
      return chunk;
    };

    for await (const piece of stream) {
      let b = typeof piece === 'string' ? Buffer.from(piece) : piece;
      this.bytes += b.length;
      if (!bomChecked) {
        if (b.length < 3 && headerParts.length === 0) {
          // too small to tell: keep it and look again with the next piece
          headerParts.push(this.memory === 'views' ? b : Buffer.from(b));
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
      let run = 0; // start of the complete records of b not yet moved to `held` (they end at pos)
      let scan = 0;
      // The next quote at or after scan (-1: none in the rest of b), looked for once per quote, so
      // a piece without quotes costs one search for each line ending and no objects per record.
      let nextQuote = b.indexOf(QUOTE);
      while (scan < b.length) {
        if (inQuote) {
          const q = nextQuote;
          const end = q < 0 ? b.length : q;
          for (let n = b.indexOf(NL, scan); n >= 0 && n < end; n = b.indexOf(NL, n + 1)) lineExtra++;
          recHasNonCr = true;
          if (q < 0) {
            scan = b.length;
            break;
          }
          inQuote = false;
          scan = q + 1;
          nextQuote = b.indexOf(QUOTE, scan);
          continue;
        }
        const n = b.indexOf(NL, scan);
        const limit = n < 0 ? b.length : n;
        if (nextQuote >= 0 && nextQuote < limit) {
          inQuote = true;
          recHasNonCr = true;
          scan = nextQuote + 1;
          nextQuote = b.indexOf(QUOTE, scan);
          continue;
        }
        if (n < 0) {
          for (let i = scan; i < limit && !recHasNonCr; i++) if (b[i] !== 0x0d) recHasNonCr = true;
          scan = b.length;
          break;
        }
        // A record ends at n (its bytes: tail + b[pos..n]).
        if (n > scan && !(n - scan === 1 && b[scan] === 0x0d)) recHasNonCr = true;
        if (first) {
          const hb = Buffer.concat([tail.view(), b.subarray(pos, n)]);
          this.header = hb.toString('utf8').replace(/\r$/, '');
          tail.clear();
          first = false;
          run = n + 1;
        } else {
          const bytes = tail.bytes + (n + 1 - pos);
          if (tail.bytes) {
            // The record began in an earlier piece: its start, then its end here.
            held.push(tail.view());
            held.push(b.subarray(pos, n + 1));
            tail.clear();
            run = n + 1;
          }
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
      if (pos > run) held.push(b.subarray(run, pos));
      if (pos < b.length) tail.push(b.subarray(pos));
      if (held.bytes >= this.chunkBytes && blankRun === 0) {
        const c = emit();
        if (c) yield c;
      }
    }
    if (!bomChecked && headerParts.length) for (const h of headerParts) tail.push(h);
    if (first) {
      const text = tail
        .view()
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trim();
      if (text) this.header = text;
      return;
    }
    // The last record may have no line ending.
    if (tail.bytes && tail.view().toString('utf8').trim().length) {
      held.push(tail.view());
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
      held.drop(blankBytes);
    }
    const c = emit();
    if (c) yield c;
  }
}
