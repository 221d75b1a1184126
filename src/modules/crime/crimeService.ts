import type { Platform } from '../../platform/context.js';
import type { GeographyService } from '../geography/types.js';
import { createCrimeImporter } from './crimeImport.js';
import { createCrimeReads } from './crimeReads.js';
import { createImportRepository } from './importRepository.js';

/** The crime module's service: the rollup reads, the importer and the import records. */
export function createCrimeService(platform: Platform, geography: GeographyService) {
  const reads = createCrimeReads(platform.database, geography);
  const importer = createCrimeImporter(platform.database, { forces: () => geography.forces(), ensureAreaMap: reads.ensureAreaMap });
  const imports = createImportRepository(platform.database);
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
    listImports: (limit = 100) => imports.listImports(limit),
    async getImport(id: string) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      return imports.getImport(id);
    },
    importsOfBatch: (batchId: string) => imports.importsOfBatch(batchId),
    hasData: async () => (await imports.doneImports()) > 0,
  };
}
export type CrimeServiceImpl = ReturnType<typeof createCrimeService>;
