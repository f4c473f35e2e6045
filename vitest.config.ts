import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * What runs the same code whichever backend SLUICE_TEST_BACKEND names: the SDKs, the typed
 * client and the CLI against fakes, the packages as packed, services on their own embedded or
 * initdb'd databases, the browser tests, the OpenAPI document and its error enums, the CLI and
 * the OpenFeature provider as clients of a service process, and the Unleash client
 * specification's answers (evaluation; the import that stores them is tested on both). What
 * they call is tested on both backends; the Postgres + Redis pass leaves them to the first.
 */
const BACKEND_INDEPENDENT = [
  'sdks/*/src/**',
  'openapi/src/**',
  'cli/src/**',
  'tests/packed-packages.test.ts',
  'tests/web-sdk-size.test.ts',
  'tests/service-process.test.ts',
  'tests/database-outage.test.ts',
  'tests/ofrep-e2e.test.ts',
  'tests/web-e2e.test.ts',
  'tests/console-*.test.ts',
  'tests/cli-e2e.test.ts',
  'tests/openfeature-e2e.test.ts',
  'services/control-plane/src/openapi-document.test.ts',
  'services/control-plane/src/http/error-codes.test.ts',
  'services/control-plane/src/imports/unleash-client-specification.test.ts',
]
const secondPass = process.env.SLUICE_TEST_BACKEND === 'postgres'

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
    exclude: ['**/node_modules/**', '**/dist/**', 'tests/bench/**', ...(secondPass ? BACKEND_INDEPENDENT : [])],
    globalSetup: ['tests/setup/global-setup.ts'],
    setupFiles: ['tests/setup/each-file.ts'],
    // Vitest's default on a 2-core machine is one worker, yet most files wait on sockets, child
    // processes and timers rather than the CPU: three workers keep the suite under CI's budget
    // (four measured no faster: a run with them keeps both cores busy).
    maxWorkers: 3,
    // A worker runs its files in one module graph rather than importing the service again for
    // each (cumulative import time 185 s → 40 s, pass 1 587 s → 511 s); tests that read
    // process.env pin what they depend on.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
