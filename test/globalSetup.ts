import { pgliteTemplate, postgresTemplate } from './helpers/template.js';

/**
 * Makes the template databases once, before any worker starts (two workers would otherwise both
 * make them at once): every test database is then a copy, not a new initdb plus every migration.
 */
export default async function setup() {
  await pgliteTemplate('empty');
  await pgliteTemplate('migrated');
  if (process.env.TEST_DATABASE_URL) await postgresTemplate(process.env.TEST_DATABASE_URL);
}
