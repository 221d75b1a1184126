import { spawn } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'openpcc.js');

/**
 * Runs a whole process and returns its wall time in milliseconds (and its output, for checks).
 * `BIN` runs as a user's shell runs it, through its `#!` line (which gives Node its flags), with
 * this Node.js first on the PATH so that the figures are of the Node.js the bench reports.
 */
export function timed(
  cmd: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ ms: number; status: number | null; stdout: string; stderr: string }> {
  const started = process.hrtime.bigint();
  const path = cmd === BIN ? { PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` } : {};
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...path, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status, stdout, stderr }));
  });
}

/** `timed`, failing loudly when the process does. */
export async function mustRun(cmd: string, args: string[], env: Record<string, string | undefined> = {}) {
  const r = await timed(cmd, args, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr.slice(0, 2000)}${r.stdout.slice(0, 1000)}`);
  return r;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
