import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bufferSources } from './index.js';
import { ZIP_LIMITS, zipEntryProblem } from './sources.js';

/** A one-entry zip whose headers declare `declared` bytes unpacked (as a zip bomb's do, truthfully). */
function zipOf(name: string, packed: Buffer, declared: number): Buffer {
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(n.length, 28);
  const dirOffset = local.length + n.length + packed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12);
  end.writeUInt32LE(dirOffset, 16);
  return Buffer.concat([local, n, packed, central, n, end]);
}

describe('zip entries', () => {
  it('refuses a 3 MB zip that unpacks to a 3 GiB line before unpacking any of it', async () => {
    // 3 MB of deflate data as a bomb's would be (a stream of one repeated byte).
    const packed = deflateRawSync(Buffer.alloc(3 * 1024 * 1024, 0x61)).subarray(0, 3 * 1024 * 1024);
    const bomb = zipOf('2024-06/2024-06-cleveland-street.csv', Buffer.concat([packed, Buffer.alloc(3 * 1024 * 1024 - packed.length)]), 3 * 1024 ** 3);
    await expect(bufferSources('bomb.zip', bomb)).rejects.toThrow(
      '2024-06/2024-06-cleveland-street.csv would unpack to 3,072 MB, more than the 2,048 MB allowed for one file: the zip was refused',
    );
  });

  it('refuses an entry packed more tightly than any police.uk file, and accepts a usual one', () => {
    const fileName = '2024-06-cleveland-street.csv';
    expect(zipEntryProblem({ fileName, compressedSize: 1024 * 1024, uncompressedSize: (ZIP_LIMITS.maxRatio + 1) * 1024 * 1024 })).toBe(
      `${fileName} would unpack to 101 MB from 1 MB, more than 100 times its packed size (no police.uk file packs so tightly): the zip was refused`,
    );
    expect(zipEntryProblem({ fileName, compressedSize: 30 * 1024 * 1024, uncompressedSize: 300 * 1024 * 1024 })).toBeUndefined();
  });

  it('reads the police.uk files of a usual zip', async () => {
    const csv = Buffer.from('Crime ID,Month\n,2024-06\n');
    const { sources, close } = await bufferSources('ok.zip', zipOf('2024-06/2024-06-cleveland-street.csv', deflateRawSync(csv), csv.length));
    expect(sources.map((s) => [s.name, s.size])).toEqual([['2024-06-cleveland-street.csv', csv.length]]);
    close();
  });
});
