/**
 * Chaos injection in the application's process (docs/api.md, "Chaos safety"): which rules are armed, which
 * fault a request or a wrapped call gets, and how many were injected.
 *
 * Safety comes first, in layers, each able to stop injection on its own:
 *
 * 1. The process: armed only with CHAOS_TESTING_ENABLED=true and NODE_ENV other than
 *    production, read once at start-up (chaos-options.ts). Disarmed, nothing here runs: the
 *    Fastify hook is not even registered and `wrap()` returns the function it was given.
 * 2. Where the rules came from: only state from the control plane (the stream or a polled
 *    state) or set in code by a test double. A bootstrap or cache file never injects (unless
 *    a test says `allowOfflineRules`): a stale rule file must not inject faults while the
 *    control plane that could stop them is unreachable.
 * 3. The dead-man switch: with no byte from the control plane (the stream pings every 15 s)
 *    for `deadManMs`, every rule is disarmed until contact is back, and requests held by a
 *    latency or timeout rule are released. Judging by bytes rather than by the `disconnected`
 *    event also catches a half-open stream, which looks connected for as long as the read
 *    timeout. A polled answer (a 304 too) is contact as well: it would carry a halt just as
 *    the stream would, so chaos drills work behind a proxy that blocks event streams. That
 *    only holds while polls come well inside the grace (10 s against 30 s by default; the
 *    client warns otherwise). Faults never outlive the control that could stop them.
 * 4. Each rule: enabled, not expired on this process's clock (no server event needed), and
 *    released at once when it is disabled, deleted or changed.
 *
 * Cost: the lists the middleware and wrappers read are rebuilt when the state changes, never
 * per request, so with no rule armed a request costs one boolean check. The AsyncLocalStorage
 * scope that lets wrapped calls see their request is only entered when an armed rule needs it
 * (a targeted database/Redis rule, or a random_failure rule that can pick one).
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { type ChaosFailureKind, type SdkChaosRule, shouldInject } from '@sluice/core'
import { type Arming, chaosArming, type ResolvedChaosOptions } from './chaos-options.js'
import { actsOnCalls, actsOnRequests, compileChaosRule, type CompiledChaosRule, WRAPPER_FAILURE, type WrapperKind } from './chaos-rules.js'
import type { Logger } from './logger.js'
import type { ChaosCount, ChaosCountSource } from './outcome-reporter.js'
import type { StateSource } from './store.js'

/** The request a wrapped call is made for, when an armed rule needs to know it. */
export interface RequestScope {
  readonly method: string
  readonly url: string
  /** Wrapped calls of a kind fail for the rest of the request: a random_failure rule drew that kind. */
  marks: Partial<Record<WrapperKind, CompiledChaosRule>> | undefined
}

/** The rules one kind of wrapper reads; updated in place so a wrapper holds it once. */
export interface CallLane {
  active: boolean
  rules: readonly CompiledChaosRule[]
}

export interface RequestHit {
  rule: CompiledChaosRule
  kind: 'latency' | 'error' | 'timeout'
  /** Where to carry on in the rule list once this fault has run. */
  next: number
}

interface Hold {
  rule: CompiledChaosRule
  timer: NodeJS.Timeout
  done: (completed: boolean) => void
}

/** Longest setTimeout delay; a later expiry is re-checked then. */
const MAX_TIMER_MS = 2 ** 31 - 1

function byId(a: CompiledChaosRule, b: CompiledChaosRule): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

function isTrusted(source: StateSource | undefined, allowOffline: boolean): boolean {
  if (source === 'stream' || source === 'poll' || source === 'testing') return true
  return allowOffline && (source === 'bootstrap' || source === 'cache')
}

export class ChaosEngine implements ChaosCountSource {
  /** Whether this process may inject at all; fixed at start-up. */
  readonly processArmed: boolean
  /** What the middleware walks, in a fixed order (by rule id). */
  requestRules: readonly CompiledChaosRule[] = []
  /** Whether the middleware has anything to do: faults to draw or a scope to set. */
  requestsActive = false
  /** Whether wrapped calls need to know their request. */
  scopeNeeded = false
  readonly lanes: Record<WrapperKind, CallLane> = { database: { active: false, rules: [] }, redis: { active: false, rules: [] } }

