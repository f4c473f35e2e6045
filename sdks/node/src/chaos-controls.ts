/** `client.chaos`: what an application sees of chaos injection. */
import type { SdkChaosRule } from '@sluice/core'
import type { ChaosEngine } from './chaos.js'
import type { WrapperKind } from './chaos-rules.js'
import { type MethodKeys, type WrapOptions, wrapFunction, wrapMethods } from './chaos-wrappers.js'

export interface ChaosControls {
  /**
   * Whether a rule could inject right now: the process is armed (CHAOS_TESTING_ENABLED=true,
   * NODE_ENV not production), the rules come from the control plane, and it was heard from
   * within the dead-man grace.
   */
  readonly armed: boolean
  /** Why chaos is armed or not, in words: for a start-up log line or a health page. */
  readonly reason: string
  /** The rules that can inject right now (enabled, unexpired, armed), by id. */
  active(): SdkChaosRule[]
  /**
   * A function with the same signature that throws (or rejects, for one that returns a
   * promise) a realistic connection error while an armed `database_failure` / `redis_failure`
   * rule (or a random_failure rule that draws that kind) fires. Returns `fn` itself in a
   * process where chaos is disarmed.
   */
  wrap<F extends (...args: never[]) => unknown>(kind: WrapperKind, fn: F, options?: WrapOptions): F
  /** Wraps `methods` of `target` in place (bound to it) and returns `target`; changes nothing where chaos is disarmed. */
  wrapObject<T extends object>(kind: WrapperKind, target: T, methods: readonly MethodKeys<T>[], options?: WrapOptions): T
}

export function createChaosControls(engine: ChaosEngine): ChaosControls {
  return {
    get armed() {
      return engine.status().armed
    },
    get reason() {
      return engine.status().reason
    },
    active: () => engine.active(),
    wrap: (kind, fn, options) => wrapFunction(engine, kind, fn, options),
    wrapObject: (kind, target, methods, options) => wrapMethods(engine, kind, target, methods, options),
  }
}
