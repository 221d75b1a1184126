import { describe, expect, it } from 'vitest';

// The parts of OpenPCC that are not plain JavaScript, loaded and used on the Node.js running this
// suite: .ci/run runs it on the machine's Node and on Node 24 (scripts/with-node.sh). A native
// addon built for another ABI, or a WebAssembly build a Node line cannot run, fails here by name
// rather than somewhere deep in an integration test.
describe(`native and WebAssembly parts on Node ${process.versions.node}`, () => {
  it('argon2 (native addon) hashes and verifies a password', async () => {
    const argon2 = await import('argon2');
    const hash = await argon2.hash('correct horse battery staple', { type: argon2.argon2id, memoryCost: 4096, timeCost: 2 });
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await argon2.verify(hash, 'correct horse battery staple')).toBe(true);
    expect(await argon2.verify(hash, 'wrong')).toBe(false);
  });

  it('PGlite (PostgreSQL in WebAssembly) runs SQL', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create();
    try {
      const r = await db.query<{ n: number; v: string }>("select 40 + 2 as n, split_part(version(), ' ', 1) as v");
      expect(r.rows).toEqual([{ n: 42, v: 'PostgreSQL' }]);
    } finally {
      await db.close();
    }
  });

  it('esbuild (native binary) transforms TypeScript', async () => {
    const { transform } = await import('esbuild');
    const out = await transform('const n: number = 1 + 1; export default n;', { loader: 'ts', format: 'esm' });
    expect(out.code).toContain('1 + 1');
    expect(out.code).not.toContain(': number');
  });
});
