import { describe, expect, it } from 'vitest';
import { revisionCache } from './revisionCache.js';

describe('revisionCache', () => {
  it('loads once per key and revision, and again when the revision moves on', async () => {
    let rev = 'a';
    let loads = 0;
    const cached = revisionCache(async () => rev);
    const load = async () => ({ n: ++loads, rows: [1, 2] });
    expect(await cached('k', load)).toEqual({ n: 1, rows: [1, 2] });
    expect(await cached('k', load)).toEqual({ n: 1, rows: [1, 2] });
    expect((await cached('other', load)).n).toBe(2);
    rev = 'b';
    expect((await cached('k', load)).n).toBe(3);
  });

  it('freezes shared results, forgets failures and keeps at most maxEntries', async () => {
    const cached = revisionCache(async () => 'r', { maxEntries: 2 });
    const v = await cached('k', async () => ({ rows: [3, 1, 2] }));
    expect(() => v.rows.sort()).toThrow(TypeError);
    await expect(
      cached('bad', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await cached('bad', async () => 'ok')).toBe('ok');
    let loads = 0;
    await cached('x', async () => ++loads);
    await cached('y', async () => ++loads);
    await cached('x', async () => ++loads); // still held
    await cached('z', async () => ++loads); // drops the least recently used ('y')
    expect(loads).toBe(3);
    await cached('y', async () => ++loads);
    expect(loads).toBe(4);
  });
});

describe('revisionCache with recheckMs', () => {
  it('asks for the revision at most once per period, once for many callers, and forgets on invalidate', async () => {
    let asked = 0;
    let rev = 'a';
    const cached = revisionCache(async () => (asked++, rev), { recheckMs: 60_000 });
    let loads = 0;
    const load = async () => ++loads;
    await Promise.all([cached('k', load), cached('k', load), cached('j', load)]);
    expect(asked).toBe(1);
    expect(loads).toBe(2);
    rev = 'b';
    expect(await cached('k', load)).toBe(1); // another process's change: seen after the period
    expect(asked).toBe(1);
    cached.invalidate(); // this process's own change: seen at once
    expect(await cached('k', load)).toBe(3);
    expect(asked).toBe(2);
  });
});

describe('revisionCache after a change made here', () => {
  it('asks for the revision on every call for two seconds after changedAt', async () => {
    let asked = 0;
    let changed = 0;
    const cached = revisionCache(async () => String(++asked), { recheckMs: 60_000, changedAt: () => changed });
    await cached('k', async () => 1);
    await cached('k', async () => 1);
    expect(asked).toBe(1);
    changed = Date.now();
    await cached('k', async () => 1);
    await cached('k', async () => 1);
    expect(asked).toBe(3);
  });
});

describe('revisionCache.wrap', () => {
  it('keeps a function’s results per arguments, apart from other functions', async () => {
    const cached = revisionCache(async () => 'r');
    let calls = 0;
    const double = cached.wrap('double', async (n: number) => (calls++, n * 2));
    const triple = cached.wrap('triple', async (n: number) => (calls++, n * 3));
    expect([await double(2), await double(2), await double(3), await triple(2)]).toEqual([4, 4, 6, 6]);
    expect(calls).toBe(3);
  });
});
