import { spawn } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { ROOT_DIR } from '../../src/db/migrate.js';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command and collects its output, without blocking the test worker: a synchronous
 * `spawnSync` that runs for a minute on a busy machine stalls the worker's messages to Vitest,
 * which then fails the run with "Timeout calling onTaskUpdate".
 */
export function run(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: opts.env, cwd: opts.cwd, timeout: opts.timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * `npx openpcc …` as people run it: bin/openpcc.js through its `#!` line (which gives Node the
 * flags a command runs with), with the Node.js running the tests first on the PATH.
 */
export function openpcc(args: string[], env: Record<string, string | undefined>, opts: { timeoutMs?: number } = {}): Promise<RunResult> {
  const PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
  return run(join(ROOT_DIR, 'bin', 'openpcc.js'), args, { env: { HOME: process.env.HOME, ...env, PATH }, cwd: ROOT_DIR, timeoutMs: opts.timeoutMs });
}
