import { spawn } from 'node:child_process';
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

/** The command's exit status and output; asynchronous, so the test runner stays responsive meanwhile. */
function run(
  args: string[],
  dataDir: string,
  entry = join(ROOT_DIR, 'bin', 'openpcc.js'),
  extra: string[] = [],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'silent', NODE_ENV: 'test', PORT: '0' };
  const child = spawn(process.execPath, [...extra, entry, ...args], { env, cwd: ROOT_DIR, timeout: 180_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('npx openpcc migrate, backup and restore', () => {
  it('lists its commands without opening a database', async () => {
    const r = await run(['--help'], join(dir, 'never-made'));
    expect(r.status).toBe(0);
    for (const c of ['migrate', 'backup <file>', 'restore [options] <file>', 'users', 'import']) expect(r.stdout).toContain(c);
    expect(existsSync(join(dir, 'never-made'))).toBe(false);
  });

  it('migrates, backs up and restores into a fresh folder; a database a newer version migrated is refused by the CLI and the app', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const migrated = await run(['migrate'], a);
    expect(migrated.stderr).toBe('');
    expect(migrated.stdout).toMatch(/^Applied \d+ migration\(s\); the database is up to date\.$/m);
    expect((await run(['migrate'], a)).stdout).toBe('The database is up to date.\n');

    const file = join(dir, 'a.tar.gz');
    const backedUp = await run(['backup', file], a);
    expect(backedUp.status).toBe(0);
    expect(backedUp.stdout).toMatch(/^Wrote .*a\.tar\.gz: OpenPCC \d+\.\d+\.\d+ backup of .* \(pglite\): \d+ tables, 0 rows, 0 files/m);
    const restored = await run(['restore', file], b);
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(restored.stdout).toMatch(/^Restored \d+ tables \(0 rows\) and 0 files\.$/m);

    // b as a newer version would leave it: a migration this version does not know
    const db = await openPglite(join(b, 'pgdata'));
    await db.query(sql.raw(`insert into drizzle."__migrations_platform" (hash, created_at) values ('from-the-future', 4102444800000)`));
    await db.close();
    const refused = await run(['migrate'], b);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Error: This database was written by a newer version of OpenPCC than this one');
    expect(refused.stderr).toContain('migrations/platform: 1 migration(s) newer than this version');
    const app = await run([], b, join(ROOT_DIR, 'src', 'main.ts'), ['--import', 'tsx']);
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
    const app = spawn(process.execPath, ['--import', 'tsx', join(ROOT_DIR, 'src', 'main.ts')], { env, cwd: ROOT_DIR });
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
      const r = await run(['backup', file], live);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^Wrote .*live\.tar\.gz \(by the running app\): OpenPCC .* \(pglite\): \d+ tables/m);
      const restored = await run(['restore', file], join(dir, 'from-live'));
      expect(restored.status).toBe(0);
      expect(restored.stdout).toMatch(/^Restored \d+ tables \(\d+ rows\) and 0 files\.$/m);
    } finally {
      app.kill('SIGTERM');
      await new Promise((r) => (app.exitCode !== null ? r(null) : app.once('exit', r)));
    }
  }, 600_000);
});
