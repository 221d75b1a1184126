import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Where uploaded files go. A local folder by default; an S3-compatible store can implement the
 * same interface later without touching the modules.
 */
export interface FileStorage {
  put(data: Buffer, originalName: string): Promise<{ key: string; size: number }>;
  get(key: string): Promise<Buffer>;
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
      if (!/^\d{4}-\d{2}\/[0-9a-f-]{36}(\.[a-z0-9]{1,8})?$/.test(key)) throw new Error('Invalid file key');
      return readFile(join(root, key));
    },
  };
}
