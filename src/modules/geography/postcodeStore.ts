/** Postcodes in the database: the import (COPY into a staging table, then one transaction) and the look-up. */
import { randomBytes } from 'node:crypto';
import type { Database, Db } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/roles.js';
import { areaLocator, normalisePostcode, parsePostcodeFile, type PostcodeRow } from './postcodes.js';
import { geographyRepository } from './geographyRepository.js';
import { postcodeRepository as repo } from './postcodeRepository.js';
import type { PostcodePlace } from './types.js';

/** A locator over the imported LSOA boundaries (or, with none, the ward boundaries). */
async function locatorOf(tx: Db) {
  const read = (level: 'lsoa' | 'ward') => repo.boundaries(tx, level);
  const lsoas = await read('lsoa');
  if (lsoas.length) return { level: 'lsoa' as const, find: areaLocator(lsoas) };
  return { level: 'ward' as const, find: areaLocator(await read('ward')) };
}

/** Points placed between two turns of the event loop: the demo places every TS postcode while the server answers. */
const PLACE_BATCH = 2000;

async function place(rows: PostcodeRow[], loc: Awaited<ReturnType<typeof locatorOf>>): Promise<PostcodeRow[]> {
  const out: PostcodeRow[] = [];
  for (const r of rows) {
    if (out.length && out.length % PLACE_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    const code = r.lat === null || r.long === null ? null : loc.find(r.long, r.lat);
    out.push(loc.level === 'lsoa' ? { ...r, lsoa: code, ward: null, lad: null } : { ...r, lsoa: null, ward: code, lad: null });
  }
  return out;
}

export function createPostcodeStore(database: Database, onChange: () => void) {
  return {
    /**
     * Imports a postcode file: points are placed in the imported boundaries now (and again whenever
     * boundaries are imported); an ONS lookup's areas are kept as published. Repeatable: a postcode
     * imported again is updated, never duplicated. All or nothing.
     */
    async importPostcodes(actor: Actor, fileName: string, content: string | Buffer) {
      const file = parsePostcodeFile(fileName, content);
      const placed = file.kind === 'postcode-points' ? 'point' : 'lookup';
      const rows = file.kind === 'postcode-points' ? await place(file.rows, await database.transaction((tx) => locatorOf(tx))) : file.rows;
      const stage = `geo_postcode_stage_${randomBytes(6).toString('hex')}`;
      try {
        await database.bulk((s) => repo.stage(s, stage, rows));
        const outside = rows.filter((r) => !r.lsoa && !r.ward).length;
        await database.transaction(async (tx) => {
          await repo.upsertFromStage(tx, stage, placed);
          await geographyRepository.recordImport(tx, fileName, file.kind, rows.length);
          await recordAudit(tx, actor, {
            action: 'geography.import',
            entityType: 'geography-file',
            entityId: fileName,
            summary: `Imported ${rows.length} postcodes (${file.kind}) from ${fileName}; ${outside} in no imported area`,
          });
        });
        return { fileName, kind: file.kind, rows: rows.length, outside };
      } finally {
        await repo.dropStage(database, stage);
        onChange();
      }
    },

    /** Places every postcode imported as a point again, in the boundaries now imported (inside tx). */
    async placePoints(tx: Db) {
      const points = await repo.points(tx);
      if (!points.length) return;
      const loc = await locatorOf(tx);
      await repo.setPlaces(
        tx,
        await place(
          points.map((p) => ({ ...p, lsoa: null, ward: null, lad: null })),
          loc,
        ),
      );
    },

    /** Where a postcode is: its LSOA, current ward and local authority, and force area. */
    async postcode(input: string): Promise<PostcodePlace | undefined> {
      const postcode = normalisePostcode(input);
      if (!postcode) return undefined;
      const r = await repo.place(database.db, postcode);
      if (!r) return undefined;
      return { postcode, lsoa: r.lsoa ?? null, ward: r.ward ?? null, lad: r.lad ?? null, pfa: r.pfa ?? null };
    },

    async postcodeCount() {
      return repo.count(database.db);
    },
  };
}
