import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Starts the real server once for all browser journeys, as `npm start` runs it (scripts/start.mjs:
 * the stylesheet and the server bundle, rebuilt when their sources changed): a fresh embedded
 * database in a temporary DATA_DIR with the demo loaded, or E2E_BASE_URL if one is given.
 */
let server: ChildProcess | undefined;
let dataDir: string | undefined;

export default async function setup(project: TestProject) {
  let baseUrl = process.env.E2E_BASE_URL;
  if (!baseUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'openpcc-e2e-'));
    const port = 3900 + Math.floor(Math.random() * 90);
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['scripts/start.mjs'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        BASE_URL: baseUrl,
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const deadline = Date.now() + 900_000; // the first start loads 24 months of crime data
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
      try {
        // The server answers before the demo is all in (it loads in the background); the journeys
        // start when it is.
        const res = await fetch(`${baseUrl}/health`);
        if (res.ok && (await res.json()).demo !== 'loading') break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error('server did not start in time');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  project.provide('baseUrl', baseUrl);
  return async () => {
    if (server) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
