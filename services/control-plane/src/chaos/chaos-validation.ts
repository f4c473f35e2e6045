/**
 * The rules a chaos rule must satisfy beyond its JSON Schema: a config that fits its type
 * (with every default filled in), a target the SDKs can match, a two-decimal probability and
 * an expiry in the future. Messages name the field the way schema errors do
 * (`config.latencyMs: is required for latency rules`), so a client reads one style of
 * error whichever check caught the problem.
 */
import { chaosTargetProblem, resolveChaosConfig, type ChaosConfig, type ChaosStopOn, type ChaosType } from '@sluice/core'
import { BadRequestError } from '../errors.js'
import { twoDecimalsProblem } from '../schemas/percent.js'

/** A rule as an admin describes it, before checks and defaults. */
export interface ChaosRuleDefinition {
  name: string
  type: ChaosType
  enabled: boolean
  probability: number
  target?: string | null
  config?: unknown
  /** ISO 8601 from the API. */
  expiresAt?: string | null
  stopOn?: ChaosStopOn | null
}

/** A definition that passed every check: the config complete, the target trimmed, the expiry a Date. */
export interface ValidChaosRule {
  name: string
  type: ChaosType
  enabled: boolean
  probability: number
  target: string | null
  config: ChaosConfig
  expiresAt: Date | null
  stopOn: ChaosStopOn | null
}

function invalid(message: string): never {
  throw new BadRequestError(message, 'SLUICE_INVALID_CHAOS_RULE')
}

function checkProbability(probability: number): void {
  const problem = twoDecimalsProblem(probability, 'probability')
  if (problem) invalid(problem)
}

function checkTarget(target: string | null | undefined): string | null {
  if (target == null) return null
  const problem = chaosTargetProblem(target)
  if (problem) invalid(`target: ${problem}, got ${JSON.stringify(target)}`)
  return target.trim()
}

function checkConfig(type: ChaosType, config: unknown): ChaosConfig {
  const resolved = resolveChaosConfig(type, config)
  if (resolved.ok) return resolved.config
  invalid(resolved.field === undefined ? `config: ${resolved.problem}` : `config.${resolved.field}: ${resolved.problem}`)
}

export interface ExpiryCheck {
  now: Date
  /** Whether the request sets expiresAt; an expiry it does not touch is only checked when the rule stays enabled. */
  expiresAtGiven: boolean
}

function checkExpiry(definition: ChaosRuleDefinition, { now, expiresAtGiven }: ExpiryCheck): Date | null {
  if (definition.expiresAt == null) return null
  const expiresAt = new Date(definition.expiresAt)
  if (Number.isNaN(expiresAt.getTime())) invalid(`expiresAt: must be an ISO 8601 date-time, got ${JSON.stringify(definition.expiresAt)}`)
  if (expiresAt.getTime() > now.getTime()) return expiresAt
  if (expiresAtGiven) invalid(`expiresAt: must be in the future, got ${expiresAt.toISOString()} (now ${now.toISOString()})`)
  if (definition.enabled) {
    invalid(`expiresAt: passed at ${expiresAt.toISOString()}; send a future expiresAt (or null) to enable this rule again`)
  }
  return expiresAt
}

/** Throws a 400 naming the first problem; what it returns is safe to store. */
export function validateChaosRule(definition: ChaosRuleDefinition, expiry: ExpiryCheck): ValidChaosRule {
  checkProbability(definition.probability)
  return {
    name: definition.name,
    type: definition.type,
    enabled: definition.enabled,
    probability: definition.probability,
    target: checkTarget(definition.target),
    config: checkConfig(definition.type, definition.config),
    expiresAt: checkExpiry(definition, expiry),
    stopOn: definition.stopOn ?? null,
  }
}
