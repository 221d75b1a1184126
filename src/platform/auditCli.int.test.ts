import { openpcc as command } from '../../test/helpers/run.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../db/index.js';

// `npx openpcc audit verify` as people run it, on its own embedded database, which the test then
// tampers with as a database owner would (dropping the trigger that refuses changes).
const dir = mkdtempSync(join(tmpdir(), 'openpcc-audit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openpcc(...args: string[]) {
  const env = {
    DATA_DIR: join(dir, 'data'),
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    OPENPCC_PASSWORD: 'a-long-enough-password-2026',
  };
  return command(args, env);
}

describe('npx openpcc audit verify', () => {
  it('passes on an untouched log and fails naming the entry changed directly in the database', async () => {
    for (const email of ['one@test.openpcc.test', 'two@test.openpcc.test', 'three@test.openpcc.test']) {
      expect((await openpcc('users', 'create', '--email', email, '--name', email, '--role', 'editor')).status).toBe(0);
    }
    const ok = await openpcc('audit', 'verify');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^The audit log verifies: 3 entries\.\nHead: entry \d+ at .*, hash [0-9a-f]{64}\n$/);

    const database = await openPglite(join(dir, 'data', 'pgdata'));
    const [second] = await database.query<{ id: string }>(sql`select id from audit_log order by id offset 1 limit 1`);
    await database.query(sql`drop trigger audit_log_append_only on audit_log`);
    await database.query(sql`update audit_log set summary = 'Created nobody' where id = ${second.id}`);
    await database.close();

    const broken = await openpcc('audit', 'verify');
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`The audit log does NOT verify: entry ${second.id} (`);
    expect(broken.stderr).toContain('Created nobody) is broken: its content does not match its hash (it was changed).');
  }, 240_000);
});
