import { defineConfig } from 'vitest/config';

// Two cores: two forks keep the machine responsive and PGlite instances from starving each other.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
