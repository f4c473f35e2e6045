/**
 * What the service refuses in a `rules` flag or a segment before storing it, each problem
 * with the exact path of the field (`rules[2].constraints[0].value`) and what is wrong with it
 * (`not a semantic version`). It checks what the engine would otherwise have to treat as
 * false at evaluation time (an unknown operator, a value that does not parse) and the limits
 * of DESIGN §13. What needs other entities (an unknown segment or parent flag, a parent with
 * dependencies of its own) is the service's to check.
 *
 * Every parser used here is the one the engine compiles with, so a definition that passes
 * never evaluates a constraint as "unparseable".
 */
import { isOperator, LIST_OPERATORS } from './compile-constraint.js'
import { parseIpEntry } from './ip.js'
import { regexProblem } from './regex.js'
import { isSemver } from './semver.js'
import { OPERATORS } from './types.js'

export interface DefinitionProblem {
  /** The field, from the flag (or segment) body: `rules[2].constraints[0].value`. */
  path: string
  message: string
}

export const RULES_LIMITS = Object.freeze({ rules: 100, constraintsPerRule: 50, constraintsPerSegment: 50 })

type Sink = (path: string, message: string) => void

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value
}

/** A percentage with at most two decimals: what `fineBucket` thresholds can express exactly. */
export function isRollout(value: unknown): value is number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 100)) return false
  const hundredths = value * 100
  return Math.abs(hundredths - Math.round(hundredths)) < 1e-7
}

function optionalBoolean(value: unknown, path: string, add: Sink): void {
  if (value !== undefined && typeof value !== 'boolean') add(path, `must be true or false, got ${describe(value)}`)
}

function nonEmptyString(value: unknown, path: string, add: Sink): value is string {
  if (typeof value === 'string' && value.trim() !== '') return true
  add(path, value === undefined ? 'is required' : `must be a non-empty string, got ${describe(value)}`)
  return false
}

function checkValue(operator: string, value: unknown, path: string, add: Sink): void {
  if (typeof value !== 'string') {
    add(path, value === undefined ? `is required by ${operator}` : `must be a string, got ${describe(value)}`)
    return
  }
  if (operator.startsWith('NUM_')) {
    if (value.trim() === '' || !Number.isFinite(Number(value))) add(path, `not a number: ${describe(value)}`)
  } else if (operator.startsWith('DATE_')) {
    if (Number.isNaN(Date.parse(value))) add(path, `not a date (ISO 8601, e.g. 2026-01-31T00:00:00Z): ${describe(value)}`)
  } else if (operator.startsWith('SEMVER_')) {
    if (!isSemver(value)) add(path, `not a semantic version (MAJOR.MINOR.PATCH[-prerelease][+build]): ${describe(value)}`)
  } else if (operator === 'REGEX') {
    const problem = regexProblem(value)
    if (problem !== undefined) add(path, `regex does not compile: ${problem}`)
  }
}

function checkValues(operator: string, values: unknown, path: string, add: Sink): void {
  if (!Array.isArray(values)) {
    add(path, values === undefined ? `is required by ${operator}: a list of strings` : `must be a list of strings, got ${describe(values)}`)
    return
  }
  values.forEach((value, i) => {
    if (typeof value !== 'string') add(`${path}[${i}]`, `must be a string, got ${describe(value)}`)
    else if (operator === 'IN_CIDR' && value.trim() !== '' && parseIpEntry(value.trim()) === null) {
      add(`${path}[${i}]`, `not an IPv4 or IPv6 address or CIDR range: ${describe(value)}`)
    }
  })
}

