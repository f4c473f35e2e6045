/**
 * Evaluation never throws. The helpers for tests and tools (hashing, buckets) do, when called
 * with arguments they cannot mean anything for, rather than hash `"undefined"`.
 */
export class InvalidArgumentError extends TypeError {
  readonly code = 'SLUICE_INVALID_ARGUMENT'

  constructor(argument: string, expected: string, got: unknown) {
    super(`${argument} must be ${expected}, got ${describe(got)}`)
    this.name = 'InvalidArgumentError'
  }
}

export function checkString(argument: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new InvalidArgumentError(argument, 'a string', value)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  return typeof value
}
