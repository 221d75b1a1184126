import { spawn } from 'node:child_process';
import { openpcc as command, run } from '../../test/helpers/run.js';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../db/index.js';
import { ROOT_DIR } from '../db/migrate.js';

// backup, restore and migrate as an operator runs them (`npx openpcc` is bin/openpcc.js), each
// on its own embedded database in a temporary folder.
const dir = mkdtempSync(join(tmpdir(), 'openpcc-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const envFor = (dataDir: string) => ({ DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'silent', NODE_ENV: 'test', PORT: '0' });

/** `npx openpcc …` on the embedded database in dataDir. */
const openpccIn = (args: string[], dataDir: string) => command(args, envFor(dataDir), { timeoutMs: 180_000 });

describe('npx openpcc migrate, backup and restore', () => {
  it('lists its commands without opening a database', async () => {
    const r = await openpccIn(['--help'], join(dir, 'never-made'));
    expect(r.status).toBe(0);
    for (const c of ['migrate', 'backup <file>', 'restore [options] <file>', 'users', 'import']) expect(r.stdout).toContain(c);
    expect(existsSync(join(dir, 'never-made'))).toBe(false);
  });

  it('migrates, backs up and restores into a fresh folder; a database a newer version migrated is refused by the CLI and the app', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const migrated = await openpccIn(['migrate'], a);
    expect(migrated.stderr).toBe('');
    expect(migrated.stdout).toMatch(/^Applied \d+ migration\(s\); the database is up to date\.$/m);
    expect((await openpccIn(['migrate'], a)).stdout).toBe('The database is up to date.\n');

    const file = join(dir, 'a.tar.gz');
    const backedUp = await openpccIn(['backup', file], a);
    expect(backedUp.status).toBe(0);
    expect(backedUp.stdout).toMatch(/^Wrote .*a\.tar\.gz: OpenPCC \d+\.\d+\.\d+ backup of .* \(pglite\): \d+ tables, 0 rows, 0 files/m);
    const restored = await openpccIn(['restore', file], b);
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(restored.stdout).toMatch(/^Restored \d+ tables \(0 rows\) and 0 files\.$/m);

    // b as a newer version would leave it: a migration this version does not know
    const db = await openPglite(join(b, 'pgdata'));
    await db.query(sql.raw(`insert into drizzle."__migrations_platform" (hash, created_at) values ('from-the-future', 4102444800000)`));
    await db.close();
    const refused = await openpccIn(['migrate'], b);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Error: This database was written by a newer version of OpenPCC than this one');
    expect(refused.stderr).toContain('migrations/platform: 1 migration(s) newer than this version');
    const app = await run(process.execPath, [join(ROOT_DIR, 'scripts', 'start.mjs')], {
      env: { PATH: process.env.PATH, ...envFor(b) },
      cwd: ROOT_DIR,
      timeoutMs: 180_000,
    });
    expect(app.status).toBe(1);
    expect(app.stderr).toContain('This database was written by a newer version of OpenPCC');
  }, 600_000);

  it('backs up the embedded database while the app runs on it: the app writes the file', async () => {
    const live = join(dir, 'live');
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: live,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: process.env.TEST_PORT_A ?? '3171',
    };
    const app = spawn(process.execPath, [join(ROOT_DIR, 'scripts', 'start.mjs')], { env, cwd: ROOT_DIR });
    try {
      const until = Date.now() + 240_000;
      while (
        !(await fetch(`http://127.0.0.1:${env.PORT}/health`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        if (Date.now() > until) throw new Error('the app did not start');
        await new Promise((r) => setTimeout(r, 250));
      }
      const file = join(dir, 'live.tar.gz');
      const r = await openpccIn(['backup', file], live);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^Wrote .*live\.tar\.gz \(by the running app\): OpenPCC .* \(pglite\): \d+ tables/m);
      const restored = await openpccIn(['restore', file], join(dir, 'from-live'));
      expect(restored.status).toBe(0);
      expect(restored.stdout).toMatch(/^Restored \d+ tables \(\d+ rows\) and 0 files\.$/m);
    } finally {
      app.kill('SIGTERM');
      await new Promise((r) => (app.exitCode !== null ? r(null) : app.once('exit', r)));
    }
  }, 600_000);
});