function checkConstraint(constraint: unknown, path: string, add: Sink): void {
  if (!isObject(constraint)) {
    add(path, `must be an object, got ${describe(constraint)}`)
    return
  }
  nonEmptyString(constraint.attribute, `${path}.attribute`, add)
  optionalBoolean(constraint.inverted, `${path}.inverted`, add)
  optionalBoolean(constraint.caseInsensitive, `${path}.caseInsensitive`, add)
  const { operator } = constraint
  if (!isOperator(operator)) {
    add(`${path}.operator`, `unknown operator ${describe(operator)} (one of ${OPERATORS.join(', ')})`)
    return
  }
  if (LIST_OPERATORS.has(operator)) {
    if (constraint.value !== undefined) add(`${path}.value`, `${operator} reads "values", a list, not "value"`)
    checkValues(operator, constraint.values, `${path}.values`, add)
  } else {
    if (constraint.values !== undefined) add(`${path}.values`, `${operator} reads "value", a single string, not "values"`)
    checkValue(operator, constraint.value, `${path}.value`, add)
  }
}

function checkConstraintList(constraints: unknown, max: number, path: string, add: Sink): void {
  if (constraints === undefined) return
  if (!Array.isArray(constraints)) {
    add(path, `must be a list of constraints, got ${describe(constraints)}`)
    return
  }
  if (constraints.length > max) add(path, `at most ${max} constraints, got ${constraints.length}`)
  constraints.forEach((c, i) => checkConstraint(c, `${path}[${i}]`, add))
}

/** Problems with a segment's (or any) list of constraints; paths start with `prefix` (default `constraints`). */
export function constraintProblems(constraints: unknown, prefix = 'constraints'): DefinitionProblem[] {
  const problems: DefinitionProblem[] = []
  const add: Sink = (path, message) => problems.push({ path, message })
  if (constraints === undefined) add(prefix, 'is required: a list of constraints')
  else checkConstraintList(constraints, RULES_LIMITS.constraintsPerSegment, prefix, add)
  return problems
}

function checkStringList(value: unknown, path: string, add: Sink, what: string): void {
  if (value === undefined) return
  if (!Array.isArray(value)) {
    add(path, `must be a list of ${what}, got ${describe(value)}`)
    return
  }
  const seen = new Set<string>()
  value.forEach((item, i) => {
    if (!nonEmptyString(item, `${path}[${i}]`, add)) return
    if (seen.has(item)) add(`${path}[${i}]`, `${describe(item)} is listed twice`)
    seen.add(item)
  })
}

/** Problems with a list of variants (a flag's or a rule's): keys, weights, stickiness, overrides. */
export function variantProblems(variants: unknown, prefix = 'variants'): DefinitionProblem[] {
  const problems: DefinitionProblem[] = []
  checkVariants(variants, prefix, (path, message) => problems.push({ path, message }))
  return problems
}

function checkVariants(variants: unknown, path: string, add: Sink): void {
  if (variants === undefined || variants === null) return
  if (!Array.isArray(variants)) {
    add(path, `must be a list of variants, got ${describe(variants)}`)
    return
  }
  const keys = new Set<string>()
  variants.forEach((v, i) => {
    const at = `${path}[${i}]`
    if (!isObject(v)) {
      add(at, `must be an object, got ${describe(v)}`)
      return
    }
    if (nonEmptyString(v.key, `${at}.key`, add)) {
      if (keys.has(v.key)) add(`${at}.key`, `${describe(v.key)} is used by two variants`)
      keys.add(v.key)
    }
    if (typeof v.weight !== 'number' || !Number.isSafeInteger(v.weight) || v.weight < 0) {
      add(`${at}.weight`, `must be a whole number, 0 or more, got ${describe(v.weight)}`)
    }
    if (v.stickiness !== undefined) nonEmptyString(v.stickiness, `${at}.stickiness`, add)
    if (v.overrides !== undefined) {
      if (!Array.isArray(v.overrides)) add(`${at}.overrides`, `must be a list, got ${describe(v.overrides)}`)
      else v.overrides.forEach((o, j) => checkStringList(isObject(o) ? o.userIds : o, `${at}.overrides[${j}].userIds`, add, 'user ids'))
    }
  })
}

