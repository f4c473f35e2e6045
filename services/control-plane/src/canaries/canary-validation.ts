/**
 * The rules a canary must satisfy beyond its JSON Schema: steps that rise to 100 with the
 * initial percentage among them, and percentages with at most two decimals, as flags have (the
 * canary's percentage is its flag's). Messages name the field the way schema errors do.
 */
import { BadRequestError } from '../errors.js'
import { twoDecimalsProblem } from '../schemas/percent.js'
import type { StartCanaryInput } from './canary-schemas.js'

export function checkPercentage(value: number | undefined, field: string): void {
  const problem = value === undefined ? undefined : twoDecimalsProblem(value, field)
  if (problem) throw new BadRequestError(problem)
}

/** The ramp a start asks for; throws a 400 naming the first problem. */
export function validateStart(input: StartCanaryInput): { steps: number[]; initial: number; stepIndex: number } {
  checkPercentage(input.initialPercentage, 'initialPercentage')
  checkPercentage(input.rollbackThreshold, 'rollbackThreshold')
  const steps = input.steps ?? []
  steps.forEach((step, i) => {
    checkPercentage(step, `steps[${i}]`)
    if (i > 0 && step <= steps[i - 1]!) throw new BadRequestError(`steps: must increase, but step ${i} (${step}) is not above ${steps[i - 1]}`)
  })
  if (steps.length === 0) return { steps, initial: input.initialPercentage ?? 5, stepIndex: 0 }
  if (steps.at(-1) !== 100) throw new BadRequestError('steps: must end at 100, where the canary completes')
  const initial = input.initialPercentage ?? steps[0]!
  const stepIndex = steps.indexOf(initial)
  if (stepIndex < 0) throw new BadRequestError(`initialPercentage: must be one of the steps (${steps.join(', ')}), got ${initial}`)
  return { steps, initial, stepIndex }
}
