import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';

/**
 * The container of a backup: a gzip-compressed tar file (`tar tzf backup.tar.gz` lists it), its
 * last two entries `manifest.json` and `manifest.sha256`. The manifest holds the SHA-256 of every
 * other entry, and gzip its own CRC and length, so a truncated or altered file is found by reading
 * it once (readBackupEntries) before anything is changed.
 */

export class BackupFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFileError';
  }
}

export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader(name: string, size: number, mtime: number): Buffer {
  if (Buffer.byteLength(name) > 99) throw new Error(`backup entry name too long: ${name}`);
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write(octal(0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(Math.floor(mtime / 1000), 12), 136);
  h.write('        ', 148); // the checksum counts its own field as spaces
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

const padding = (size: number) => Buffer.alloc((512 - (size % 512)) % 512);

/** Writes entries one after another into FILE; add() resolves once the bytes are accepted. */
export function createBackupWriter(path: string) {
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(path);
  const piped = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  const checksums: Record<string, string> = {};
  const now = Date.now();
  async function write(b: Buffer) {
    if (!gzip.write(b)) await once(gzip, 'drain');
  }
  return {
    checksums,
    async add(name: string, data: Buffer) {
      checksums[name] = sha256(data);
      await write(tarHeader(name, data.length, now));
      await write(data);
      await write(padding(data.length));
    },
    /** Adds the manifest (with every entry's checksum) and its own checksum, then closes the file. */
    async finish(manifest: object) {
      const json = Buffer.from(JSON.stringify({ ...manifest, checksums }, null, 1));
      await write(tarHeader('manifest.json', json.length, now));
      await write(json);
      await write(padding(json.length));
      const sum = Buffer.from(`${sha256(json)}  manifest.json\n`);
      await write(tarHeader('manifest.sha256', sum.length, now));
      await write(sum);
      await write(padding(sum.length));
      await write(Buffer.alloc(1024));
      gzip.end();
      await piped;
    },
  };
}

export interface BackupEntry {
  name: string;
  data: Buffer;
}

/** The entries of a backup file in order (each read whole; a table's data comes in chunks). */
export async function* readBackupEntries(path: string): AsyncGenerator<BackupEntry> {
  const file = createReadStream(path);
  const gunzip = createGunzip();
  file.on('error', (e) => gunzip.destroy(e)); // pipe() alone would leave the reader waiting for ever
  const input: Readable = file.pipe(gunzip);
  let buf: Buffer = Buffer.alloc(0);
  let want: { name: string; size: number } | undefined;
  let ended = false;
  try {
    for await (const read of input) {
      // A gunzip stream without an encoding reads Buffers.
      const chunk = Buffer.isBuffer(read) ? read : Buffer.from(String(read));
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        if (ended) break;
        if (!want) {
          if (buf.length < 512) break;
          const h = buf.subarray(0, 512);
          if (h.every((b) => b === 0)) {
            ended = true;
            break;
          }
          let sum = 0;
          for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
          if (parseInt(h.toString('latin1', 148, 156).replace(/\0.*$/s, '').trim(), 8) !== sum)
            throw new BackupFileError('The backup file is damaged: an entry header is corrupt.');
          const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
          const size = parseInt(h.toString('latin1', 124, 136).replace(/\0.*$/s, '').trim(), 8);
          want = { name, size };
          buf = buf.subarray(512);
        }
        const total = want.size + padding(want.size).length;
        if (buf.length < total) break;
        const data = Buffer.from(buf.subarray(0, want.size));
        buf = buf.subarray(total);
        const entry = { name: want.name, data };
        want = undefined;
        yield entry;
      }
    }
  } catch (e) {
    if (e instanceof BackupFileError) throw e;
    const code = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
    const message = e instanceof Error ? e.message : undefined;
    if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(String(message)))
      throw new BackupFileError('The backup file is incomplete: it ends early (was it copied in full?).');
    if (code === 'ENOENT') throw new BackupFileError(`No backup file at ${path}.`);
    if (code?.startsWith('Z_')) throw new BackupFileError(`The backup file is damaged: ${message}.`);
    throw e;
  }
  if (!ended) throw new BackupFileError('The backup file is incomplete: it ends early (was it copied in full?).');
}