  private readonly arming: Arming
  private readonly random: () => number
  private readonly scopes = new AsyncLocalStorage<RequestScope>()
  private readonly compiled = new Map<string, CompiledChaosRule>()
  private readonly refused = new Set<string>()
  private readonly injected = new Map<string, number>()
  private readonly unreported = new Map<string, number>()
  private readonly holds = new Set<Hold>()
  private rules: readonly SdkChaosRule[] = []
  private source: StateSource | undefined
  /** Rules from the control plane answer to the dead-man switch; rules set by a test or allowed offline do not. */
  private needsContact = false
  private lastContact = Number.NEGATIVE_INFINITY
  private expiryTimer: NodeJS.Timeout | undefined
  private watchdog: NodeJS.Timeout | undefined
  private ignoredLogged = false
  private untrustedLogged: StateSource | undefined
  private closed = false

  constructor(
    private readonly options: ResolvedChaosOptions,
    private readonly logger: Logger,
    arming: Arming = chaosArming(options),
  ) {
    this.arming = arming
    this.processArmed = arming.armed
    this.random = options.random
    // A warning, not info: the default logger drops info, and an operator must see that this process will inject faults.
    if (arming.armed) this.logger.warn(`chaos injection is armed in this process (${arming.reason}): chaos rules from the control plane inject faults`)
    else this.logger.info(`chaos injection is disarmed in this process: ${arming.reason}. Chaos rules are ignored`)
  }

  // ---------------------------------------------------------------------------------------
  // State

  /** Rebuilds the armed rule lists; called whenever the rules or their source change. */
  refresh(rules: Iterable<SdkChaosRule>, source: StateSource | undefined): void {
    this.rules = [...rules]
    this.source = source
    if (!this.processArmed) {
      if (!this.ignoredLogged && this.rules.some((rule) => rule.enabled)) {
        this.ignoredLogged = true
        this.logger.info(`ignoring enabled chaos rules: ${this.arming.reason}`)
      }
      return
    }
    this.rebuild()
  }

  /** Something arrived from the control plane: a stream byte or a polled state. */
  contact(now = Date.now()): void {
    this.lastContact = now
  }

  /** Releases every hold and stops the timers; nothing is injected after this. */
  close(): void {
    this.closed = true
    clearTimeout(this.expiryTimer)
    this.rules = []
    this.rebuild()
    this.releaseHolds(() => true)
  }

  private rebuild(): void {
    clearTimeout(this.expiryTimer)
    this.expiryTimer = undefined
    const trusted = !this.closed && isTrusted(this.source, this.options.allowOfflineRules)
    this.needsContact = this.source === 'stream' || this.source === 'poll'
    if (!trusted && !this.closed && this.untrustedLogged !== this.source && this.rules.some((rule) => rule.enabled)) {
      this.untrustedLogged = this.source
      this.logger.info(`chaos rules from ${this.source ?? 'no'} state are not applied: only rules from the control plane inject faults`)
    }
    const now = Date.now()
    const seen = new Set<string>()
    const live: CompiledChaosRule[] = []
    let nextExpiry = Number.POSITIVE_INFINITY
    for (const rule of this.rules) {
      seen.add(rule.id)
      const compiled = this.compile(rule)
      if (compiled === undefined) continue
      compiled.live = trusted && rule.enabled === true && compiled.expiresAt > now
      if (!compiled.live) continue
      live.push(compiled)
      nextExpiry = Math.min(nextExpiry, compiled.expiresAt)
    }
    for (const [id, compiled] of this.compiled) {
      if (seen.has(id)) continue
      compiled.live = false
      this.compiled.delete(id)
    }
    live.sort(byId)
    this.requestRules = live.filter(actsOnRequests)
    for (const kind of ['database', 'redis'] as const) {
      const rules = live.filter((rule) => actsOnCalls(rule, kind))
      this.lanes[kind].rules = rules
      this.lanes[kind].active = rules.length > 0
    }
    // A targeted database/Redis rule must see the request; a random_failure rule may mark it.
    this.scopeNeeded = live.some(
      (rule) => (rule.targeted || rule.type === 'random_failure') && (actsOnCalls(rule, 'database') || actsOnCalls(rule, 'redis')),
    )
    this.requestsActive = this.requestRules.length > 0 || this.scopeNeeded
    this.releaseHolds((hold) => !hold.rule.live)
    if (Number.isFinite(nextExpiry)) {
      // Requests check expiry themselves; this only takes an expired rule off the lists, so the hot path is a boolean again.
      this.expiryTimer = setTimeout(() => this.rebuild(), Math.min(Math.max(nextExpiry - now, 0) + 1, MAX_TIMER_MS))
      this.expiryTimer.unref()
    }
  }

