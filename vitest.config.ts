import { defineConfig } from 'vitest/config';

// Three levels, each with a clear home: unit (x.test.ts, no database), integration
// (x.int.test.ts, a real database: PGlite, or PostgreSQL with TEST_DATABASE_URL) and
// browser journeys (e2e/*.spec.ts, Chromium against a running server).
export default defineConfig({
  test: {
    // Two cores: two workers at most, so integration suites do not starve each other.
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          // Generous, not tight: a timeout here guards against a hang, not a slow machine. With both
          // cores busy (CI's other work, or `yes > /dev/null` beside it) a fresh app takes many
          // times longer to build than when idle; speed is measured in bench/, never here.
          testTimeout: 300_000,
          hookTimeout: 600_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          globalSetup: ['e2e/support/globalSetup.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
