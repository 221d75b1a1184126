/**
 * Keeps the architecture's one-way imports (docs/architecture.md):
 * main → app → modules/index → publishing → delivery, performance, engagement, scrutiny → crime
 *      → plans, geography, resources → platform → db → config.
 * Modules talk through services handed in by the registry. Another module is met only at its
 * surface — index.ts, its service's type (for `Pick<…Service, …>` in deps.ts), types.ts, hooks.ts —
 * never its presenters, lifecycle, routes, repository or tables. test/depcruise.test.ts checks
 * that these rules fail on a fixture that breaks them.
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
      name: 'modules-meet-at-their-surface',
      severity: 'error',
      comment:
        "another module is reached through its index, its service's type, types.ts or hooks.ts: never its presenters, lifecycle, routes, repository or tables",
      from: { path: '^src/modules/([^/]+)/', pathNot: '^src/modules/[^/]+/schema\\.ts$' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/(index|types|hooks|[a-z][A-Za-z]*Service)\\.ts$'] },
    },
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