  private compile(rule: SdkChaosRule): CompiledChaosRule | undefined {
    const existing = this.compiled.get(rule.id)
    // A snapshot brings new objects for unchanged rules: those keep their compiled form and their holds.
    if (existing !== undefined && (existing.rule === rule || JSON.stringify(existing.rule) === JSON.stringify(rule))) return existing
    // A changed rule applies afresh: what the old version held is released.
    if (existing !== undefined) existing.live = false
    const compiled = compileChaosRule(rule)
    if (typeof compiled === 'string') {
      this.compiled.delete(rule.id)
      const key = `${rule.id}@${rule.version}`
      if (!this.refused.has(key)) {
        this.refused.add(key)
        this.logger.warn(`chaos rule ${rule.id} (${rule.name}) is not applied: ${compiled}`)
      }
      return undefined
    }
    this.compiled.set(rule.id, compiled)
    return compiled
  }

  // ---------------------------------------------------------------------------------------
  // What the middleware and the wrappers ask

  /** Whether the rules can inject right now, and why not. */
  status(now = Date.now()): { armed: boolean; reason: string } {
    if (!this.processArmed) return { armed: false, reason: this.arming.reason }
    if (this.closed) return { armed: false, reason: 'the client is closed' }
    if (!isTrusted(this.source, this.options.allowOfflineRules)) {
      return { armed: false, reason: `the rules come from ${this.source ?? 'no'} state, not from the control plane` }
    }
    if (!this.inContact(now)) {
      const silent = Number.isFinite(this.lastContact) ? `for ${((now - this.lastContact) / 1000).toFixed(1)} s` : 'yet'
      return { armed: false, reason: `no contact with the control plane ${silent} (dead-man switch, ${this.options.deadManMs} ms)` }
    }
    return { armed: true, reason: this.arming.reason }
  }

  /** The rules that can inject right now. */
  active(now = Date.now()): SdkChaosRule[] {
    if (!this.inContact(now)) return []
    const rules = new Set([...this.requestRules, ...this.lanes.database.rules, ...this.lanes.redis.rules])
    return [...rules].filter((rule) => rule.live && rule.expiresAt > now).sort(byId).map((rule) => rule.rule)
  }

  inContact(now: number): boolean {
    return !this.needsContact || now - this.lastContact <= this.options.deadManMs
  }

  /** A scope for a request, when wrapped calls need one. */
  scopeFor(method: string, url: string): RequestScope | undefined {
    return this.scopeNeeded ? { method, url, marks: undefined } : undefined
  }

  runInScope(scope: RequestScope, fn: () => void): void {
    this.scopes.run(scope, fn)
  }

  /**
   * The next request fault from `from` on, drawing each matching rule's probability in rule
   * order. random_failure draws that pick a database or Redis failure mark the scope instead
   * (wrapped calls fail for the rest of the request) and the walk goes on.
   */
  nextRequestHit(rules: readonly CompiledChaosRule[], method: string, url: string, from: number, scope: RequestScope | undefined): RequestHit | undefined {
    const now = Date.now()
    if (!this.inContact(now)) return undefined
    for (let i = from; i < rules.length; i++) {
      const rule = rules[i]!
      if (!rule.live || rule.expiresAt <= now || !rule.matches(method, url)) continue
      if (!shouldInject(rule.probability, this.random)) continue
      const kind = rule.type === 'random_failure' ? this.pick(rule.kinds) : (rule.type as ChaosFailureKind)
      if (kind === 'database_failure' || kind === 'redis_failure') {
        if (scope !== undefined) (scope.marks ??= {})[kind === 'database_failure' ? 'database' : 'redis'] = rule
        continue
      }
      return { rule, kind, next: i + 1 }
    }
    return undefined
  }

