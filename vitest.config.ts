import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// Tests import the workspace packages from source so a change is tested without a rebuild;
// the published entry points (dist) are exercised by the cross-package tests in tests/.
export default defineConfig({
  resolve: {
    alias: {
      '@sluice/core': src('./sdks/core/src/index.ts'),
      '@sluice/sdk': src('./sdks/node/src/index.ts'),
      '@sluice/openfeature': src('./sdks/openfeature/src/index.ts'),
      '@sluice/api-client': src('./openapi/src/index.ts'),
    },
  },
  test: {
    include: ['sdks/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'openapi/src/**/*.test.ts', 'cli/src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'tests/bench/**'],
    globalSetup: ['tests/setup/global-setup.ts'],
    // Vitest's default on a 2-core machine is one worker, yet most files wait on sockets, child
    // processes and timers rather than the CPU: two workers keep the suite under CI's budget.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
