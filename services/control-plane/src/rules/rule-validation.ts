/**
 * What a `rules` flag must satisfy beyond its JSON Schema. The engine checks what needs
 * parsing (operators, regexes, numbers, dates, versions, rollouts), so the service refuses
 * exactly what the SDKs could not evaluate; this module names the field of the first problem
 * (`rules[2].constraints[0].value: not a semantic version`), assigns rule ids, and checks
 * what only the database knows: that segments and parent flags exist and that dependencies
 * stay one level deep (which also rules out cycles).
 */
import { randomUUID } from 'node:crypto'
import { constraintProblems, formatProblem, rulesFlagProblems, type Constraint, type Dependency, type Rule, type Variant } from '@sluice/core'
import { BadRequestError, type ErrorCode } from '../errors.js'

function invalid(message: string, code: ErrorCode = 'SLUICE_INVALID_FLAG'): never {
  throw new BadRequestError(message, code)
}

/** Throws a 400 naming the first constraint of a segment the engine could not use (`constraints[0].value: ...`). */
export function checkSegmentConstraints(constraints: readonly Constraint[]): void {
  const [problem] = constraintProblems(constraints, 'constraints')
  if (problem) invalid(`${formatProblem(problem)}`, 'SLUICE_INVALID_SEGMENT')
}

/** A rule as clients send it: the id is optional. */
export type RuleInput = Omit<Rule, 'id'> & { id?: string }

/**
 * Rules with ids: kept when sent, new ones for rules without. Ids are opaque and random, so a
 * new rule can never take the id a canary or a /check reader knows an old rule by.
 */
export function withRuleIds(rules: readonly RuleInput[]): Rule[] {
  return rules.map((rule) => (rule.id === undefined ? { ...rule, id: randomUUID() } : (rule as Rule)))
}

export interface RulesDefinition {
  rules: Rule[]
  dependencies?: Dependency[] | null
  variants?: Variant[] | null
}

/** The engine's checks of a rules flag (operators, values, rollouts, rule ids, variants), as a 400 naming the field. */
export function checkRulesDefinition(key: string, definition: RulesDefinition): void {
  const [problem] = rulesFlagProblems({ key, rules: definition.rules, dependencies: definition.dependencies ?? null, variants: definition.variants ?? null })
  if (problem) invalid(`${formatProblem(problem)}`)
}

/** What reference checks read from the database, inside the writing transaction. */
export interface ReferenceLookups {
  /** The keys among `keys` that exist, share-locked until the transaction ends. */
  existingSegments(keys: string[]): Promise<Set<string>>
  /** The parent's dependencies, or undefined when there is no live flag with that key. */
  parentDependencies(key: string): Promise<Dependency[] | undefined>
  /** The flags that name `key` as their parent. */
  children(key: string): Promise<string[]>
}

/** Throws a 400 naming the first segment or parent flag that does not exist or breaks the one-level rule. */
export async function checkReferences(key: string, definition: RulesDefinition, lookups: ReferenceLookups): Promise<void> {
  const named = [...new Set(definition.rules.flatMap((rule) => rule.segments ?? []))]
  const existing = await lookups.existingSegments(named)
  definition.rules.forEach((rule, i) =>
    rule.segments?.forEach((segment, j) => {
      if (!existing.has(segment)) invalid(`rules[${i}].segments[${j}]: no segment "${segment}"; create it with POST /api/v1/admin/segments first`)
    }),
  )
  const dependencies = definition.dependencies ?? []
  if (dependencies.length === 0) return
  const children = await lookups.children(key)
  if (children.length > 0) {
    invalid(`dependencies: "${key}" is the parent of ${children.map((c) => `"${c}"`).join(', ')}, and dependencies are one level deep, so it cannot have dependencies of its own`)
  }
  for (const [i, dependency] of dependencies.entries()) {
    const field = `dependencies[${i}].flag`
    const parentDependencies = await lookups.parentDependencies(dependency.flag)
    if (!parentDependencies) invalid(`${field}: no flag "${dependency.flag}"`)
    if (parentDependencies.length > 0) {
      const cycle = parentDependencies.some((d) => d.flag === key)
      invalid(`${field}: "${dependency.flag}" has dependencies of its own${cycle ? `, one of them on "${key}" (a cycle)` : ''}; dependencies are one level deep`)
    }
  }
}
