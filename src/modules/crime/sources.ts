import { createReadStream, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import type { ImportSource } from './crimeImport.js';
import { FILE_NAME } from './months.js';

const isCrimeCsv = (name: string) => FILE_NAME.test(basename(name).replace(/\.gz$/, ''));

/** A plain or gzipped CSV on disk. */
export function fileSource(path: string): ImportSource {
  const gz = path.endsWith('.gz');
  return {
    name: basename(path).replace(/\.gz$/, ''),
    size: gz ? undefined : statSync(path).size,
    open: () => (gz ? createReadStream(path).pipe(createGunzip()) : createReadStream(path, { highWaterMark: 1024 * 1024 })),
    readReusing: gz ? undefined : () => readReusing(path),
  };
}

/**
 * A file's bytes, 1 MB at a time, read into two buffers in turn: the next piece is read while
 * the caller works on this one, and a piece is overwritten once the one after it is asked for.
 */
async function* readReusing(path: string): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  const bufs = [Buffer.allocUnsafeSlow(1024 * 1024), Buffer.allocUnsafeSlow(1024 * 1024)];
  const read = (i: number) => file.read(bufs[i], 0, bufs[i].length, null);
  let next = read(0);
  try {
    for (let i = 0; ; i ^= 1) {
      const { bytesRead } = await next;
      if (!bytesRead) return;
      next = read(i ^ 1);
      yield bufs[i].subarray(0, bytesRead);
    }
  } finally {
    await next.catch(() => undefined);
    await file.close();
  }
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => (err ? reject(err) : resolve(zip))));
}

/** The police.uk CSVs inside a zip (archive layout YYYY-MM/YYYY-MM-<force>-<kind>.csv). */
export async function zipSources(path: string): Promise<{ sources: ImportSource[]; close(): void }> {
  const zip = await openZip(path);
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (!e.fileName.endsWith('/') && isCrimeCsv(e.fileName)) entries.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return {
    sources: entries.map((e) => ({
      name: basename(e.fileName),
      size: e.uncompressedSize,
      open: () => new Promise<Readable>((resolve, reject) => zip.openReadStream(e, (err, s) => (err ? reject(err) : resolve(s)))),
    })),
    close: () => zip.close(),
  };
}

/**
 * Every police.uk CSV under the given paths: files, folders (searched recursively) and zips.
 * Returns what it found and the names it skipped (not YYYY-MM-<force>-<kind>.csv).
 */
export async function collectSources(paths: string[]): Promise<{ sources: ImportSource[]; skipped: string[]; close(): void }> {
  const sources: ImportSource[] = [];
  const skipped: string[] = [];
  const zips: { close(): void }[] = [];
  const walk = async (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const f of readdirSync(p).sort()) await walk(join(p, f));
    } else if (p.toLowerCase().endsWith('.zip')) {
      const z = await zipSources(p);
      zips.push(z);
      sources.push(...z.sources);
    } else if (isCrimeCsv(p)) sources.push(fileSource(p));
    else skipped.push(p);
  };
  for (const p of paths) await walk(p);
  return { sources, skipped, close: () => zips.forEach((z) => z.close()) };
}
