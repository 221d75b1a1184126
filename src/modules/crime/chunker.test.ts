import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { CsvChunker, type ChunkMemory } from './chunker.js';

/** Pieces of `buf` read into one buffer, overwritten with # once the next piece is asked for. */
async function* reusedReads(buf: Buffer, pieces: number): AsyncGenerator<Buffer> {
  const shared = Buffer.alloc(pieces);
  for (let i = 0; i < buf.length; i += pieces) {
    const n = buf.copy(shared, 0, i, i + pieces);
    yield shared.subarray(0, n);
    shared.fill('#');
  }
}

// Every case runs in each ChunkMemory: chunks as views of the input; and chunks copied from reads
// into one reused buffer (what PGlite imports do), handed out fresh or as a view of a reused
// buffer, good only until the next is asked for, so the test copies each at once.
let memory: ChunkMemory = 'views';

async function run(text: string | Buffer, size = 8, pieces = 3) {
  const c = new CsvChunker(size, memory);
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += pieces) parts.push(buf.subarray(i, i + pieces));
  const chunks = [];
  for await (const ch of c.chunks(memory === 'views' ? Readable.from(parts) : reusedReads(buf, pieces))) {
    // The pieces a stream is given are the chunk's bytes, in order.
    expect(Buffer.concat(ch.parts).equals(ch.data)).toBe(true);
    chunks.push({ ...ch, data: Buffer.from(ch.data) });
  }
  return { c, chunks, joined: Buffer.concat(chunks.map((x) => x.data)).toString() };
}

describe.each(['views', 'fresh', 'shared'] as const)('CsvChunker (chunk memory: %s)', (m) => {
  beforeEach(() => {
    memory = m;
  });

  it('strips the BOM and header, keeps every record whole across chunk and piece boundaries', async () => {
    const { c, chunks, joined } = await run('\uFEFFa,b\r\n1,2\r\n3,"x\r\ny"\r\n5,6\r\n');
    expect(c.header).toBe('a,b');
    expect(joined).toBe('1,2\r\n3,"x\r\ny"\r\n5,6\r\n');
    expect(c.records).toBe(3);
    expect(chunks.reduce((n, x) => n + x.records, 0)).toBe(3);
    for (const ch of chunks) expect(ch.data.toString().endsWith('\n')).toBe(true);
    // record 3 sits after a record spanning two lines
    expect(c.lineOf(1)).toBe(2);
    expect(c.lineOf(2)).toBe(3);
    expect(c.lineOf(3)).toBe(5);
  });

  it('numbers chunks by their first record', async () => {
    const { chunks } = await run('h\n1\n2\n3\n4\n5\n', 2, 100);
    expect(chunks.map((x) => [x.firstRecord, x.records])).toEqual([[1, 5]]);
    const small = await run('h\n11\n22\n33\n44\n', 3, 1);
    expect(small.chunks[0].firstRecord).toBe(1);
    expect(small.chunks.map((x) => x.firstRecord + x.records - 1).pop()).toBe(4);
    expect(small.joined).toBe('11\n22\n33\n44\n');
  });

  it('accepts a last line without a line ending and drops blank lines at the end', async () => {
    expect((await run('h\n1\n2')).joined).toBe('1\n2');
    const r = await run('h\n1\n2\n\n\r\n', 1000);
    expect(r.joined).toBe('1\n2\n');
    expect(r.c.records).toBe(2);
  });

  it('treats a header-only file as having no records', async () => {
    const r = await run('a,b\n');
    expect(r.c.header).toBe('a,b');
    expect(r.chunks).toHaveLength(0);
  });
});

describe('CsvChunker against csv-parse on random input', () => {
  it('gives the same records and line numbers for any piece and chunk size', async () => {
    const { parse } = await import('csv-parse/sync');
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let round = 0; round < 90; round++) {
      memory = (['views', 'fresh', 'shared'] as const)[round % 3];
      const eol = rnd(2) ? '\r\n' : '\n';
      const recs: string[] = [];
      for (let i = 0; i < 1 + rnd(30); i++) {
        const fields = [`r${i}`, rnd(4) === 0 ? `"multi${eol}line ""q"""` : `v${rnd(1000)}`, rnd(5) === 0 ? '' : 'x'];
        recs.push(fields.join(','));
      }
      const text = `${rnd(2) ? '\uFEFF' : ''}a,b,c${eol}${recs.join(eol)}${rnd(2) ? eol : ''}`;
      const { c, joined } = await run(text, 1 + rnd(60), 1 + rnd(20));
      const expected = parse(text, { bom: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
      const got = parse(joined) as string[][];
      expect(c.header).toBe('a,b,c');
      expect(got).toEqual(expected.slice(1).map((e) => e.record));
      expect(c.records).toBe(expected.length - 1);
      // csv-parse's info.lines is the line a record ends on; ours is where it starts.
      for (let k = 1; k < expected.length; k++) {
        const multi = expected[k].record[1].includes('\n') ? 1 : 0;
        expect(c.lineOf(k)).toBe(expected[k].info.lines - multi);
      }
    }
  });
});

describe('recordAtLine', () => {
  it('turns a COPY line number (physical lines) into the record, across chunks and quoted line breaks', async () => {
    const c = new CsvChunker(10);
    const text = 'h1,h2\na,1\n"b\nb",2\nc,3\n"d\n\nd",4\ne,5\n';
    const parts: { firstRecord: number; records: number }[] = [];
    // Pieces of 6 bytes, so chunks end at several records (a chunk ends at a piece's end).
    const pieces = Array.from({ length: Math.ceil(text.length / 6) }, (_, i) => Buffer.from(text.slice(i * 6, i * 6 + 6)));
    for await (const ch of c.chunks(Readable.from(pieces))) parts.push({ firstRecord: ch.firstRecord, records: ch.records });
    expect(parts.length).toBeGreaterThan(1);
    // COPY lines: 1 a, 2-3 b, 4 c, 5-7 d, 8 e
    expect([1, 2, 3, 4, 5, 7, 8].map((l) => c.recordAtLine(parts, l))).toEqual([1, 2, 2, 3, 4, 4, 5]);
    // lines counted from the second chunk on: the stream held only those
    const later = parts.filter((p) => p.firstRecord >= 3);
    expect(later.length).toBeGreaterThan(0);
    expect(c.recordAtLine(later, 1)).toBe(later[0].firstRecord);
  });
});
