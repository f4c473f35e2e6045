import { randomBytes } from 'node:crypto'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp, type AppOptions } from '../app.js'
import { loadConfig, type Config } from '../config.js'
import { createTestDatabase, type TestDatabase } from './test-database.js'
import { TEST_ADMIN_TOKEN, testRedisUrl } from './test-env.js'

export interface TestApp {
  app: FastifyInstance
  database: TestDatabase
  config: Config
  /** Injects with the admin token unless the options say otherwise. */
  request(options: InjectOptions & { token?: string | null }): Promise<LightMyRequestResponse>
  close(): Promise<void>
}

export interface TestAppOptions extends Partial<Omit<AppOptions, 'config'>> {
  env?: Record<string, string>
  /** Reuse a database (another replica of the same deployment). */
  database?: TestDatabase
}

/** The real app on this run's backend, with its own database and Redis namespace. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownsDatabase = !options.database
  const database = options.database ?? (await createTestDatabase())
  const redisUrl = testRedisUrl()
  const config = loadConfig({
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...options.env,
  })
  const app = await buildApp({
    logger: false,
    pglite: database.pglite,
    redisPrefix: options.redisPrefix ?? `sluice-test:${randomBytes(4).toString('hex')}:`,
    feedPollIntervalMs: 200,
    ...options,
    config,
  })
  return {
    app,
    database,
    config,
    request({ token = TEST_ADMIN_TOKEN, headers, ...rest }) {
      return app.inject({ ...rest, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } })
    },
    async close() {
      await app.close()
      // A PGlite handed in is closed with the app; a server database is dropped by its owner.
      if (ownsDatabase && database.url) await database.drop()
    },
  }
}
