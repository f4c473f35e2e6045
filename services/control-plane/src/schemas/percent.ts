/**
 * Percentages and probabilities are stored with two decimals (`percent` in db/schema/columns.ts),
 * so a third decimal would be rounded away in silence: 5.004% stored as 5% while the answer and
 * the history said 5.004%. Every capability refuses it instead, with the same message.
 */

/** The message for a value with more than two decimals, or undefined when it has at most two. */
export function twoDecimalsProblem(value: number, field: string): string | undefined {
  // The tolerance absorbs binary floating point: 0.07 × 100 is 7.000000000000001.
  const hundredths = value * 100
  return Math.abs(hundredths - Math.round(hundredths)) > 1e-6 ? `${field}: must have at most two decimals, got ${value}` : undefined
}
