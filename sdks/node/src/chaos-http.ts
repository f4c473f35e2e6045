/**
 * Request faults, for the Fastify plugin and the Express middleware alike: the rules whose
 * target matches the request are drawn in rule-id order, so two runs with the same random
 * source inject the same faults. A latency rule delays the request and the walk goes on; an
 * error or timeout rule ends it (the first one that fires). random_failure picks one of its
 * kinds per hit; a database or Redis kind makes the request's wrapped calls of that kind fail
 * (through the request scope) rather than touching the HTTP exchange.
 *
 * Nothing here allocates a promise: a request that draws no fault goes on synchronously.
 */
import { STATUS_CODES } from 'node:http'
import type { ChaosEngine, RequestScope } from './chaos.js'
import { CHAOS_CONFIG_DEFAULTS } from '@sluice/core'

export const CHAOS_HEADER = 'x-sluice-chaos'

/** The framework's side of one request. */
export interface ChaosExchange {
  /** Answers with the fault's status and a JSON body `{ statusCode, error, message }`, with the `x-sluice-chaos` header. */
  respond(statusCode: number, body: ChaosErrorBody, ruleId: string): void
  /** Carries on: the next hook or middleware, then the route. */
  proceed(): void
  /** Calls `fn` if the client goes away; returns a function that stops listening. */
  onAbort(fn: () => void): () => void
}

export interface ChaosErrorBody {
  statusCode: number
  error: string
  message: string
}

function errorBody(statusCode: number, message: string): ChaosErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message }
}

/** Applies the armed request rules to one request; calls `exchange.proceed()` unless a fault answered. */
export function applyRequestChaos(engine: ChaosEngine, method: string, url: string, exchange: ChaosExchange): void {
  const rules = engine.requestRules
  const scope = engine.scopeFor(method, url)
  const proceed = scope === undefined ? () => exchange.proceed() : () => engine.runInScope(scope, () => exchange.proceed())
  step(engine, rules, method, url, 0, scope, exchange, proceed)
}

function step(
  engine: ChaosEngine,
  rules: ChaosEngine['requestRules'],
  method: string,
  url: string,
  from: number,
  scope: RequestScope | undefined,
  exchange: ChaosExchange,
  proceed: () => void,
): void {
  const hit = engine.nextRequestHit(rules, method, url, from, scope)
  if (hit === undefined) {
    proceed()
    return
  }
  const { rule, kind, next } = hit
  engine.count(rule)
  if (kind === 'error') {
    const statusCode = rule.config.statusCode ?? 500
    exchange.respond(statusCode, errorBody(statusCode, rule.config.message ?? CHAOS_CONFIG_DEFAULTS.errorMessage), rule.id)
    return
  }
  const timeout = kind === 'timeout'
  const ms = timeout ? (rule.config.timeoutMs ?? 30_000) : engine.latencyOf(rule)
  let stopListening: (() => void) | undefined
  const cancel = engine.hold(rule, ms, (completed) => {
    stopListening?.()
    if (timeout && completed) {
      exchange.respond(504, errorBody(504, `Injected timeout: no answer within ${ms} ms (Sluice chaos)`), rule.id)
      return
    }
    // Held in full (latency), or released early because the rule stopped: the request goes on.
    step(engine, rules, method, url, next, scope, exchange, proceed)
  })
  stopListening = exchange.onAbort(cancel)
}
