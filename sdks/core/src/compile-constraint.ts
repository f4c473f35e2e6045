/**
 * A constraint compiled into a test of a context, with Unleash's semantics (its Node client's
 * `strategy.ts`, which the client specification pins down):
 *
 * * List values are trimmed and empty ones dropped, once, here. IN/NOT_IN look the context
 *   value up in a Set (of lower-cased values when `caseInsensitive`), IN_CIDR in the parsed
 *   ranges of ip.ts; a range that does not parse is skipped, as Unleash does.
 * * Single values are parsed once: the number, the date, the version, the regex.
 * * A missing attribute fails every operator but NOT_IN, which holds.
 * * A value that does not parse makes the operator false (and the context value likewise:
 *   `NUM_GT` on `"abc"` is false). `inverted` then negates the operator's answer, missing
 *   attribute and unparseable value included, exactly as Unleash's `!evaluator(...)`.
 * * An operator the engine does not know, or a constraint that is not one at all, is false
 *   whatever `inverted` says: an SDK older than a rule turns it off.
 *
 * Tests allocate nothing, with two exceptions that Unleash shares: a number or boolean
 * attribute read as text, and a `caseInsensitive` comparison of a context value that is not
 * already lower-case ASCII (one lower-cased copy).
 */
import { attributeReader, numberOf, textOf, timeReader } from './attributes.js'
import { compileIpMatcher, type IpRange, parseIpEntry } from './ip.js'
import { compileRegex } from './regex.js'
import { compareWithSemver, parseSemver } from './semver.js'
import { type Constraint, type Operator, OPERATORS } from './types.js'

/** Whether a context meets a constraint. Never throws on a context of the documented shape. */
export type ConstraintTest = (ctx: unknown) => boolean

export interface CompiledConstraint {
  readonly attribute: string
  /** The operator as written, known or not. */
  readonly operator: string
  readonly test: ConstraintTest
}

const FALSE: ConstraintTest = () => false
const KNOWN = new Set<string>(OPERATORS)

export function isOperator(value: unknown): value is Operator {
  return typeof value === 'string' && KNOWN.has(value)
}

/** Unleash's `cleanValues`: strings only, trimmed, empty ones dropped. Undefined when `values` is not a list of strings. */
export function cleanValues(values: unknown): string[] | undefined {
  if (values == null) return []
  if (!Array.isArray(values)) return undefined
  const clean: string[] = []
  for (const value of values) {
    if (typeof value !== 'string') return undefined
    const trimmed = value.trim()
    if (trimmed !== '') clean.push(trimmed)
  }
  return clean
}

/** `s` lower-cased, without a copy when it already is lower-case ASCII (the common case). */
function lower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if ((c >= 65 && c <= 90) || c > 127) return s.toLowerCase()
  }
  return s
}

function lowerOrUndefined(s: string | undefined): string | undefined {
  return s === undefined ? undefined : lower(s)
}

function listTest(operator: Operator, attribute: string, values: string[], caseInsensitive: boolean): ConstraintTest {
  const read = attributeReader(attribute)
  switch (operator) {
    case 'IN':
    case 'NOT_IN': {
      const set = new Set(caseInsensitive ? values.map((v) => v.toLowerCase()) : values)
      const holdsWhenIn = operator === 'IN'
      return (ctx) => {
        const value = textOf(read(ctx))
        const isIn = value !== undefined && set.has(caseInsensitive ? lower(value) : value)
        return isIn === holdsWhenIn
      }
    }
    case 'STR_STARTS_WITH':
    case 'STR_ENDS_WITH':
    case 'STR_CONTAINS': {
      const wanted = caseInsensitive ? values.map((v) => v.toLowerCase()) : values
      const n = wanted.length
      const textToTest = caseInsensitive ? (ctx: unknown) => lowerOrUndefined(textOf(read(ctx))) : (ctx: unknown) => textOf(read(ctx))
      // One closure per operator: a call site that always calls the same string method stays fast.
      if (operator === 'STR_STARTS_WITH') {
        return (ctx) => {
          const value = textToTest(ctx)
          if (value !== undefined) for (let i = 0; i < n; i++) if (value.startsWith(wanted[i]!)) return true
          return false
        }
      }
      if (operator === 'STR_ENDS_WITH') {
        return (ctx) => {
          const value = textToTest(ctx)
          if (value !== undefined) for (let i = 0; i < n; i++) if (value.endsWith(wanted[i]!)) return true
          return false
        }
      }
      return (ctx) => {
        const value = textToTest(ctx)
        if (value !== undefined) for (let i = 0; i < n; i++) if (value.includes(wanted[i]!)) return true
        return false
      }
    }
    case 'IN_CIDR': {
      const ranges: IpRange[] = []
      for (const value of values) {
        const range = parseIpEntry(value)
        if (range !== null) ranges.push(range)
      }
      if (ranges.length === 0) return FALSE
      const matches = compileIpMatcher(ranges)
      return (ctx) => matches(textOf(read(ctx)))
    }
    default:
      return FALSE
  }
}

