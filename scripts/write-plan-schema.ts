// Writes docs/plan.schema.json, the repository's copy of the plan file format's JSON Schema
// (served at /schemas/plan.schema.json). Run after changing src/modules/plans/planFileSchema.ts:
//   npx tsx scripts/write-plan-schema.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from '../src/db/migrate.js';
import { planJsonSchema } from '../src/modules/plans/planFileSchema.js';

writeFileSync(join(ROOT_DIR, 'docs', 'plan.schema.json'), `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
