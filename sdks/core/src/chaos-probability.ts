/**
 * Whether one request gets a rule's fault. Probabilities have two decimals (0.01% steps), so
 * the draw is an integer out of 10 000 compared with the probability in hundredths: exact at
 * the edges (0 never fires whatever the generator returns, 100 always does) and free of the
 * float surprises of `random() * 100 < probability` (0.29 * 100 is 28.999999999999996).
 */
export type RandomSource = () => number

export function shouldInject(probability: number, random: RandomSource = Math.random): boolean {
  if (!(probability > 0)) return false
  if (probability >= 100) return true
  return Math.floor(random() * 10_000) < Math.round(probability * 100)
}
