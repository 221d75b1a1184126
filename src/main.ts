import { loadConfig, ConfigError } from './config.js';
import { createDatabase } from './db/index.js';

/** load config → open db → migrate → build app → first part of the demo on first start → listen → rest of the demo. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  // The database opens (PGlite compiles its WebAssembly off the main thread) while the app's code
  // loads: a start waits for the slower of the two, not both (docs/adr/0021-start-from-a-bundle.md).
  const opening = createDatabase(config, { settings: { shared_buffers: config.pgliteSharedBuffers } });
  opening.catch(() => undefined); // awaited below; a failure is reported there
  const [{ NewerDatabaseError, runMigrations }, { buildApp }, { MIGRATION_FOLDERS }, { startDemo }] = await Promise.all([
    import('./db/migrate.js'),
    import('./app.js'),
    import('./modules/index.js'),
    import('./platform/demo.js'),
  ]);
  const database = await opening;
  try {
    // Refuses, before anything touches it, a database a newer version has migrated.
    await runMigrations(database, MIGRATION_FOLDERS);
  } catch (e) {
    if (!(e instanceof NewerDatabaseError)) throw e;
    console.error(e.message);
    await database.close();
    process.exit(1);
  }
  const { app, platform, modules } = await buildApp({ config, database });
  // The first start answers once what the first page needs is in; the rest of the demo loads
  // after the server answers, its progress on the pages (demo.ts).
  const demo = await startDemo(platform, modules);
  const stops: (() => Promise<void>)[] = [];
  for (const m of modules) if (m.start) stops.push(await m.start());
  platform.jobs.start();
  stops.unshift(() => platform.jobs.stop());

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await app.close(); // stops accepting, lets in-flight requests finish
      for (const stop of stops) await stop();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  if (database.kind === 'pglite') {
    // `npx openpcc backup` while this process holds the embedded database: it asks, this writes.
    const { answerBackupRequests } = await import('./db/backup.js');
    process.on('SIGUSR2', () => {
      answerBackupRequests(database, config.dataDir, config.uploadDir).catch((err: unknown) => app.log.error({ err }, 'backup request failed'));
    });
  }

  // A promise rejected outside any request's handling fails that work only, never the process.
  process.on('unhandledRejection', (err) => app.log.error({ err }, 'unhandled rejection: the process keeps serving'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  if (demo.state === 'loaded')
    demo.loadRest().then(
      () => app.log.info('first start: demo data loaded'),
      () => undefined, // logged by startDemo; the next start goes on with it
    );
  app.log.info(`OpenPCC is serving ${config.baseUrl} on ${database.kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
