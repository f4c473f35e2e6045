/**
 * A deployment of real service processes for cross-package tests: one database of its own
 * (PGlite data dir, or a fresh Postgres database in the shared-services pass) and, with
 * Redis, its own key prefix, so runs and test files never see each other's state.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createTestDatabase } from '../../services/control-plane/src/test-support/test-database.js'
import { TEST_ADMIN_TOKEN, testRedisUrl, withSharedServices } from '../../services/control-plane/src/test-support/test-env.js'
import { startService, type ServiceProcess } from './service-process.js'

export interface Deployment {
  env: Record<string, string>
  replicas: ServiceProcess[]
  /** Starts one more replica (same database and Redis namespace). */
  addReplica(extraEnv?: Record<string, string>, port?: number): Promise<ServiceProcess>
  admin(replica: ServiceProcess, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }>
  close(): Promise<void>
}

export async function startDeployment(replicas = 1, extraEnv: Record<string, string> = {}): Promise<Deployment> {
  const cleanups: Array<() => Promise<unknown>> = []
  const env: Record<string, string> = { ADMIN_TOKEN: TEST_ADMIN_TOKEN, LOG_LEVEL: 'warn', ...extraEnv }
  if (withSharedServices) {
    const database = await createTestDatabase()
    cleanups.push(() => database.drop())
    env.DATABASE_URL = database.url!
    env.REDIS_URL = testRedisUrl()!
    env.REDIS_KEY_PREFIX = `sluice-e2e:${randomBytes(4).toString('hex')}:`
  } else {
    if (replicas > 1) throw new Error('several replicas need the shared Postgres and Redis pass')
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-e2e-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    env.DATA_DIR = dir
  }
  const deployment: Deployment = {
    env,
    replicas: [],
    async addReplica(more = {}, port) {
      const replica = await startService({ ...env, ...more }, { port })
      deployment.replicas.push(replica)
      return replica
    },
    async admin(replica, method, route, body) {
      const res = await fetch(`${replica.url}/api/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
      return { status: res.status, body: res.status === 204 || res.status === 304 ? null : await res.json() }
    },
    async close() {
      await Promise.all(deployment.replicas.map((r) => r.stop('SIGTERM')))
      for (const cleanup of cleanups.reverse()) await cleanup()
    },
  }
  for (let i = 0; i < replicas; i++) await deployment.addReplica()
  return deployment
}
