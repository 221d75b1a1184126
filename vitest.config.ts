import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The browser journeys share one server. The whole-cycle journey publishes a plan whose term
 * contains today, which then becomes the site's current plan: it runs after every other file, so
 * the others meet the demo as a new user would.
 */
class CycleLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const last = (f: TestSpecification) => (/[\\/]e2e[\\/]plan-cycle\.spec\.ts$/.test(f.moduleId) ? 1 : 0);
    return [...sorted].sort((a, b) => last(a) - last(b));
  }
}

// Three levels, each with a clear home: unit (x.test.ts, no database), integration
// (x.int.test.ts, a real database: PGlite, or PostgreSQL with TEST_DATABASE_URL) and
// browser journeys (e2e/*.spec.ts, Chromium against a running server).
export default defineConfig({
  test: {
    sequence: { sequencer: CycleLastSequencer },
    // Two cores: two workers at most, so integration suites do not starve each other.
    maxWorkers: 2,
    minWorkers: 1,
    // A worker runs file after file with the modules it has loaded, instead of a new process per
    // file loading the whole app again (that was most of the suite's time). Safe here: no test
    // mocks a module, fakes timers or changes a global, and each file builds its own app on its
    // own database. Vitest decides this for all projects together (one pool of processes).
    pool: 'forks',
    poolOptions: { forks: { isolate: false } },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          // Vitest's 5 s default fails the heavier unit files (the codebase and module-rule checks
          // parse every source file) when both cores are busy: a guard against a hang, as below.
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'int',
          include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          // The template databases every test database is copied from (test/helpers/template.ts).
          globalSetup: ['test/globalSetup.ts'],
          // Generous, not tight: a timeout here guards against a hang, not a slow machine. With both
          // cores busy (CI's other work, or `yes > /dev/null` beside it) a fresh app takes many
          // times longer to build than when idle; speed is measured in bench/, never here.
          // One value for every test and hook, so no file sets its own (a shorter one fails under load).
          testTimeout: 900_000,
          hookTimeout: 900_000,
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
