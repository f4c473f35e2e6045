/**
 * Closed-loop HTTP load: a fixed number of connections, each sending its next request as
 * soon as the previous answer is read, for a fixed time. Several targets are measured in
 * interleaved slices (a different order every round), so the drift of a shared, noisy
 * machine lands on all of them alike.
 *
 * Per target it records every request's latency, the completed requests per second, and,
 * when the target names its server process, the CPU time that process used per request
 * (from /proc), which is steadier than requests/s when the cores are shared.
 *
 * Requests are GETs by default; a target may send POSTs with a body per request instead, and
 * hear which requests succeeded (to check afterwards that the server kept what it accepted).
 */
import { performance } from 'node:perf_hooks'
import { Pool } from 'undici'
import { cpuMs } from './proc.js'
import { Samples } from './stats.js'

export interface LoadTarget {
  name: string
  origin: string
  /** Request paths, used round-robin (e.g. one per distinct user). */
  paths: readonly string[]
  headers?: Record<string, string>
  /** The server's pid, for CPU time per request. */
  pid?: number
  /** Default GET. */
  method?: 'GET' | 'POST'
  /** The body of request number `n` (counted over every request to this target, warm-up included). */
  body?: (n: number) => string
  /** Headers of request number `n` only, added to `headers` (e.g. an idempotency key per request). */
  headersOf?: (n: number) => Record<string, string>
  /** The status that counts as success (default 200). */
  expectStatus?: number
  /** Called with `n` for every request answered with `expectStatus`, warm-up included. */
  onSuccess?: (n: number) => void
}

export interface LoadOptions {
  connections: number
  warmupMs: number
  sliceMs: number
  rounds: number
}

export interface LoadResult {
  name: string
  requests: number
  errors: number
  seconds: number
  /** Per-request latency in ms, measured slices only. */
  latencies: Samples
  /** Server CPU ms used during measured slices (NaN without a pid). */
  serverCpuMs: number
  /** Load generator CPU ms used during this target's measured slices. */
  clientCpuMs: number
  /** Completed requests/s of each measured slice. */
  sliceRates: number[]
}

interface Runner {
  target: LoadTarget
  pool: Pool
  next: number
  result: LoadResult
}

async function slice(runner: Runner, durationMs: number, connections: number, record: boolean): Promise<void> {
  const { target, pool, result } = runner
  const cpu0 = target.pid ? cpuMs(target.pid) : Number.NaN
  const client0 = process.cpuUsage()
  const started = performance.now()
  const end = started + durationMs
  let completed = 0
  let errors = 0
  let firstError: unknown

  const worker = async () => {
    while (performance.now() < end) {
      const n = runner.next++
      const path = target.paths[n % target.paths.length]!
      const body = target.body?.(n)
      const t0 = performance.now()
      try {
        const headers = target.headersOf ? { ...target.headers, ...target.headersOf(n) } : target.headers
        const res = await pool.request({ method: target.method ?? 'GET', path, headers, body })
        await res.body.dump({ limit: 1 << 20 })
        if (res.statusCode !== (target.expectStatus ?? 200)) throw new Error(`status ${res.statusCode}`)
        target.onSuccess?.(n)
        if (record) result.latencies.push(performance.now() - t0)
        completed++
      } catch (err) {
        errors++
        firstError ??= err
      }
    }
  }
  await Promise.all(Array.from({ length: connections }, worker))
  const seconds = (performance.now() - started) / 1000
  if (errors > 0 && errors > completed / 100) throw new Error(`${target.name}: ${errors} of ${completed + errors} requests failed: ${String(firstError)}`)
  if (!record) return
  const client = process.cpuUsage(client0)
  result.requests += completed
  result.errors += errors
  result.seconds += seconds
  result.sliceRates.push(completed / seconds)
  result.clientCpuMs += (client.user + client.system) / 1000
  if (target.pid) result.serverCpuMs += cpuMs(target.pid) - cpu0
}

export async function interleavedLoad(targets: LoadTarget[], options: LoadOptions): Promise<LoadResult[]> {
  const runners: Runner[] = targets.map((target) => ({
    target,
    pool: new Pool(target.origin, { connections: options.connections, pipelining: 1 }),
    next: 0,
    result: {
      name: target.name,
      requests: 0,
      errors: 0,
      seconds: 0,
      latencies: new Samples(),
      serverCpuMs: target.pid ? 0 : Number.NaN,
      clientCpuMs: 0,
      sliceRates: [],
    },
  }))
  try {
    for (const runner of runners) await slice(runner, options.warmupMs, options.connections, false)
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < runners.length; k++) {
        await slice(runners[(k + round) % runners.length]!, options.sliceMs, options.connections, true)
      }
    }
  } finally {
    await Promise.all(runners.map((r) => r.pool.close()))
  }
  return runners.map((r) => r.result)
}
