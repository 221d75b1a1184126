import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Where uploaded files go. A local folder by default; an S3-compatible store can implement the
 * same interface later without touching the modules.
 */
export interface FileStorage {
  put(data: Buffer, originalName: string): Promise<{ key: string; size: number }>;
  get(key: string): Promise<Buffer>;
  /** Removes a stored file (nothing happens if it is already gone). */
  remove(key: string): Promise<void>;
}

const KEY = /^\d{4}-\d{2}\/[0-9a-f-]{36}(\.[a-z0-9]{1,8})?$/;

/**
 * Stores the files, then runs `record` with what was stored (it writes their records in its
 * transaction); if `record` fails, the files are removed again, so no stored file lacks a record.
 */
export async function storeThenRecord<T>(
  storage: FileStorage,
  files: { data: Buffer; name: string }[],
  record: (stored: { key: string; size: number }[]) => Promise<T>,
): Promise<T> {
  const stored: { key: string; size: number }[] = [];
  try {
    for (const f of files) stored.push(await storage.put(f.data, f.name));
    return await record(stored);
  } catch (e) {
    await Promise.allSettled(stored.map((s) => storage.remove(s.key)));
    throw e;
  }
}

export function createLocalStorage(dir: string): FileStorage {
  const root = resolve(dir);
  return {
    async put(data, originalName) {
      const safeExt = (originalName.match(/\.[A-Za-z0-9]{1,8}$/)?.[0] ?? '').toLowerCase();
      const key = `${new Date().toISOString().slice(0, 7)}/${randomUUID()}${safeExt}`;
      const path = join(root, key);
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, data);
      return { key, size: data.length };
    },
    async get(key) {
      if (!KEY.test(key)) throw new Error('Invalid file key');
      return readFile(join(root, key));
    },
    async remove(key) {
      if (!KEY.test(key)) throw new Error('Invalid file key');
      await rm(join(root, key), { force: true });
    },
  };
}
