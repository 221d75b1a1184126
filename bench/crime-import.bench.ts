// Import throughput of a ≥1M-row police.uk street file against a bare COPY of the same file into
// the same database in the same run (PGlite, and PostgreSQL when BENCH_DATABASE_URL is set).
// Target: the import reaches at least 0.5× the bare COPY's rows per second.
import { sql } from 'drizzle-orm';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlatform } from '../src/platform/index.js';
import { loadConfig } from '../src/config.js';
import { createModules } from '../src/modules/index.js';
import type { CrimeModule } from '../src/modules/crime/index.js';
import { fileSource } from '../src/modules/crime/sources.js';
import { SYSTEM_ACTOR } from '../src/platform/roles.js';
import { benchTargets, freshDb } from './support/db.js';
import { writeStreetFile } from './support/policeUk.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'openpcc-bench-'));
const file = join(dir, '2030-01-cleveland-street.csv');
try {
  let t = Date.now();
  await writeStreetFile(file, ROWS);
  console.log(`generated ${ROWS.toLocaleString('en-GB')} rows (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  for (const kind of benchTargets()) {
    const database = await freshDb(kind);
    try {
      // Bare COPY: the same bytes into a plain table of the same columns.
      await database.query(
        sql.raw(
          `create unlogged table bench_bare (crime_id text, month text, reported_by text, falls_within text, longitude text, latitude text, location text, lsoa_code text, lsoa_name text, crime_type text, last_outcome text, context text)`,
        ),
      );
      t = Date.now();
      await database.bulk((b) => b.copyFrom('COPY bench_bare FROM STDIN WITH (FORMAT csv, HEADER true)', createReadStream(file, { highWaterMark: 1 << 20 })));
      const bareMs = Date.now() - t;
      await database.query(sql.raw('drop table bench_bare'));

      const platform = createPlatform(loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent' }), database);
      const modules = createModules(platform);
      await modules.find((m) => m.name === 'geography')!.loadDemo!();
      const crime = modules.find((m) => m.name === 'crime') as CrimeModule;
      await crime.service.ensureAreaMap();
      t = Date.now();
      const [s] = await crime.service.importFiles([fileSource(file)], { actor: SYSTEM_ACTOR, source: 'bench' });
      const importMs = Date.now() - t;
      if (s.status !== 'done') throw new Error(`import refused: ${JSON.stringify(s.errors)}`);
      const bareRate = ROWS / (bareMs / 1000);
      const importRate = ROWS / (importMs / 1000);
      console.log(`[${kind}] bare COPY: ${Math.round(bareRate).toLocaleString('en-GB')} rows/s (${bareMs} ms)`);
      console.log(`[${kind}] import:    ${Math.round(importRate).toLocaleString('en-GB')} rows/s (${importMs} ms; phases ${JSON.stringify(s.phases)})`);
      console.log(`[${kind}] ratio import/bare = ${(importRate / bareRate).toFixed(2)}× (target ≥ 0.5×)`);
    } finally {
      await database.destroy();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
