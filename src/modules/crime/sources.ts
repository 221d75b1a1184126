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

/**
 * Limits on each police.uk file inside a zip, checked on the sizes it declares before any byte is
 * unpacked (yauzl then refuses an entry that unpacks to more than it declared): a national month
 * is a few hundred megabytes and CSV packs about ten times, while a zip bomb packs thousands of times.
 */
export const ZIP_LIMITS = { maxEntryBytes: 2 * 1024 ** 3, maxRatio: 100 };

/** Why a zip entry is refused (too large, or packed too tightly), or undefined. */
export function zipEntryProblem(e: { fileName: string; uncompressedSize: number; compressedSize: number }): string | undefined {
  const mb = (n: number) => `${(n / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
  if (e.uncompressedSize > ZIP_LIMITS.maxEntryBytes)
    return `${e.fileName} would unpack to ${mb(e.uncompressedSize)}, more than the ${mb(ZIP_LIMITS.maxEntryBytes)} allowed for one file: the zip was refused`;
  if (e.uncompressedSize > ZIP_LIMITS.maxRatio * Math.max(e.compressedSize, 1024)) {
    return `${e.fileName} would unpack to ${mb(e.uncompressedSize)} from ${mb(e.compressedSize)}, more than ${ZIP_LIMITS.maxRatio} times its packed size (no police.uk file packs so tightly): the zip was refused`;
  }
  return undefined;
}

/** The entries of a zip that `keep` selects, every one checked by zipEntryProblem before any is read. */
export function zipEntries(zip: yauzl.ZipFile, keep: (fileName: string) => boolean): Promise<yauzl.Entry[]> {
  const entries: yauzl.Entry[] = [];
  return new Promise<yauzl.Entry[]>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      const problem = !e.fileName.endsWith('/') && keep(e.fileName) ? zipEntryProblem(e) : undefined;
      if (problem) {
        zip.close();
        return reject(new Error(problem));
      }
      if (!e.fileName.endsWith('/') && keep(e.fileName)) entries.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => (err ? reject(err) : resolve(zip))));
}

/** The police.uk CSVs inside a zip (archive layout YYYY-MM/YYYY-MM-<force>-<kind>.csv). */
export async function zipSources(path: string): Promise<{ sources: ImportSource[]; close(): void }> {
  const zip = await openZip(path);
  const entries = await zipEntries(zip, isCrimeCsv);
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
