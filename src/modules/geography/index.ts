import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { commandGroup } from '../../platform/cli.js';
import type { AppModule, Platform } from '../../platform/context.js';
import { ROOT_DIR } from '../../db/migrate.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { describeProblem, ImportRefused } from '../../platform/importKit.js';
import { isPostcodeFile } from './postcodes.js';
import { createGeographyService, type GeographyServiceImpl } from './geographyService.js';

export type { Area, AreaLevel, GeographyService, LsoaPlace, Force, PostcodePlace } from './types.js';
export { POLICE_UK_FORCES, forceName } from './forces.js';

/** Demo geography, in load order: force areas, then LAD→CSP→PFA, then LSOAs, boundaries, population. */
export const DEMO_GEOGRAPHY_ORDER = [/^pfa/, /^lad/, /^lsoa11/, /^lsoa21/, /^boundaries-ward/, /^boundaries-lsoa/, /^population/];

export interface GeographyModule extends AppModule {
  service: GeographyServiceImpl;
}

/** Reads a file, unzipping `.gz`. */
export function readMaybeGzip(path: string): Buffer {
  const buf = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(buf) : buf;
}

function filesIn(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((f) => filesIn(join(path, f)));
}

export function createGeographyModule(platform: Platform): GeographyModule {
  const service = createGeographyService(platform.database);
  return {
    name: 'geography',
    service,
    routes() {},
    cli(program) {
      const importCmd = commandGroup(program, 'import', 'Import data');
      importCmd
        .command('geography')
        .description(
          'Import ONS lookups (LSOA→ward→LAD, LAD→CSP→PFA, PFA names), population CSVs, ward/LSOA GeoJSON boundaries and postcodes (points, or the ONSPD/NSPL lookup); files or folders, .gz accepted. Import postcode points after the boundaries.',
        )
        .argument('<paths...>', 'files or folders')
        .action(async (paths: string[]) => {
          for (const file of paths.flatMap(filesIn)) {
            try {
              const content = readMaybeGzip(file);
              if (isPostcodeFile(content)) {
                const p = await service.importPostcodes(SYSTEM_ACTOR, file, content);
                console.log(`${file}: ${p.rows} postcodes (${p.kind}), ${p.outside} in no imported area`);
                continue;
              }
              const s = await service.importFile(SYSTEM_ACTOR, file, content);
              console.log(`${file}: ${s.rows} rows (${s.kind})`);
            } catch (e) {
              if (e instanceof ImportRefused) {
                console.error(`${file}: refused, nothing was saved from it:`);
                for (const p of e.problems) console.error(`  ${file}: ${describeProblem(p)}`);
                process.exitCode = 1;
                continue;
              }
              throw e;
            }
          }
        });
    },
    demoLabel: 'wards and boundaries',
    async loadDemo() {
      const dir = join(ROOT_DIR, 'seeds', 'geography');
      const files = readdirSync(dir).filter((f) => f.endsWith('.gz'));
      const ordered = DEMO_GEOGRAPHY_ORDER.flatMap((re) => files.filter((x) => re.test(x)).sort());
      await service.importFiles(
        SYSTEM_ACTOR,
        ordered.map((f) => ({ fileName: f, content: readMaybeGzip(join(dir, f)) })),
      );
      // Postcode points last: they are placed in the boundaries just imported.
      for (const f of files.filter((x) => /^postcodes/.test(x)).sort()) await service.importPostcodes(SYSTEM_ACTOR, f, readMaybeGzip(join(dir, f)));
    },
  };
}
