/**
 * Opt-in CPU profiles of the service during a bench's measured window:
 * `SLUICE_BENCH_CPU_PROF=<dir>` makes benches start their service processes with an
 * inspector and write `<dir>/<bench>-<name>.cpuprofile`; summarise one with cpu-profile.ts.
 * Profiling costs the service some throughput, so a profiled run's numbers are for diagnosis,
 * and its section says so.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { ServiceProcess } from '../../support/service-process.js'
import { INSPECT_OPTION, inspectorUrl, startCpuProfile } from './inspector.js'
import type { StartOptions } from './services.js'

export const PROFILE_DIR = process.env.SLUICE_BENCH_CPU_PROF

/** Start options that let `profiled` reach the service (nothing when not profiling). */
export function profilingOptions(): StartOptions {
  return PROFILE_DIR ? { nodeOptions: [INSPECT_OPTION] } : {}
}

/** Runs `work`, profiling each named service meanwhile when SLUICE_BENCH_CPU_PROF is set. */
export async function profiled<T>(bench: string, services: Array<{ name: string; service: ServiceProcess }>, work: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return work()
  await mkdir(PROFILE_DIR, { recursive: true })
  const profilers = await Promise.all(services.map(({ service }) => startCpuProfile(inspectorUrl(service.stderr()))))
  try {
    return await work()
  } finally {
    await Promise.all(
      profilers.map((p, i) => {
        const file = path.join(PROFILE_DIR, `${bench}-${services[i]!.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.cpuprofile`)
        process.stdout.write(`cpu profile: ${file}\n`)
        return p.stop(file)
      }),
    )
  }
}

export function profilingNote(): string {
  return PROFILE_DIR ? '\n\n_This run was CPU-profiled (SLUICE_BENCH_CPU_PROF), which slows the service: use it for where time goes, not for the numbers._' : ''
}
