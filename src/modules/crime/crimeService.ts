import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.js';
import type { GeographyService } from '../geography/types.js';
import { createCrimeImporter } from './crimeImport.js';
import { createCrimeReads } from './crimeReads.js';

/** The crime module's service: the rollup reads, the importer and the import records. */
export function createCrimeService(platform: Platform, geography: GeographyService) {
  const reads = createCrimeReads(platform.database, geography);
  const importer = createCrimeImporter(platform.database, { forces: () => geography.forces(), ensureAreaMap: reads.ensureAreaMap });
  const db = platform.database;
  return {
    ...reads,
    async importFiles(...args: Parameters<typeof importer.importFiles>) {
      try {
        return await importer.importFiles(...args);
      } finally {
        reads.invalidate();
      }
    },
    /** Recent imports, newest first. */
    async listImports(limit = 100) {
      return db.query<Record<string, unknown>>(sql`select * from crime_imports order by created_at desc, file_name limit ${limit}`);
    },
    async getImport(id: string) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      const [r] = await db.query<Record<string, unknown>>(sql`select * from crime_imports where id = ${id}`);
      return r;
    },
    async importsOfBatch(batchId: string) {
      return db.query<Record<string, unknown>>(sql`select * from crime_imports where batch_id = ${batchId} order by created_at`);
    },
    async hasData() {
      const [r] = await db.query<{ n: number }>(sql`select count(*)::int n from crime_imports where status = 'done'`);
      return Number(r?.n ?? 0) > 0;
    },
  };
}
export type CrimeServiceImpl = ReturnType<typeof createCrimeService>;
