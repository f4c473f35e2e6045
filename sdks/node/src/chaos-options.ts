/**
 * Whether this process may inject chaos at all. The control plane refuses to enable rules
 * outside a chaos-testing environment, but the SDK does not take its word for it: the
 * application's own process must say so too (`CHAOS_TESTING_ENABLED=true` and a `NODE_ENV`
 * other than `production`), read once at start-up. `NODE_ENV` is read leniently (any case,
 * surrounding spaces, `prod`) because a near miss must err towards production. A production process therefore injects
 * nothing whatever the server sends, a misconfigured or compromised control plane included.
 *
 * Options can only take chaos away: `enabled: false` and a `env` that does not allow it
 * disarm, but neither can arm a process whose environment does not allow chaos.
 */
export const DEFAULT_DEAD_MAN_MS = 30_000

export interface ChaosOptions {
  /** `false` disarms chaos in this process. `true` (the default) follows the environment; it never arms against it. */
  enabled?: boolean
  /**
   * Read in addition to `process.env`, for tests: both must allow chaos. An `env` that
   * allows it cannot arm a process whose own environment does not.
   */
  env?: Record<string, string | undefined>
  /**
   * No stream byte (not even its 15 s ping) and no polled answer from the control plane for
   * this long, and every rule is disarmed until one arrives. Default 30 000, three poll
   * intervals: polling while the stream is down keeps chaos armed, and a halt still arrives.
   */
  deadManMs?: number
  /** The random source for probabilities and jitter, in [0, 1). Default Math.random; inject a seeded one for exact tests. */
  random?: () => number
  /**
   * For tests only: apply chaos rules from `bootstrap` or `cacheFile` state, which otherwise
   * never inject (a cached rule must not inject faults while the control plane that could
   * stop them is unreachable). Rules set through `createOfflineClient` apply without it.
   */
  allowOfflineRules?: boolean
}

export interface ResolvedChaosOptions {
  enabled: boolean
  env: Record<string, string | undefined> | undefined
  deadManMs: number
  random: () => number
  allowOfflineRules: boolean
}

export interface Arming {
  armed: boolean
  /** Why: what allows it, or what forbids it. */
  reason: string
}

/** Production however it is spelled: a stray capital, space or short form must not arm a production process. */
function isProduction(nodeEnv: string | undefined): nodeEnv is string {
  const value = nodeEnv?.trim().toLowerCase()
  return value === 'production' || value === 'prod'
}

function environmentForbids(env: Record<string, string | undefined>, where: string): string | undefined {
  if (isProduction(env.NODE_ENV)) {
    return env.NODE_ENV === 'production' ? `NODE_ENV is production${where}` : `NODE_ENV is ${JSON.stringify(env.NODE_ENV)}${where}, which counts as production`
  }
  if (env.CHAOS_TESTING_ENABLED !== 'true') {
    const value = env.CHAOS_TESTING_ENABLED
    return `CHAOS_TESTING_ENABLED is ${value === undefined ? 'not set' : JSON.stringify(value)}${where}, not "true"`
  }
  return undefined
}

/** Reads the environment once: armed only when the process and every override allow it. */
export function chaosArming(options: ResolvedChaosOptions, processEnv: Record<string, string | undefined> = process.env): Arming {
  if (!options.enabled) return { armed: false, reason: 'the chaos.enabled option is false' }
  const forbidden = environmentForbids(processEnv, '') ?? (options.env === undefined ? undefined : environmentForbids(options.env, ' in the chaos.env option'))
  if (forbidden !== undefined) return { armed: false, reason: forbidden }
  return { armed: true, reason: `CHAOS_TESTING_ENABLED=true and NODE_ENV=${processEnv.NODE_ENV ?? '(unset)'}` }
}
