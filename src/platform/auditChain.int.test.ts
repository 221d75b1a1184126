import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../test/helpers/app.js';
import type { TestDb } from '../../test/helpers/db.js';
import { recordAudit, verifyAuditChain } from './audit.js';
import { SYSTEM_ACTOR } from './roles.js';

let t: TestApp;
let db: TestDb;
let admin: Agent;
const ids = async () => (await db.query<{ id: string }>(sql`select id from audit_log order by id`)).map((r) => Number(r.id));

beforeAll(async () => {
  t = await buildTestApp();
  db = t.db;
});
afterAll(async () => {
  await t?.close();
});

describe('the audit log chain', () => {
  it('verifies on an empty log and after many concurrent writers', async () => {
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 0 });
    admin = await t.signInAs('admin');
    const before = (await verifyAuditChain(db)).entries;
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        db.transaction(async (tx) => {
          await recordAudit(tx, SYSTEM_ACTOR, {
            action: 'test.write',
            entityType: 'test',
            entityId: String(i),
            summary: `Write ${i} ‘quoted’ €`,
            after: { n: i, nested: { list: [i, 'x'] } },
          });
          await recordAudit(tx, SYSTEM_ACTOR, { action: 'test.write-again', entityType: 'test', entityId: String(i) });
        }),
      ),
    );
    const status = await verifyAuditChain(db);
    expect(status).toMatchObject({ ok: true, entries: before + 48 });
    expect(status.head?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(status.head?.id).toBe((await ids()).at(-1));
    const page = textOf((await admin.get('/admin/audit')).body);
    expect(page).toContain(`The audit log verifies: all ${before + 48} entries are chained`);
    expect(page).toContain(status.head!.hash);
  });

  it('refuses UPDATE and DELETE of an entry', async () => {
    const [first] = await ids();
    const refusal = (q: Promise<unknown>) =>
      q.then(
        () => 'done',
        (e: Error & { cause?: Error }) => (e.cause ?? e).message,
      );
    expect(await refusal(db.query(sql`update audit_log set summary = 'rewritten' where id = ${first}`))).toMatch(/append-only: UPDATE of entry \d+ refused/);
    expect(await refusal(db.query(sql`delete from audit_log where id = ${first}`))).toMatch(/append-only: DELETE of entry \d+ refused/);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('names the first changed entry, then the entry after a removed one, once the database owner drops the trigger', async () => {
    await db.query(sql`drop trigger audit_log_append_only on audit_log`);
    const all = await ids();
    await db.query(sql`update audit_log set summary = 'nothing happened' where id = ${all[10]}`);
    const changed = await verifyAuditChain(db);
    expect(changed.ok).toBe(false);
    expect(changed.broken).toMatchObject({ id: all[10], reason: expect.stringMatching(/changed/) });

    await db.query(sql`delete from audit_log where id = ${all[3]}`);
    const removed = await verifyAuditChain(db);
    expect(removed.broken).toMatchObject({ id: all[4], reason: expect.stringMatching(/removed/) });
    expect(textOf((await admin.get('/admin/audit')).body)).toContain(`The audit log does not verify: entry ${all[4]} (`);
  });
});
