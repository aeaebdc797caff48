import { defineConfig } from 'vitest/config';

// Two cores, three forks: the third runs while the others wait (real-time pacing, child processes starting, fakes
// answering), so `npm test` took 162-174 s instead of 218-227 s with two (2026-12-06); four overloaded the machine
// enough to break the responsiveness test's one-second bound. The files of a fork share its loaded modules
// (isolate: false): each file importing the whole source anew cost about half the suite's time. Tests keep no state
// in modules: they build their own apps, stores and fakes (tests/support).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Builds one seeded home per run, copied by the tests that need a home with a database (tests/support/seeded-home.ts).
    globalSetup: ['tests/support/seeded-home-setup.ts'],
    pool: 'forks',
    maxWorkers: 3,
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
