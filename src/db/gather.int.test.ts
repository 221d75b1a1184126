import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.js';
import { gather, rowsOf, type Db } from './index.js';

let database: TestDb;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => database?.destroy());

/** Queries that note how many of them are running at once. */
function counted(db: Db, n: number) {
  let running = 0;
  let most = 0;
  const queries = Array.from({ length: n }, (_, i) => async () => {
    running++;
    most = Math.max(most, running);
    try {
      const [r] = rowsOf<{ v: number }>(await db.execute(sql`select ${i}::int as v, pg_sleep(0.02)`));
      return r.v;
    } finally {
      running--;
    }
  });
  return { queries, most: () => most };
}

describe('gather', () => {
  it('runs queries side by side outside a transaction, and gives their results in order', async () => {
    const c = counted(database.db, 3);
    expect(await gather(database.db, ...c.queries)).toEqual([0, 1, 2]);
    expect(c.most()).toBe(3);
  });

  it('runs them one after another inside a transaction (one connection takes one query at a time)', async () => {
    const got = await database.transaction(async (tx) => {
      const c = counted(tx, 3);
      const values = await gather(tx, ...c.queries);
      return { values, most: c.most() };
    });
    expect(got).toEqual({ values: [0, 1, 2], most: 1 });
  });
});
