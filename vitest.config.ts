import { defineConfig } from 'vitest/config';

// Two cores: two forks keep the machine responsive and PGlite instances from starving each other. The files of a fork
// share its loaded modules (isolate: false): each file importing the whole source anew cost about half the suite's
// time. Tests keep no state in modules: they build their own apps, stores and fakes (tests/support).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Builds one seeded home per run, copied by the tests that need a home with a database (tests/support/seeded-home.ts).
    globalSetup: ['tests/support/seeded-home-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
