import { defineConfig } from 'drizzle-kit';

// One migrations folder per module: `npm run db:generate -- <module>` sets OPENPCC_MODULE.
const name = process.env.OPENPCC_MODULE ?? 'platform';
// `identity` (accounts' sign-in records) is platform code with its own folder of migrations.
const schema = name === 'platform' ? './src/platform/schema.ts' : name === 'identity' ? './src/platform/identity/schema.ts' : `./src/modules/${name}/schema.ts`;

export default defineConfig({
  dialect: 'postgresql',
  schema,
  out: `./migrations/${name}`,
  casing: undefined,
});
