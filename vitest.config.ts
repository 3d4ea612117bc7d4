import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The package's `./testing` export, from source (the README's example test imports it by its package path).
  resolve: { alias: { 'jobset-sim/testing': fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks', // child processes; piscina worker_threads run inside them
    testTimeout: 60_000,
    reporters: ['default', './test/summary-reporter.ts'],
    coverage: { provider: 'v8', include: ['src/**/*.ts'], reporter: ['text-summary', 'html'] },
  },
});
