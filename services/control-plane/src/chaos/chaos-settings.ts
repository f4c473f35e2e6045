import { chaosAllowed, type Config } from '../config.js'

/** The part of the configuration the chaos capability acts on. */
export interface ChaosSettings {
  /** Why this environment may not arm chaos (docs/api.md, "Chaos safety"), in words an operator can act on; undefined when it may. */
  forbiddenReason?: string
  /** An automatic canary rollback halts every rule, not only the rules that name the flag. */
  haltAllOnAutoRollback: boolean
}

export const CHAOS_FORBIDDEN_IN_PRODUCTION = 'chaos testing is never allowed when NODE_ENV=production'
export const CHAOS_DISABLED = 'chaos testing is disabled: set CHAOS_TESTING_ENABLED=true'

export function chaosSettings(config: Pick<Config, 'nodeEnv' | 'chaosTestingEnabled' | 'chaosHaltOnAutoRollback'>): ChaosSettings {
  const settings: ChaosSettings = { haltAllOnAutoRollback: config.chaosHaltOnAutoRollback }
  if (chaosAllowed(config)) return settings
  // Production first: setting CHAOS_TESTING_ENABLED there would not help, so do not suggest it.
  return { ...settings, forbiddenReason: config.nodeEnv === 'production' ? CHAOS_FORBIDDEN_IN_PRODUCTION : CHAOS_DISABLED }
}
