/**
 * Unleash's client features (the JSON its server serves at `/api/client/features`) mapped to
 * Sluice `rules` flags and segments, so that every context gets the answer Unleash's own
 * client gives it. One feature becomes one flag with the feature's name as its key; each
 * strategy becomes one rule, in order:
 *
 * | Unleash strategy | rule |
 * |---|---|
 * | `default` | no rollout |
 * | `flexibleRollout` | rollout, stickiness, groupId (default the feature name) |
 * | `gradualRolloutUserId` / `SessionId` | rollout sticky on `userId` / `sessionId`, groupId default `""` as Unleash's |
 * | `gradualRolloutRandom` | rollout with stickiness `random` |
 * | `userWithId` | an `IN` constraint on `userId` |
 * | `remoteAddress` | an `IN_CIDR` constraint on `remoteAddress` |
 *
 * A feature with no strategy is on for everyone, as in Unleash (one rule without
 * conditions). Unleash compares rollouts with whole buckets, so a fractional rollout is
 * floored (a bucket of 33 is in at 33.5 and nothing of bucket 34 is), and clamped to 0–100.
 *
 * Where Unleash's client ignores part of a definition, the mapping drops it rather than give
 * it a meaning it never had: `caseInsensitive` on IN/NOT_IN and on number, date, version and
 * CIDR operators; the field a DATE_* constraint names (the client always compares the current
 * time, so the rule reads `currentTime`). What Sluice cannot express is refused with the
 * feature's name and the reason: a custom strategy, a variant override on a field other than
 * `userId`, an operator Sluice does not know, variants that would hash in a different group
 * than the rollout they ride on, more than 100 strategies.
 *
 * Values are carried as they are, parseable or not (Unleash evaluates a bad one as false;
 * so does Sluice). The service still validates what it stores, and refuses what it must.
 */
import { isOperator, LIST_OPERATORS } from './compile-constraint.js'
import { RULES_LIMITS } from './rules-validation.js'
import type { Constraint, Dependency, FlagRules, Rule, SegmentDefinition, Variant } from './types.js'

/** A flag as imported: what the service creates or updates, keyed by the Unleash feature name. */
export type ImportedFlag = Omit<FlagRules, 'archived'> & {
  type: 'rules'
  name: string
  description?: string
  rules: Rule[]
}

export interface UnleashImport {
  flags: ImportedFlag[]
  segments: SegmentDefinition[]
  /** Features (by name) and segments (by the key they would have had) that cannot be expressed, and why. */
  refused: Array<{ kind: 'feature' | 'segment'; name: string; reason: string }>
}

/** The key of the segment imported from Unleash segment `id`: stable across imports. */
export function unleashSegmentKey(id: unknown): string {
  return `unleash-segment-${String(id)}`
}

