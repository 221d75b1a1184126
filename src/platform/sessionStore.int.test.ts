import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../test/helpers/db.js';
import { sessions } from './schema.js';
import { EXPIRY_REFRESH_MS, PostgresSessionStore } from './sessionStore.js';

let db: TestDb;
let store: PostgresSessionStore;

beforeAll(async () => {
  db = await createTestDb();
  store = new PostgresSessionStore(db);
});
afterAll(async () => {
  await db?.destroy();
});

const call = <T = void>(fn: (cb: (err?: unknown, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));

/** What @fastify/session hands to the store: the data, its cookie, and whether it changed since read. */
const session = (data: Record<string, unknown>, expires: Date, modified: boolean) => ({
  ...data,
  cookie: { expires, originalMaxAge: 8 * 3600_000 },
  isModified: () => modified,
});

const rowOf = async (sid: string) => (await db.db.select().from(sessions).where(eq(sessions.sid, sid)))[0];

describe('the PostgreSQL session store', () => {
  it('stores, reads back and destroys a session', async () => {
    const expires = new Date(Date.now() + 3600_000);
    await call((cb) => store.set('s1', session({ userId: 'u1' }, expires, true), cb));
    const read = await call<Record<string, unknown>>((cb) => store.get('s1', cb));
    expect(read.userId).toBe('u1');
    expect(new Date((read.cookie as { expires: string }).expires).getTime()).toBe(expires.getTime());
    expect('isModified' in read).toBe(false);
    await call((cb) => store.destroy('s1', cb));
    expect(await call((cb) => store.get('s1', cb))).toBeNull();
  });

  it('does not rewrite a session that did not change, until its expiry has moved on enough', async () => {
    const first = new Date(Date.now() + 3600_000);
    await call((cb) => store.set('s2', session({ userId: 'u2' }, first, true), cb));
    // A later request: read, not changed, the rolling expiry a few seconds on: not written.
    await call((cb) => store.get('s2', cb));
    await call((cb) => store.set('s2', session({ userId: 'u2' }, new Date(first.getTime() + 5000), false), cb));
    expect((await rowOf('s2')).expiresAt.getTime()).toBe(first.getTime());
    // Changed: written at once.
    await call((cb) => store.get('s2', cb));
    await call((cb) => store.set('s2', session({ userId: 'u2', flash: 'Saved' }, new Date(first.getTime() + 6000), true), cb));
    let row = await rowOf('s2');
    expect((row.data as { flash?: string }).flash).toBe('Saved');
    expect(row.expiresAt.getTime()).toBe(first.getTime() + 6000);
    // Unchanged but the expiry has moved on by more than EXPIRY_REFRESH_MS: written.
    await call((cb) => store.get('s2', cb));
    const later = new Date(first.getTime() + 6000 + EXPIRY_REFRESH_MS + 1000);
    await call((cb) => store.set('s2', session({ userId: 'u2', flash: 'Saved' }, later, false), cb));
    row = await rowOf('s2');
    expect(row.expiresAt.getTime()).toBe(later.getTime());
  });

  it('writes a session it has not read (a new or regenerated one) even if unchanged', async () => {
    const expires = new Date(Date.now() + 3600_000);
    await call((cb) => store.set('s3', session({}, expires, false), cb));
    expect(await rowOf('s3')).toBeDefined();
  });

  it('treats an expired session as none', async () => {
    await call((cb) => store.set('s4', session({ userId: 'u4' }, new Date(Date.now() - 1000), true), cb));
    expect(await call((cb) => store.get('s4', cb))).toBeNull();
    await store.prune();
    expect(await rowOf('s4')).toBeUndefined();
  });
});
