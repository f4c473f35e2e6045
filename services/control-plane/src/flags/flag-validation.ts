/**
 * The rules a flag definition must satisfy beyond its JSON Schema: fields that fit its type,
 * two-decimal percentages, parseable and unique IP entries, unique user ids and variant keys.
 * Messages name the field the way schema errors do (`ips[2]: ...`), so a client reads one
 * style of error whichever check caught the problem.
 */
import { isValidIpEntry, type FlagRules, type FlagType, type Variant } from '@sluice/core'
import { BadRequestError } from '../errors.js'
import { twoDecimalsProblem } from '../schemas/percent.js'
import { checkRulesDefinition } from '../rules/rule-validation.js'

/** What an admin defines about a flag: its rules and names, without identity or bookkeeping. */
export type FlagDefinition = Omit<FlagRules, 'key' | 'archived'> & { name: string; description?: string | null; tags?: readonly string[] | null }

/** Fields only some types use; a field outside its type is a mistake worth a 400. */
export const TYPE_FIELDS = {
  percentage: ['percentage'],
  stickiness: ['percentage'],
  userIds: ['user_targeting'],
  ips: ['ip_targeting'],
  rules: ['rules'],
  dependencies: ['rules'],
} as const satisfies Record<string, readonly FlagType[]>

type TypedField = keyof typeof TYPE_FIELDS

function invalid(message: string): never {
  throw new BadRequestError(message, 'SLUICE_INVALID_FLAG')
}

export function fieldsOutsideType(definition: Partial<FlagDefinition>, type: FlagType): TypedField[] {
  return (Object.keys(TYPE_FIELDS) as TypedField[]).filter(
    (field) => definition[field] != null && !(TYPE_FIELDS[field] as readonly FlagType[]).includes(type),
  )
}

function checkPercentage(percentage: number | null | undefined): void {
  const problem = percentage == null ? undefined : twoDecimalsProblem(percentage, 'percentage')
  if (problem) invalid(problem)
}

function firstDuplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>()
  for (const value of values) {
    if (seen.has(value)) return value
    seen.add(value)
  }
  return undefined
}

function checkUserIds(userIds: readonly string[] | null | undefined, field: string): void {
  if (!userIds) return
  const blank = userIds.findIndex((id) => id.trim() === '')
  if (blank >= 0) invalid(`${field}[${blank}]: must not be blank`)
  const duplicate = firstDuplicate(userIds)
  if (duplicate !== undefined) invalid(`${field}: lists "${duplicate}" more than once`)
}

function checkIps(ips: readonly string[] | null | undefined): void {
  if (!ips) return
  ips.forEach((entry, i) => {
    if (!isValidIpEntry(entry)) invalid(`ips[${i}]: is not an IPv4 or IPv6 address or CIDR range: "${entry}"`)
  })
  const duplicate = firstDuplicate(ips)
  if (duplicate !== undefined) invalid(`ips: lists "${duplicate}" more than once`)
}

function checkVariants(variants: readonly Variant[] | null | undefined): void {
  if (!variants) return
  const duplicateKey = firstDuplicate(variants.map((v) => v.key))
  if (duplicateKey !== undefined) invalid(`variants: has two variants with the key "${duplicateKey}"`)
  const overridden = new Map<string, string>()
  variants.forEach((variant, i) => {
    variant.overrides?.forEach((override, j) => {
      checkUserIds(override.userIds, `variants[${i}].overrides[${j}].userIds`)
      for (const userId of override.userIds) {
        const other = overridden.get(userId)
        if (other !== undefined && other !== variant.key) {
          invalid(`variants: overrides put user "${userId}" in both "${other}" and "${variant.key}"`)
        }
        overridden.set(userId, variant.key)
      }
    })
  })
}

/** Throws a 400 naming the first problem; a definition that returns is safe to store. */
export function validateFlagDefinition(definition: FlagDefinition & { key: string }): void {
  const [stray] = fieldsOutsideType(definition, definition.type)
  if (stray) {
    invalid(`${stray}: does not apply to ${definition.type} flags (it belongs to ${TYPE_FIELDS[stray].join(', ')} flags)`)
  }
  checkPercentage(definition.percentage)
  checkUserIds(definition.userIds, 'userIds')
  checkIps(definition.ips)
  checkVariants(definition.variants)
  if (definition.type === 'rules') {
    if (!definition.rules?.length) invalid('rules: is required for rules flags: at least one rule')
    checkRulesDefinition(definition.key, { rules: definition.rules, dependencies: definition.dependencies, variants: definition.variants })
  }
}