class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason)
}

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function list(value: unknown, what: string): unknown[] {
  if (value == null) return []
  if (!Array.isArray(value)) refuse(`${what} is not a list`)
  return value
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

/** Unleash's `Number(parameter)` as a whole percentage: NaN is 0, out of range is clamped. */
function percentage(value: unknown): number {
  const n = Number(value)
  if (Number.isNaN(n)) return 0
  return Math.min(100, Math.max(0, Math.floor(n)))
}

/** Operators whose `caseInsensitive` Unleash's client reads. */
const CASE_AWARE = new Set(['STR_CONTAINS', 'STR_STARTS_WITH', 'STR_ENDS_WITH', 'REGEX'])

function mapConstraint(c: unknown, where: string): Constraint {
  if (!isObject(c)) refuse(`${where}: a constraint is not an object`)
  const { contextName, operator } = c
  if (typeof contextName !== 'string' || contextName === '') refuse(`${where}: a constraint has no contextName`)
  if (!isOperator(operator)) refuse(`${where}: operator ${JSON.stringify(operator)} is not one Sluice knows`)
  const isDate = operator === 'DATE_AFTER' || operator === 'DATE_BEFORE'
  const constraint: Constraint = { attribute: isDate ? 'currentTime' : contextName, operator }
  if (LIST_OPERATORS.has(operator)) {
    constraint.values = list(c.values, `${where}: values`).map((v) => {
      if (typeof v !== 'string') refuse(`${where}: a value of ${operator} is not a string`)
      return v
    })
  } else {
    const value = text(c.value)
    if (value !== undefined) constraint.value = value
  }
  if (c.inverted === true) constraint.inverted = true
  if (c.caseInsensitive === true && CASE_AWARE.has(operator)) constraint.caseInsensitive = true
  return constraint
}

/** Unleash's payload (`{ type, value }`) is kept as it is: applications read the same object. */
function mapVariant(v: unknown, where: string): Variant {
  if (!isObject(v)) refuse(`${where}: a variant is not an object`)
  const { name, weight } = v
  if (typeof name !== 'string' || name === '') refuse(`${where}: a variant has no name`)
  const w = Number(weight)
  if (!Number.isSafeInteger(w) || w < 0) refuse(`${where}: variant "${name}" has weight ${JSON.stringify(weight)}`)
  const variant: Variant = { key: name, weight: w }
  if (v.payload !== undefined && v.payload !== null) variant.payload = v.payload
  if (typeof v.stickiness === 'string' && v.stickiness !== '') variant.stickiness = v.stickiness
  const userIds: string[] = []
  for (const o of list(v.overrides, `${where}: overrides of variant "${name}"`)) {
    if (!isObject(o) || o.contextName !== 'userId') {
      refuse(`${where}: variant "${name}" overrides on ${JSON.stringify(isObject(o) ? o.contextName : o)}; Sluice overrides by userId only`)
    }
    for (const id of list(o.values, `${where}: override values`)) if (typeof id === 'string') userIds.push(id)
  }
  if (userIds.length > 0) variant.overrides = [{ userIds }]
  return variant
}

function totalWeight(variants: readonly Variant[]): number {
  return variants.reduce((sum, v) => sum + v.weight, 0)
}

/** A comma-separated parameter, split as Unleash's userWithId and remoteAddress do. */
function commaList(value: unknown): string[] {
  const s = text(value)
  return s ? s.split(/\s*,\s*/) : []
}

function mapStrategy(s: unknown, index: number, feature: string): Rule {
  if (!isObject(s)) refuse(`strategy ${index} is not an object`)
  const name = s.name
  const where = `strategy ${index} (${String(name)})`
  const parameters = isObject(s.parameters) ? s.parameters : {}
  const constraints = list(s.constraints, `${where}: constraints`).map((c) => mapConstraint(c, where))
  const segments = list(s.segments, `${where}: segments`).map(unleashSegmentKey)
  const variants = list(s.variants, `${where}: variants`).map((v) => mapVariant(v, where))

  // The group and stickiness the rollout hashes with, and the rollout; undefined: no rollout.
  let rollout: number | undefined
  let groupId: string | undefined
  let stickiness: string | undefined
  switch (name) {
    case 'default':
      break
    case 'flexibleRollout':
      rollout = percentage(parameters.rollout)
      groupId = text(parameters.groupId) || feature
      stickiness = text(parameters.stickiness) || 'default'
      break
    case 'gradualRolloutUserId':
    case 'gradualRolloutSessionId':
      rollout = percentage(parameters.percentage)
      groupId = text(parameters.groupId) || ''
      stickiness = name === 'gradualRolloutUserId' ? 'userId' : 'sessionId'
      break
    case 'gradualRolloutRandom':
      rollout = percentage(parameters.percentage)
      stickiness = 'random'
      break
    case 'userWithId':
      constraints.push({ attribute: 'userId', operator: 'IN', values: commaList(parameters.userIds) })
      break
    case 'remoteAddress':
      constraints.push({ attribute: 'remoteAddress', operator: 'IN_CIDR', values: commaList(parameters.IPs) })
      break
    default:
      refuse(`${where}: custom strategy ${JSON.stringify(name)} has no Sluice equivalent`)
  }

  const rule: Rule = { id: typeof s.id === 'string' && s.id !== '' ? s.id : `strategy-${index}` }
  const title = text(s.title)
  rule.name = title || String(name)
  if (constraints.length > RULES_LIMITS.constraintsPerRule) refuse(`${where}: more than ${RULES_LIMITS.constraintsPerRule} constraints`)
  if (constraints.length > 0) rule.constraints = constraints
  if (segments.length > 0) rule.segments = segments
  if (rollout !== undefined && rollout < 100) rule.rollout = rollout
  // A rollout only needs its stickiness when it can turn someone off; a named field also turns
  // off a context without it, even at 100%.
  if (stickiness !== undefined && stickiness !== 'default' && (stickiness !== 'random' || rule.rollout !== undefined)) {
    rule.stickiness = stickiness
  }

  if (totalWeight(variants) > 0) {
    // Unleash hashes strategy variants with the raw groupId parameter (absent: "undefined")
    // and sticks them to the first variant's stickiness, else the strategy's.
    const variantGroup = String(parameters.groupId)
    const hashedRollout = rule.rollout !== undefined && rule.rollout > 0 && stickiness !== 'random'
    if (hashedRollout && groupId !== variantGroup) {
      refuse(`${where}: its variants hash in group "${variantGroup}" but its rollout in "${groupId}"; a Sluice rule has one group`)
    }
    groupId = variantGroup
    variants[0] = { ...variants[0]!, stickiness: variants[0]!.stickiness || text(parameters.stickiness) || 'default' }
    rule.variants = variants
  }
  if (groupId !== undefined && groupId !== feature) rule.groupId = groupId
  return rule
}

function mapDependency(d: unknown): Dependency {
  if (!isObject(d) || typeof d.feature !== 'string' || d.feature === '') refuse('a dependency names no feature')
  const dependency: Dependency = { flag: d.feature }
  if (d.enabled === false) dependency.enabled = false
  const variants = list(d.variants, `dependency on "${d.feature}": variants`).filter((v): v is string => typeof v === 'string')
  if (d.enabled !== false && variants.length > 0) dependency.variants = variants
  return dependency
}

function mapFeature(f: Json, name: string): ImportedFlag {
  const strategies = list(f.strategies, 'strategies')
  if (strategies.length > RULES_LIMITS.rules) refuse(`${strategies.length} strategies; Sluice takes at most ${RULES_LIMITS.rules} rules`)
  // No strategy at all: Unleash turns the feature on for everyone.
  const rules = strategies.length === 0 ? [{ id: 'strategy-0', name: 'default' }] : strategies.map((s, i) => mapStrategy(s, i, name))
  const flag: ImportedFlag = { key: name, name, type: 'rules', enabled: f.enabled === true, rules }
  const description = text(f.description)
  if (description) flag.description = description
  const variants = list(f.variants, 'variants').map((v) => mapVariant(v, 'feature variants'))
  if (variants.length > 0) flag.variants = variants
  const dependencies = list(f.dependencies, 'dependencies').map(mapDependency)
  if (dependencies.length > 0) flag.dependencies = dependencies
  return flag
}

function mapSegment(s: unknown): SegmentDefinition {
  if (!isObject(s) || (typeof s.id !== 'number' && typeof s.id !== 'string')) refuse('a segment has no id')
  const key = unleashSegmentKey(s.id)
  const segment: SegmentDefinition = {
    key,
    name: text(s.name) || `Unleash segment ${String(s.id)}`,
    constraints: list(s.constraints, `segment ${String(s.id)}: constraints`).map((c) => mapConstraint(c, `segment ${String(s.id)}`)),
  }
  const description = text(s.description)
  if (description) segment.description = description
  return segment
}

function attempt<T>(kind: 'feature' | 'segment', name: string, refused: UnleashImport['refused'], map: () => T): T | undefined {
  try {
    return map()
  } catch (error) {
    if (!(error instanceof Refusal)) throw error
    refused.push({ kind, name, reason: error.message })
    return undefined
  }
}

/**
 * Maps an Unleash client features response (`{ features, segments? }`) to Sluice flags and
 * segments. Pure: no I/O, the input is not changed. Throws a TypeError only when `body` has
 * no `features` list at all; anything wrong inside a feature refuses that feature.
 */
export function fromUnleash(body: unknown): UnleashImport {
  if (!isObject(body) || !Array.isArray(body.features)) throw new TypeError('an Unleash client features response has a "features" list')
  const result: UnleashImport = { flags: [], segments: [], refused: [] }
  for (const s of Array.isArray(body.segments) ? body.segments : []) {
    const name = isObject(s) && s.id != null ? unleashSegmentKey(s.id) : '(no id)'
    const segment = attempt('segment', name, result.refused, () => mapSegment(s))
    if (segment !== undefined) result.segments.push(segment)
  }
  for (const f of body.features) {
    const name = isObject(f) && typeof f.name === 'string' ? f.name : ''
    const flag = attempt('feature', name || '(unnamed)', result.refused, () => {
      if (!isObject(f) || name === '') refuse('a feature has no name')
      return mapFeature(f, name)
    })
    if (flag !== undefined) result.flags.push(flag)
  }
  return result
}
