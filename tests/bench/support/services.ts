/**
 * The built control plane as bench targets: one replica on embedded PGlite, or N replicas
 * sharing a fresh Postgres database and Redis. Each handle closes its processes and drops
 * its database.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { startService, type ServiceProcess } from '../../support/service-process.js'
import { createDatabase, REDIS_URL, type BenchDatabase } from './postgres-database.js'

export const BENCH_ADMIN_TOKEN = 'sluice_bench_admin_token_0123456789abcdef'

export interface BenchDeployment {
  label: string
  replicas: ServiceProcess[]
  /** The Postgres database, for deployments on Postgres. */
  database?: BenchDatabase
  close(): Promise<void>
}

export interface StartOptions {
  /** Extra Node.js options for the service processes (e.g. `--inspect=127.0.0.1:0`). */
  nodeOptions?: string[]
  /** More configuration for the service processes (e.g. `STREAM_MAX_PER_TOKEN`). */
  env?: Record<string, string>
}

function processEnv(options: StartOptions): Record<string, string> {
  const flags = options.nodeOptions ?? []
  return { ...options.env, ...(flags.length ? { NODE_OPTIONS: flags.join(' ') } : {}) }
}

async function stopAll(replicas: ServiceProcess[]): Promise<void> {
  await Promise.all(
    replicas.map(async (replica) => {
      const timer = setTimeout(() => void replica.stop('SIGKILL'), 15_000)
      await replica.stop('SIGTERM')
      clearTimeout(timer)
    }),
  )
}

/** One replica on embedded PGlite in a temporary DATA_DIR; no Redis. */
export async function startEmbedded(options: StartOptions = {}): Promise<BenchDeployment> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sluice-bench-'))
  try {
    const replica = await startService({ ADMIN_TOKEN: BENCH_ADMIN_TOKEN, DATA_DIR: dataDir, ...processEnv(options) }, { timeoutMs: 60_000 })
    return {
      label: 'embedded PGlite',
      replicas: [replica],
      async close() {
        await stopAll([replica])
        await rm(dataDir, { recursive: true, force: true })
      },
    }
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true })
    throw err
  }
}

/**
 * `count` replicas on one fresh Postgres database and the shared Redis. The first one
 * migrates the database; the others start after it, all at once. Each deployment gets its
 * own REDIS_KEY_PREFIX (cache keys and bus channel), so it neither reads another run's cached
 * flags nor wakes on another deployment's changes (a service without that setting ignores it;
 * the benches also use fresh flag keys per run).
 */
export async function startPostgres(count: number, label: string, options: StartOptions = {}): Promise<BenchDeployment> {
  const database = await createDatabase(label)
  const replicas: ServiceProcess[] = []
  const env = {
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: `${database.name}:`,
    ...processEnv(options),
  }
  const close = async () => {
    await stopAll(replicas)
    await database.drop()
  }
  try {
    replicas.push(await startService(env, { timeoutMs: 60_000 }))
    replicas.push(...(await Promise.all(Array.from({ length: count - 1 }, () => startService(env, { timeoutMs: 60_000 })))))
  } catch (err) {
    await close()
    throw err
  }
  return { label: count === 1 ? 'Postgres + Redis' : `Postgres + Redis, ${count} replicas`, replicas, database, close }
}

/** Runs `run` on each deployment in turn, so they never compete for the cores, closing each after. */
export async function oneAtATime<T>(starts: Array<() => Promise<BenchDeployment>>, run: (deployment: BenchDeployment) => Promise<T>): Promise<T[]> {
  const results: T[] = []
  for (const start of starts) {
    const deployment = await start()
    try {
      results.push(await run(deployment))
    } finally {
      await deployment.close()
    }
  }
  return results
}
