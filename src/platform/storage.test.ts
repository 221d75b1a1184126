import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalStorage, storeThenRecord } from './storage.js';

const filesIn = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

describe('storeThenRecord', () => {
  it('keeps the files when their record is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openpcc-storage-'));
    const storage = createLocalStorage(dir);
    const keys = await storeThenRecord(
      storage,
      [
        { data: Buffer.from('a'), name: 'a.pdf' },
        { data: Buffer.from('b'), name: 'b.pdf' },
      ],
      async (stored) => stored.map((s) => s.key),
    );
    expect(filesIn(dir)).toBe(2);
    expect((await storage.get(keys[1])).toString()).toBe('b');
  });

  it('removes the stored files when writing their record fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openpcc-storage-'));
    const storage = createLocalStorage(dir);
    const failing = storeThenRecord(storage, [{ data: Buffer.from('a'), name: 'a.pdf' }], async (stored) => {
      expect(filesIn(dir)).toBe(stored.length);
      throw new Error('the transaction failed');
    });
    await expect(failing).rejects.toThrow('the transaction failed');
    expect(filesIn(dir)).toBe(0);
  });
});
