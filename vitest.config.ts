import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/harness/global-setup.ts'],
          setupFiles: ['test/harness/print-logs-on-failure.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Servers are shared by every file; files run in parallel workers against distinct keys.
          fileParallelism: true,
        },
      },
    ],
  },
});
