import { defineConfig } from 'vitest/config';

// Unit and HTTP-level tests (`npm run test:unit`). The browser suite has its own config in e2e/.
// With TEST_DATABASE_URL=postgres://… (a server with trust auth) the database tests run on PostgreSQL, each file in a
// database of its own, instead of in-memory PGlite.
export default defineConfig({
  test: {
    include: ['server/src/**/*.test.ts', 'packages/**/src/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'e2e/**', 'web/**'],
    environment: 'node',
    // Each database test file opens its own database (PGlite: seconds and memory): two files at a time on two cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