function checkRule(rule: unknown, path: string, add: Sink): void {
  if (!isObject(rule)) {
    add(path, `must be an object, got ${describe(rule)}`)
    return
  }
  if (rule.id !== undefined) nonEmptyString(rule.id, `${path}.id`, add)
  if (rule.name !== undefined && typeof rule.name !== 'string') add(`${path}.name`, `must be a string, got ${describe(rule.name)}`)
  checkConstraintList(rule.constraints, RULES_LIMITS.constraintsPerRule, `${path}.constraints`, add)
  checkStringList(rule.segments, `${path}.segments`, add, 'segment keys')
  if (rule.rollout !== undefined && !isRollout(rule.rollout)) {
    add(`${path}.rollout`, `must be a percentage from 0 to 100 with at most two decimals, got ${describe(rule.rollout)}`)
  }
  if (rule.stickiness !== undefined) nonEmptyString(rule.stickiness, `${path}.stickiness`, add)
  if (rule.groupId !== undefined && typeof rule.groupId !== 'string') add(`${path}.groupId`, `must be a string, got ${describe(rule.groupId)}`)
  checkVariants(rule.variants, `${path}.variants`, add)
}

function checkDependencies(key: string | undefined, dependencies: unknown, add: Sink): void {
  if (dependencies === undefined || dependencies === null) return
  if (!Array.isArray(dependencies)) {
    add('dependencies', `must be a list, got ${describe(dependencies)}`)
    return
  }
  const parents = new Set<string>()
  dependencies.forEach((d, i) => {
    const at = `dependencies[${i}]`
    if (!isObject(d)) {
      add(at, `must be an object, got ${describe(d)}`)
      return
    }
    if (nonEmptyString(d.flag, `${at}.flag`, add)) {
      if (d.flag === key) add(`${at}.flag`, 'a flag cannot depend on itself')
      if (parents.has(d.flag)) add(`${at}.flag`, `${describe(d.flag)} is listed twice`)
      parents.add(d.flag)
    }
    optionalBoolean(d.enabled, `${at}.enabled`, add)
    checkStringList(d.variants, `${at}.variants`, add, 'variant keys')
    if (d.enabled === false && Array.isArray(d.variants) && d.variants.length > 0) {
      add(`${at}.variants`, 'variants apply only to a parent that must be on (enabled: true)')
    }
  })
}

/**
 * Problems with the parts of a `rules` flag the engine reads: `rules` (1..100, each with at
 * most 50 constraints), the flag's and each rule's `variants`, and `dependencies` (no flag
 * depends on itself, `key` being the flag's own). An empty list means the definition is good.
 */
export function rulesFlagProblems(flag: { key?: string; rules?: unknown; dependencies?: unknown; variants?: unknown }): DefinitionProblem[] {
  const problems: DefinitionProblem[] = []
  const add: Sink = (path, message) => problems.push({ path, message })
  const { rules } = flag
  if (!Array.isArray(rules)) {
    add('rules', rules === undefined || rules === null ? 'is required: a list of 1 to 100 rules' : `must be a list of rules, got ${describe(rules)}`)
  } else {
    if (rules.length === 0 || rules.length > RULES_LIMITS.rules) add('rules', `must hold 1 to ${RULES_LIMITS.rules} rules, got ${rules.length}`)
    const ids = new Map<string, number>()
    rules.forEach((rule, i) => {
      checkRule(rule, `rules[${i}]`, add)
      const id = isObject(rule) ? rule.id : undefined
      if (typeof id !== 'string' || id === '') return
      const first = ids.get(id)
      if (first !== undefined) add(`rules[${i}].id`, `${describe(id)} is already the id of rules[${first}]`)
      else ids.set(id, i)
    })
  }
  checkVariants(flag.variants, 'variants', add)
  checkDependencies(flag.key, flag.dependencies, add)
  return problems
}

/** `rules[2].constraints[0].value: not a semantic version`: one line per problem, for messages and logs. */
export function formatProblem(problem: DefinitionProblem): string {
  return `${problem.path}: ${problem.message}`
}
