/**
 * Which backends a test run uses. `pnpm test` runs on embedded PGlite with no Redis, so it
 * passes on a machine with nothing but Node.js. CI runs the suite a second time with
 * SLUICE_TEST_BACKEND=postgres and SLUICE_TEST_REDIS_URL set, against real servers; tests
 * that need a shared Postgres and Redis (several replicas, Redis outages) run in that pass.
 */
export type TestBackend = 'pglite' | 'postgres'

export function testBackend(): TestBackend {
  return process.env.SLUICE_TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite'
}

/** A server database the test run may create databases on (the maintenance db of the server). */
export function testPostgresAdminUrl(): string {
  return process.env.SLUICE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
}

export function testRedisUrl(): string | undefined {
  return testBackend() === 'postgres' ? (process.env.SLUICE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined
}

/** True in the pass that has real Postgres and Redis: multi-replica and Redis-outage tests run there. */
export const withSharedServices = testBackend() === 'postgres'

export const TEST_ADMIN_TOKEN = 'sluice_test_admin_token_0123456789abcdef'
