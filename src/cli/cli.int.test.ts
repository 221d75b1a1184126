import { openpcc as command } from '../../test/helpers/run.js';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../db/migrate.js';

// The command line as people run it (`npx openpcc` runs bin/openpcc.js, which builds and runs
// the CLI's bundle), on its own embedded database in a temporary folder.
const dir = mkdtempSync(join(tmpdir(), 'openpcc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openpcc(...args: string[]) {
  return command(args, { DATA_DIR: join(dir, 'data'), DEMO_DATA: 'false', LOG_LEVEL: 'silent', NODE_ENV: 'test' });
}

describe('npx openpcc', () => {
  it('imports a police.uk file with a summary, and refuses a corrupted one naming its line and column', async () => {
    const good = join(dir, '2024-06-cleveland-street.csv');
    const text = gunzipSync(readFileSync(join(ROOT_DIR, 'test', 'fixtures', 'police-uk', '2024-06-cleveland-street.csv.gz'))).toString('utf8');
    writeFileSync(good, text);
    const ok = await openpcc('import', 'police-uk', '--no-progress', good);
    expect(ok.stderr.slice(0, 2000)).not.toMatch(/Error/);
    expect(ok.status).toBe(0);
    const rows = text.trim().split('\n').length - 1;
    expect(ok.stdout).toContain(`2024-06-cleveland-street.csv: ${rows} rows imported, 0 rejected (cleveland 2024-06 street`);
    expect(ok.stdout).toContain('1 of 1 files imported.');

    const lines = text.split('\n');
    lines[9] = lines[9].replace(/,2024-06,/, ',June 2024,');
    const bad = join(dir, 'bad', '2024-06-cleveland-street.csv');
    mkdirSync(join(dir, 'bad'));
    writeFileSync(bad, lines.join('\n'));
    const refused = await openpcc('import', 'police-uk', '--no-progress', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('2024-06-cleveland-street.csv: REFUSED, nothing was changed for cleveland 2024-06 street');
    expect(refused.stderr).toContain('2024-06-cleveland-street.csv: Line 10, column 2 (Month): "June 2024" is not a month (YYYY-MM)');
  });
});