  /** The rule a wrapped call of `kind` fails by, if any; counts it. */
  callFailure(kind: WrapperKind): CompiledChaosRule | undefined {
    const now = Date.now()
    if (!this.inContact(now)) return undefined
    const scope = this.scopes.getStore()
    const marked = scope?.marks?.[kind]
    if (marked !== undefined && marked.live && marked.expiresAt > now) {
      this.count(marked)
      return marked
    }
    const failure = WRAPPER_FAILURE[kind]
    for (const rule of this.lanes[kind].rules) {
      if (!rule.live || rule.expiresAt <= now) continue
      if (rule.targeted && (scope === undefined || !rule.matches(scope.method, scope.url))) continue
      if (rule.type === 'random_failure') {
        // Inside a request the middleware drew for this rule once, for the whole request.
        if (scope !== undefined) continue
        if (!shouldInject(rule.probability, this.random) || this.pick(rule.kinds) !== failure) continue
      } else if (!shouldInject(rule.probability, this.random)) {
        continue
      }
      this.count(rule)
      return rule
    }
    return undefined
  }

  /** A latency, uniform in [latencyMs, latencyMs + jitterMs]. */
  latencyOf(rule: CompiledChaosRule): number {
    const base = rule.config.latencyMs ?? 0
    const jitter = rule.config.jitterMs ?? 0
    return base + (jitter > 0 ? Math.round(this.random() * jitter) : 0)
  }

  /**
   * Holds a request for `ms`, then calls `done(true)`. When the rule stops (disabled, deleted,
   * changed, expired), the control plane goes silent past the dead-man grace, or the client
   * closes, `done(false)` comes at once instead. The returned function cancels without calling
   * `done` (the caller went away).
   */
  hold(rule: CompiledChaosRule, ms: number, done: (completed: boolean) => void): () => void {
    const hold: Hold = {
      rule,
      done,
      timer: setTimeout(() => {
        this.holds.delete(hold)
        this.stopWatchdog()
        done(true)
      }, ms),
    }
    this.holds.add(hold)
    this.startWatchdog()
    return () => {
      if (!this.holds.delete(hold)) return
      clearTimeout(hold.timer)
      this.stopWatchdog()
    }
  }

  count(rule: CompiledChaosRule): void {
    this.injected.set(rule.id, (this.injected.get(rule.id) ?? 0) + 1)
    this.unreported.set(rule.id, (this.unreported.get(rule.id) ?? 0) + 1)
  }

  /** Injections per rule id since start-up. */
  injectedCounts(): Record<string, number> {
    return Object.fromEntries(this.injected)
  }

  takeCounts(): ChaosCount[] {
    const counts = Array.from(this.unreported, ([ruleId, injected]) => ({ ruleId, injected }))
    this.unreported.clear()
    return counts
  }

  restoreCounts(counts: readonly ChaosCount[]): void {
    for (const { ruleId, injected } of counts) this.unreported.set(ruleId, (this.unreported.get(ruleId) ?? 0) + injected)
  }

  private pick(kinds: readonly ChaosFailureKind[]): ChaosFailureKind {
    return kinds[Math.min(Math.floor(this.random() * kinds.length), kinds.length - 1)]!
  }

  private releaseHolds(which: (hold: Hold) => boolean): void {
    for (const hold of [...this.holds]) {
      if (!which(hold)) continue
      this.holds.delete(hold)
      clearTimeout(hold.timer)
      hold.done(false)
    }
    this.stopWatchdog()
  }

  /** While requests are held, checks the dead-man switch, so a hold cannot outlast it either. */
  private startWatchdog(): void {
    if (this.watchdog !== undefined || !this.needsContact) return
    this.watchdog = setInterval(() => {
      if (!this.inContact(Date.now())) this.releaseHolds(() => true)
    }, Math.max(10, Math.min(1000, Math.floor(this.options.deadManMs / 4))))
    this.watchdog.unref()
  }

  private stopWatchdog(): void {
    if (this.holds.size > 0 || this.watchdog === undefined) return
    clearInterval(this.watchdog)
    this.watchdog = undefined
  }
}
