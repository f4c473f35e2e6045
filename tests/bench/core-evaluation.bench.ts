/**
 * Core evaluation (ns/op): the engine alone, per flag type, over 10,000 distinct users and IPs.
 *
 * Three paths: `compiled.isEnabled(ctx)` (what the SDK calls), `compiled.evaluate(ctx)` (the
 * same with variant and reason) and `evaluate(flag, ctx)` (definition in hand, compiled flag
 * from the WeakMap cache). Each measurement loop is a fresh function, so every loop gets its
 * own type feedback and one flag type cannot make another's call site polymorphic.
 *
 * The fixtures and the timing harness are exported for `peer-evaluation.bench.ts`, so both
 * sections evaluate the same flags over the same contexts.
 */
import { compileFlag, type EvaluationContext, evaluate, type FlagRules } from '../../sdks/core/src/index.js'

// ---------------------------------------------------------------------------------------------
// Fixtures: deterministic, so every run and every implementation sees the same contexts.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const random = mulberry32(0x5a1ce)
const int = (n: number) => Math.floor(random() * n)
const hex = (n: number) => int(n).toString(16)

export const CONTEXT_COUNT = 10_000

/**
 * Strings as they arrive from a socket or a JSON body: flat. Built with `+` or a template
 * they would be V8 cons strings, which every implementation reads more slowly.
 */
function flat(list: string[]): string[] {
  return JSON.parse(JSON.stringify(list)) as string[]
}

/** UUID-shaped user ids, as most products have. */
export const USER_IDS: string[] = flat(
  Array.from({ length: CONTEXT_COUNT }, () =>
    [8, 4, 4, 4, 12].map((len) => Array.from({ length: len }, () => hex(16)).join('')).join('-'),
  ),
)

/** 1,000 of the users are targeted. */
export const TARGETED_USER_IDS: string[] = USER_IDS.filter((_, i) => i % 10 === 3)

const v4 = () => `${1 + int(223)}.${int(256)}.${int(256)}.${int(256)}`
/** Canonical (RFC 5952) IPv6 text, so prefix-matching peers can be given an equivalent rule. */
const v6 = () => `2001:db8:${hex(0x10000)}:${hex(0x10000)}::${(int(0xffff) + 1).toString(16)}`

export interface IpFixture {
  v4Exact: string[]
  /** Octet-aligned (/8, /16, /24), so text-prefix rules can express them. */
  v4Cidr: string[]
  v6Exact: string[]
  /** Group-aligned IPv6 ranges: Sluice only (see the peer section). */
  v6Cidr: string[]
}

export const IPS: IpFixture = {
  v4Exact: Array.from({ length: 120 }, v4),
  v4Cidr: [
    ...Array.from({ length: 4 }, () => `${1 + int(223)}.0.0.0/8`),
    ...Array.from({ length: 36 }, () => `${1 + int(223)}.${int(256)}.0.0/16`),
    ...Array.from({ length: 40 }, () => `${1 + int(223)}.${int(256)}.${int(256)}.0/24`),
  ],
  v6Exact: Array.from({ length: 80 }, v6),
  v6Cidr: [
    ...Array.from({ length: 30 }, () => `2001:db8:${hex(0x10000)}::/48`),
    ...Array.from({ length: 30 }, () => `2001:db8:${hex(0x10000)}:${hex(0x10000)}::/64`),
  ],
}

function pick<T>(list: readonly T[]): T {
  return list[int(list.length)]!
}

/** Inside a CIDR (octet- or group-aligned): keep the network text, fill in the rest. */
function insideV4(cidr: string): string {
  const [net, bits] = cidr.split('/') as [string, string]
  const octets = net.split('.')
  for (let o = Number(bits) / 8; o < 4; o++) octets[o] = String(int(256))
  return octets.join('.')
}
function insideV6(cidr: string): string {
  const [net, bits] = cidr.split('/') as [string, string]
  const groups = net.replace(/::$/, '').split(':')
  while (groups.length < Number(bits) / 16) groups.push('0')
  return `${groups.join(':')}:${hex(0x10000)}::${(int(0xffff) + 1).toString(16)}`
}

/**
 * 10,000 distinct addresses, 60% IPv4 and 40% IPv6, about a third of them in the list
 * (exact hits, CIDR hits, and a few IPv4-mapped spellings). The peer section leaves out hits
 * on IPv6 ranges and the mapped spellings, which its peers cannot match.
 */
