/**
 * Summarises a V8 .cpuprofile (from `--cpu-prof`, see SLUICE_BENCH_CPU_PROF in services.ts):
 * the functions with the most self time, and self time by package/area.
 *
 *   npx tsx bench/support/cpu-profile.ts /tmp/prof/CPU.*.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

export interface SelfTime {
  name: string
  ms: number
  share: number
}

/** Where a frame's code lives: a package name, the service, the SDK core, Node.js internals. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]!
  if (url.includes('/services/control-plane/')) return 'control-plane'
  if (url.includes('/sdks/core/')) return '@sluice/core'
  if (url.startsWith('node:')) return 'node internals'
  return url
}

/** Self times; shares are of the busy time (all samples but `(idle)`). */
export function summariseProfile(profile: Profile): { totalMs: number; busyMs: number; functions: SelfTime[]; areas: SelfTime[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfUs = new Map<number, number>()
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  let idle = 0
  for (const [id, us] of selfUs) if (byId.get(id)!.callFrame.functionName === '(idle)') idle += us
  const total = profile.endTime - profile.startTime
  const busy = total - idle
  const fns = new Map<string, number>()
  const areas = new Map<string, number>()
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame
    const file = url.replace(/^file:\/\/.*?\/(node_modules\/\.pnpm\/[^/]+\/node_modules\/|work\/main\/)/, '')
    const name = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim()
    fns.set(name, (fns.get(name) ?? 0) + us)
    const area = areaOf(url, functionName)
    areas.set(area, (areas.get(area) ?? 0) + us)
  }
  const list = (m: Map<string, number>) =>
    [...m]
      .filter(([name]) => !name.startsWith('(idle)'))
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / busy }))
      .sort((a, b) => b.ms - a.ms)
  return { totalMs: total / 1000, busyMs: busy / 1000, functions: list(fns), areas: list(areas) }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top = '25'] = process.argv.slice(2)
  if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [top]')
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile)
  const line = (s: SelfTime) => `${(s.share * 100).toFixed(1).padStart(5)}%  ${s.ms.toFixed(0).padStart(7)} ms  ${s.name}`
  console.log(`profile: ${summary.totalMs.toFixed(0)} ms, busy ${summary.busyMs.toFixed(0)} ms (shares below are of busy time)\n\nself time by area:`)
  for (const s of summary.areas.slice(0, 15)) console.log(line(s))
  console.log('\nself time by function:')
  for (const s of summary.functions.slice(0, Number(top))) console.log(line(s))
}
