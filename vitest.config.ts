import { defineConfig } from 'vitest/config';

// Unit and HTTP-level tests (`npm run test:unit`). The browser suite has its own config in e2e/.
export default defineConfig({
  test: {
    include: ['server/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'e2e/**'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
