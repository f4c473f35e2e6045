/**
 * OpenFeature's evaluation context to Sluice's (docs/api.md, "Evaluation"), in one place for
 * the OpenFeature provider and the service's OFREP endpoints, which receive the same context
 * as JSON. OpenFeature merges the global, transaction, client and invocation contexts into one
 * flat record of anything JSON-like, so every field is read without trust: a value of the
 * wrong type is left out, never thrown on.
 *
 * `targetingKey` is OpenFeature's subject identifier, so it wins over a `userId` attribute,
 * which is read only when there is no targeting key. `appName`, `environment` and
 * `currentTime` are the context's own fields (rules constrain them by those names); every
 * other string, number or boolean is an attribute, so `plan: 'pro'` meets a rule on `plan`.
 */
import type { EvaluationContext } from './types.js'

type Attributes = NonNullable<EvaluationContext['attributes']>

/** Read into the context's own fields, so they are not repeated in `attributes`. */
const IDENTITY_FIELDS: ReadonlySet<string> = new Set(['targetingKey', 'userId', 'sessionId', 'ip', 'ipAddress', 'appName', 'environment', 'currentTime'])

export function fromOpenFeatureContext(context: unknown): EvaluationContext {
  const result: EvaluationContext = {}
  if (typeof context !== 'object' || context === null) return result
  try {
    const fields = context as Record<string, unknown>
    const userId = idOf(fields.targetingKey) ?? idOf(fields.userId)
    const sessionId = idOf(fields.sessionId)
    const ip = idOf(fields.ip) ?? idOf(fields.ipAddress)
    if (userId !== undefined) result.userId = userId
    if (sessionId !== undefined) result.sessionId = sessionId
    if (ip !== undefined) result.ip = ip
    const appName = idOf(fields.appName)
    const environment = idOf(fields.environment)
    const currentTime = timeOf(fields.currentTime)
    if (appName !== undefined) result.appName = appName
    if (environment !== undefined) result.environment = environment
    if (currentTime !== undefined) result.currentTime = currentTime

    let attributes: Attributes | undefined
    for (const key of Object.keys(fields)) {
      if (IDENTITY_FIELDS.has(key)) continue
      const value = fields[key]
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue
      // No prototype: an attribute named "__proto__" or "constructor" is just an attribute.
      attributes ??= Object.create(null) as Attributes
      attributes[key] = value
    }
    if (attributes !== undefined) result.attributes = attributes
  } catch {
    // A throwing getter or proxy: evaluate with what could be read rather than fail the call.
  }
  return result
}

/** The time DATE_* constraints compare with: a valid Date or a non-empty string (the engine parses it). */
function timeOf(value: unknown): string | Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** An id as the engine reads ids: a non-empty string, or a finite number as its decimal text. */
function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}
