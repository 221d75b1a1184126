import type { FeatureCollection } from 'geojson';
import type { Database, Db } from '../../db/index.js';
import { revisionCache } from '../../platform/revisionCache.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/roles.js';
import { POLICE_UK_FORCES } from './forces.js';
import { parseGeographyFile, type GeographyFile } from './geographyFiles.js';
import { geographyRepository as repo } from './geographyRepository.js';
import { createPostcodeStore } from './postcodeStore.js';
import { normalisePostcode } from './postcodes.js';
import type { AreaLevel, Force, GeographyService, LsoaPlace } from './types.js';

export interface GeographyImportSummary {
  fileName: string;
  kind: GeographyFile['kind'];
  rows: number;
}

export function createGeographyService(database: Database) {
  const db = database.db;
  const postcodes = createPostcodeStore(database, () => cached.invalidate());

  async function writeFile(tx: Db, file: GeographyFile) {
    switch (file.kind) {
      case 'lsoa-lookup': {
        const lads = new Map(file.rows.map((r) => [r.lad, r.ladName]));
        const wards = new Map(file.rows.map((r) => [r.ward, [r.wardName, r.lad] as const]));
        await repo.upsertAreaNames(
          tx,
          [...lads].map(([c, n]) => [c, n, 'lad', file.ladVintage]),
        );
        await repo.upsertAreas(
          tx,
          [...wards].map(([c, [n, p]]) => [c, n, 'ward', p, file.wardVintage]),
          ['name', 'parent_code', 'vintage'],
        );
        await repo.upsertAreas(
          tx,
          file.rows.map((r) => [r.lsoa, r.lsoaName, 'lsoa', r.ward, file.lsoaVintage]),
          ['name', 'parent_code', 'vintage'],
        );
        return file.rows.length;
      }
      case 'lad-csp-pfa': {
        const pfas = new Map(file.rows.map((r) => [r.pfa, r.pfaName]));
        const csps = new Map(file.rows.map((r) => [r.csp, [r.cspName, r.pfa] as const]));
        await repo.upsertAreaNames(
          tx,
          [...pfas].map(([c, n]) => [c, n, 'pfa', file.vintage]),
        );
        await repo.upsertAreas(
          tx,
          [...csps].map(([c, [n, p]]) => [c, n, 'csp', p, file.vintage]),
          ['name', 'parent_code'],
        );
        await repo.upsertAreas(
          tx,
          file.rows.map((r) => [r.lad, r.ladName, 'lad', r.csp, file.vintage]),
          ['parent_code'],
        );
        return file.rows.length;
      }
      case 'pfa-names':
        await repo.upsertAreaNames(
          tx,
          file.rows.filter((r) => r.name).map((r) => [r.pfa, r.name, 'pfa', file.vintage]),
        );
        return file.rows.length;
      case 'population':
        await repo.upsertPopulation(
          tx,
          file.rows.map((r) => [r.code, r.year, r.population, r.source]),
        );
        return file.rows.length;
      case 'boundaries':
        await repo.upsertBoundaries(tx, file.level, file.features);
        return file.features.length;
    }
  }

  const service = {
    importPostcodes: postcodes.importPostcodes,
    postcode: postcodes.postcode,
    postcodeCount: postcodes.postcodeCount,
    normalisePostcode,
    async importFile(actor: Actor, fileName: string, content: string | Buffer): Promise<GeographyImportSummary> {
      return (await service.importFiles(actor, [{ fileName, content }]))[0];
    },

    /** Imports several files in one transaction (all or nothing), in the order given. */
    async importFiles(actor: Actor, files: { fileName: string; content: string | Buffer }[]): Promise<GeographyImportSummary[]> {
      const parsed = files.map((f) => ({ fileName: f.fileName, file: parseGeographyFile(f.fileName, f.content) }));
      try {
        return await database.transaction(async (tx) => {
          const out: GeographyImportSummary[] = [];
          let fresh = true;
          for (const { fileName, file } of parsed) {
            // Boundaries find their local authority through the LSOA places, so refresh those first.
            if (file.kind === 'boundaries' && !fresh) await repo.refreshDerived(tx);
            fresh = file.kind === 'boundaries' || (fresh && file.kind === 'population');
            const rows = await writeFile(tx, file);
            await repo.recordImport(tx, fileName, file.kind, rows);
            await recordAudit(tx, actor, {
              action: 'geography.import',
              entityType: 'geography-file',
              entityId: fileName,
              summary: `Imported ${rows} rows (${file.kind}) from ${fileName}`,
            });
            out.push({ fileName, kind: file.kind, rows });
          }
          await repo.refreshDerived(tx);
          // Postcode points are placed in the boundaries: new boundaries place them again.
          if (parsed.some((p) => p.file.kind === 'boundaries')) await postcodes.placePoints(tx);
          return out;
        });
      } finally {
        cached.invalidate(); // the reads kept in memory (below) are of the geography before
      }
    },

    area: (code: string) => repo.area(db, code),

    children: (parentCode: string, level: AreaLevel) => repo.children(db, parentCode, level),

    async forces(): Promise<Force[]> {
      const pfas = await repo.forceAreas(db);
      const byName = new Map(pfas.map((p) => [p.name.toLowerCase(), p.code]));
      return POLICE_UK_FORCES.map((f) => ({ id: f.id, name: f.name, code: f.pfaName ? (byName.get(f.pfaName.toLowerCase()) ?? null) : null }));
    },

    async areasOfForce(forceId: string, level: 'lad' | 'ward' | 'lsoa') {
      const force = (await service.forces()).find((f) => f.id === forceId);
      if (!force?.code) return [];
      return service.children(force.code, level);
    },

    async boundaries(level: 'ward' | 'lsoa', ladCode: string): Promise<FeatureCollection> {
      const found = await repo.boundaries(db, level, ladCode);
      return {
        type: 'FeatureCollection',
        features: found.map((r) => ({ type: 'Feature', properties: { code: r.code, name: r.name }, geometry: r.geometry })),
      };
    },

    population: (code: string, year?: number) => repo.population(db, code, year),

    lsoaPlaces: (): Promise<LsoaPlace[]> => repo.lsoaPlaces(db),

    revision: () => repo.revision(db),

    importCount: () => repo.importCount(db),
  };
  // Geography changes only by import: reads are served from memory until the next one (an import
  // here is seen at once, one by another process within a second).
  const cached = revisionCache(() => service.revision(), { maxEntries: 2000, recheckMs: 1000 });
  const memo = cached.wrap;
  const reads = {
    ...service,
    area: memo('area', service.area),
    children: memo('children', service.children),
    forces: memo('forces', service.forces),
    areasOfForce: memo('areasOfForce', service.areasOfForce),
    boundaries: memo('boundaries', service.boundaries),
    population: memo('population', service.population),
  };
  return reads satisfies GeographyService & Record<string, unknown>;
}
export type GeographyServiceImpl = ReturnType<typeof createGeographyService>;