export function makeContextIps({ v6Cidr = true, mapped = true } = {}): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  while (out.length < CONTEXT_COUNT) {
    const roll = random()
    let ip: string
    if (roll < 0.06) ip = pick(IPS.v4Exact)
    else if (roll < 0.16) ip = insideV4(pick(IPS.v4Cidr))
    else if (roll < 0.18) ip = mapped ? `::ffff:${insideV4(pick(IPS.v4Cidr))}` : insideV4(pick(IPS.v4Cidr))
    else if (roll < 0.22) ip = pick(IPS.v6Exact)
    else if (roll < 0.32) ip = v6Cidr ? insideV6(pick(IPS.v6Cidr)) : v6()
    else if (roll < 0.74) ip = v4()
    else ip = v6()
    if (!seen.has(ip)) {
      seen.add(ip)
      out.push(ip)
    }
  }
  return flat(out)
}

export const VARIANTS = [
  { key: 'control', weight: 500, payload: { layout: 'classic' } },
  { key: 'treatment', weight: 500, payload: { layout: 'compact' } },
]

export const FLAG_TYPES = ['boolean', 'percentage', 'percentage + variants', 'user_targeting', 'ip_targeting'] as const
export type BenchType = (typeof FLAG_TYPES)[number]

export function benchFlags(ips: string[]): Record<BenchType, FlagRules> {
  return {
    boolean: { key: 'bench-boolean', type: 'boolean', enabled: true },
    percentage: { key: 'bench-percentage', type: 'percentage', enabled: true, percentage: 25 },
    'percentage + variants': {
      key: 'bench-experiment',
      type: 'percentage',
      enabled: true,
      percentage: 25,
      variants: VARIANTS,
    },
    user_targeting: { key: 'bench-users', type: 'user_targeting', enabled: true, userIds: TARGETED_USER_IDS },
    ip_targeting: { key: 'bench-ips', type: 'ip_targeting', enabled: true, ips },
  }
}

// ---------------------------------------------------------------------------------------------
// Timing harness.

/** One evaluation, as source over `ctx` and the names bound to it: `'flag.isEnabled(ctx)'`. */
export interface Call {
  expression: string
  bindings: Record<string, unknown>
}

export type Loop = (ctxs: readonly unknown[], start: number, count: number) => number

/**
 * A measurement loop that evaluates `call.expression` for `count` contexts from `start`.
 * Each loop is compiled from source with `new Function`, so it is a function of its own with
 * its own type feedback, like an application's call site: the loop of one flag type or one
 * implementation cannot make another's polymorphic, whatever order they run in. What is
 * shared stays shared: an SDK entry point used for every flag is one function in every loop.
 */
let loopSerial = 0

export function makeLoop(call: Call): Loop {
  const names = Object.keys(call.bindings)
  // V8 shares compiled code (and its type feedback) between functions with identical source,
  // so loops for different flags would pollute each other; a unique comment keeps them apart.
  const factory = new Function(
    ...names,
    `// loop ${++loopSerial}
    return function loop(ctxs, start, count) {
      const n = ctxs.length
      let i = start % n
      let sink = 0
      for (let k = 0; k < count; k++) {
        const ctx = ctxs[i]
        if (${call.expression}) sink++
        if (++i === n) i = 0
      }
      return sink
    }`,
  ) as (...values: unknown[]) => Loop
  return factory(...names.map((name) => call.bindings[name]))
}

let globalSink = 0

/** ns per call of `count` calls starting at context `start`. */
export function timeOnce(loop: Loop, ctxs: readonly unknown[], start: number, count: number): number {
  const t0 = process.hrtime.bigint()
  globalSink += loop(ctxs, start, count)
  return Number(process.hrtime.bigint() - t0) / count
}