function valueTest(operator: Operator, attribute: string, raw: unknown, caseInsensitive: boolean): ConstraintTest {
  const read = attributeReader(attribute)
  switch (operator) {
    case 'NUM_EQ':
    case 'NUM_GT':
    case 'NUM_GTE':
    case 'NUM_LT':
    case 'NUM_LTE': {
      // Number(), like Unleash: " 42 " is 42, "" is 0, "4x" is not a number.
      const value = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : NaN
      if (Number.isNaN(value)) return FALSE
      switch (operator) {
        case 'NUM_EQ':
          return (ctx) => numberOf(read(ctx)) === value
        case 'NUM_GT':
          return (ctx) => numberOf(read(ctx)) > value
        case 'NUM_GTE':
          return (ctx) => numberOf(read(ctx)) >= value
        case 'NUM_LT':
          return (ctx) => numberOf(read(ctx)) < value
        default:
          return (ctx) => numberOf(read(ctx)) <= value
      }
    }
    case 'DATE_AFTER':
    case 'DATE_BEFORE': {
      const value = typeof raw === 'string' ? Date.parse(raw) : NaN
      if (Number.isNaN(value)) return FALSE
      const time = timeReader(attribute)
      return operator === 'DATE_AFTER' ? (ctx) => time(ctx) > value : (ctx) => time(ctx) < value
    }
    case 'SEMVER_EQ':
    case 'SEMVER_GT':
    case 'SEMVER_GTE':
    case 'SEMVER_LT':
    case 'SEMVER_LTE': {
      const target = typeof raw === 'string' ? parseSemver(raw) : undefined
      if (target === undefined) return FALSE
      const [low, high] = SEMVER_ACCEPTS[operator]
      return (ctx) => {
        const value = textOf(read(ctx))
        // Unleash refuses a context version written with a leading `v`, and an empty one.
        if (value === undefined || value === '' || value.charCodeAt(0) === 118) return false
        const c = compareWithSemver(value, target)
        return c >= low && c <= high
      }
    }
    case 'REGEX': {
      const regex = compileRegex(raw, caseInsensitive)
      if (regex === undefined) return FALSE
      return (ctx) => {
        const value = textOf(read(ctx))
        return value !== undefined && regex.test(value)
      }
    }
    default:
      return FALSE
  }
}

/** The comparison results (-1, 0, 1) each SEMVER operator accepts, as [lowest, highest]; NaN fails both bounds. */
const SEMVER_ACCEPTS = {
  SEMVER_EQ: [0, 0],
  SEMVER_GT: [1, 1],
  SEMVER_GTE: [0, 1],
  SEMVER_LT: [-1, -1],
  SEMVER_LTE: [-1, 0],
} as const

/** The operators that read `values`; the others read `value`. */
export const LIST_OPERATORS: ReadonlySet<Operator> = new Set<Operator>(['IN', 'NOT_IN', 'STR_CONTAINS', 'STR_STARTS_WITH', 'STR_ENDS_WITH', 'IN_CIDR'])

/** The operator's test; undefined when `values` is not a list of strings, which is no constraint at all. */
function operatorTest(c: Record<string, unknown>, operator: Operator, attribute: string): ConstraintTest | undefined {
  const caseInsensitive = c.caseInsensitive === true
  if (LIST_OPERATORS.has(operator)) {
    const values = cleanValues(c.values)
    return values === undefined ? undefined : listTest(operator, attribute, values, caseInsensitive)
  }
  return valueTest(operator, attribute, c.value, caseInsensitive)
}

/** Compiles one constraint. Never throws: anything malformed compiles to a test that is always false. */
export function compileConstraint(constraint: Constraint | unknown): CompiledConstraint {
  if (constraint === null || typeof constraint !== 'object') return { attribute: '', operator: '', test: FALSE }
  try {
    const c = constraint as Record<string, unknown>
    const attribute = typeof c.attribute === 'string' ? c.attribute : ''
    const operator = typeof c.operator === 'string' ? c.operator : ''
    if (attribute === '' || !isOperator(operator)) return { attribute, operator, test: FALSE }
    const test = operatorTest(c, operator, attribute)
    if (test === undefined) return { attribute, operator, test: FALSE }
    if (c.inverted !== true) return { attribute, operator, test }
    return { attribute, operator, test: (ctx) => !test(ctx) }
  } catch {
    // Only a definition with throwing getters gets here.
    return { attribute: '', operator: '', test: FALSE }
  }
}
