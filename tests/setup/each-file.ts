/**
 * Runs before every test file, in its own worker context: hooks every file needs, which a shared
 * module cannot register once for all (vitest.config.ts, isolate: false).
 */
import { afterEach } from 'vitest'
import { runCleanups } from '../../sdks/node/src/test-support/harness.js'

afterEach(runCleanups)