/** How many calls make a measurement of about `targetMs`, warming the loop on the way. */
export function calibrate(loop: Loop, ctxs: readonly unknown[], targetMs: number): number {
  let count = 256
  for (;;) {
    const t0 = process.hrtime.bigint()
    globalSink += loop(ctxs, 0, count)
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    if (ms >= targetMs / 4 || count >= 1 << 26) return Math.max(64, Math.round((count * targetMs) / Math.max(ms, 1e-3)))
    count *= 4
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface Runner {
  name: string
  loop: Loop
  ctxs: readonly unknown[]
  count: number
  samples: number[]
}

/**
 * Warms every runner, then measures them round by round, in a different order each round,
 * so slow drift of a shared, noisy machine lands on all of them alike.
 */
export function measureInterleaved(runners: Runner[], rounds: number, targetMs: number): void {
  // A few calls of every runner before any of them gets hot, so that a function they share
  // has seen every flag type when the JIT first optimizes it, rather than only the first one.
  for (let pass = 0; pass < 3; pass++) for (const r of runners) r.loop(r.ctxs, pass * 64, 64)
  for (const r of runners) r.count = calibrate(r.loop, r.ctxs, targetMs)
  for (let warm = 0; warm < 2; warm++) for (const r of runners) timeOnce(r.loop, r.ctxs, 0, r.count)
  for (let round = 0; round < rounds; round++) {
    const offset = round % runners.length
    for (let k = 0; k < runners.length; k++) {
      const r = runners[(k + offset) % runners.length]!
      r.samples.push(timeOnce(r.loop, r.ctxs, round * 997, r.count))
    }
  }
}

export function fmt(ns: number): string {
  return ns < 10 ? ns.toFixed(2) : ns < 100 ? ns.toFixed(1) : Math.round(ns).toLocaleString('en-US')
}

export function sink(): number {
  return globalSink
}

// ---------------------------------------------------------------------------------------------
// The section.

const TARGETS: Record<BenchType, number> = {
  boolean: 50,
  percentage: 200,
  'percentage + variants': 200,
  user_targeting: 150,
  ip_targeting: 150,
}

export default async function coreEvaluation(): Promise<{ title: string; markdown: string }> {
  const contextIps = makeContextIps()
  const ipList = [...IPS.v4Exact, ...IPS.v4Cidr, ...IPS.v6Exact, ...IPS.v6Cidr]
  const flags = benchFlags(ipList)
  const userContexts: EvaluationContext[] = USER_IDS.map((userId) => ({ userId }))
  const ipContexts: EvaluationContext[] = contextIps.map((ip) => ({ ip }))

  const runners: Array<Runner & { type: BenchType; path: string }> = []
  for (const type of FLAG_TYPES) {
    const flag = flags[type]
    const compiled = compileFlag(flag)
    const ctxs = type === 'ip_targeting' ? ipContexts : userContexts
    const add = (path: string, expression: string) =>
      runners.push({ type, path, name: `${type} ${path}`, loop: makeLoop({ expression, bindings: { compiled, evaluate, flag } }), ctxs, count: 0, samples: [] })
    add('compiled.isEnabled', 'compiled.isEnabled(ctx)')
    add('compiled.evaluate', 'compiled.evaluate(ctx)')
    add('evaluate(flag, ctx)', 'evaluate(flag, ctx)')
  }

  // Sanity before timing: the flags do what the table says they do.
  const share = (type: BenchType, ctxs: EvaluationContext[]) => {
    const c = compileFlag(flags[type])
    return ctxs.filter((ctx) => c.isEnabled(ctx)).length / ctxs.length
  }
  const shares = {
    percentage: share('percentage', userContexts),
    user_targeting: share('user_targeting', userContexts),
    ip_targeting: share('ip_targeting', ipContexts),
  }
  if (Math.abs(shares.percentage - 0.25) > 0.02) throw new Error(`25% rollout turned ${shares.percentage} on`)
  if (shares.user_targeting !== 0.1) throw new Error(`user list turned ${shares.user_targeting} on`)

  const started = Date.now()
  measureInterleaved(runners, 15, 8)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)

  const cell = (type: BenchType, path: string) => fmt(median(runners.find((r) => r.type === type && r.path === path)!.samples))
  const rows = FLAG_TYPES.map((type) => {
    const hot = median(runners.find((r) => r.type === type && r.path === 'compiled.isEnabled')!.samples)
    const verdict = hot < TARGETS[type] ? '✓' : '✗'
    return `| ${type} | ${cell(type, 'compiled.isEnabled')} | ${cell(type, 'compiled.evaluate')} | ${cell(type, 'evaluate(flag, ctx)')} | < ${TARGETS[type]} ${verdict} |`
  })

  const markdown = [
    `Median ns per evaluation over 15 interleaved rounds (${seconds} s, sink ${sink() % 10}), 10,000 distinct contexts per flag:`,
    'UUID userIds; for `ip_targeting` 60% IPv4 / 40% IPv6 addresses, some IPv4-mapped, against a list of',
    `${ipList.length} entries (${IPS.v4Exact.length} IPv4, ${IPS.v4Cidr.length} IPv4 CIDR, ${IPS.v6Exact.length} IPv6, ${IPS.v6Cidr.length} IPv6 CIDR).`,
    `The 25% rollout turned ${(shares.percentage * 100).toFixed(1)}% on, the 1,000-id list ${(shares.user_targeting * 100).toFixed(0)}%, the IP list ${(shares.ip_targeting * 100).toFixed(1)}%.`,
    '',
    '| flag type | compiled.isEnabled | compiled.evaluate | evaluate(flag, ctx) | target (isEnabled) |',
    '|---|---:|---:|---:|---|',
    ...rows,
    '',
    '`compiled.evaluate` returns a prebuilt frozen result, so it costs what `isEnabled` does plus, with',
    'variants, the variant hash. `evaluate(flag, ctx)` adds the WeakMap lookup and the check that the',
    "definition's fields are the ones it was compiled from; it is one function for every flag type here, so",
    'its property reads are polymorphic, as they would be in a service evaluating flags of every type.',
  ].join('\n')
  return { title: 'Core evaluation (ns/op)', markdown }
}
