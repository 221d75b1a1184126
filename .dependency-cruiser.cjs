/**
 * Keeps the architecture's one-way imports (docs: ../shared/docs/architecture.md):
 * main → app → modules/index → publishing → delivery, performance, engagement, scrutiny → crime
 *      → plans, geography, resources → platform → db → config.
 * Modules talk through services handed in by the registry; type-only imports of lower modules
 * are allowed, imports of another module's repository or schema are not.
 */
const LOWER = {
  publishing: ['delivery', 'performance', 'engagement', 'scrutiny', 'crime', 'plans', 'geography', 'resources'],
  delivery: ['crime', 'plans', 'geography', 'resources'],
  performance: ['crime', 'plans', 'geography', 'resources'],
  engagement: ['crime', 'plans', 'geography', 'resources'],
  scrutiny: ['crime', 'plans', 'geography', 'resources'],
  crime: ['plans', 'geography', 'resources'],
  plans: [],
  geography: [],
  resources: ['plans'],
};
const ALL = Object.keys(LOWER);

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true, dependencyTypesNot: ['type-only'] } },
    { name: 'platform-knows-no-module', severity: 'error', from: { path: '^src/(platform|db|config)' }, to: { path: '^src/modules/' } },
    { name: 'db-below-platform', severity: 'error', from: { path: '^src/db/' }, to: { path: '^src/platform/' } },
    ...ALL.map((m) => ({
      name: `layering-${m}`,
      severity: 'error',
      comment: `${m} may import only from modules below it`,
      from: { path: `^src/modules/${m}/` },
      to: { path: `^src/modules/(?!(${[m, ...LOWER[m]].join('|')})/)[^/]+/` },
    })),
    {
      name: 'no-foreign-repositories-or-schema',
      severity: 'error',
      comment: 'another module is reached through its service, never its repository or tables (FK references in schema.ts excepted)',
      from: { path: '^src/modules/([^/]+)/', pathNot: '^src/modules/[^/]+/schema\\.ts$' },
      to: { path: '^src/modules/([^/]+)/.*(Repository|schema)\\.ts$', pathNot: '^src/modules/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
