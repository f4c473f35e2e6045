/**
 * Exponential backoff with jitter (AWS's "full jitter": a uniform draw below the exponential
 * ceiling). Jitter matters more than the curve: after a control-plane restart every SDK
 * reconnects at once, and without it they stay in lockstep on every retry.
 */
export interface BackoffOptions {
  baseMs: number
  capMs: number
  /** `full`: [0, ceiling). `equal`: [ceiling/2, ceiling), for retries that must stay slow. */
  jitter?: 'full' | 'equal'
  random?: () => number
}

export class Backoff {
  baseMs: number
  readonly capMs: number
  private attempt = 0
  private readonly jitter: 'full' | 'equal'
  private readonly random: () => number

  constructor(options: BackoffOptions) {
    this.baseMs = options.baseMs
    this.capMs = options.capMs
    this.jitter = options.jitter ?? 'full'
    this.random = options.random ?? Math.random
  }

  /** The delay before the next attempt; each call doubles the ceiling up to the cap. */
  next(): number {
    // 2 ** 30 already passes any sane cap; stopping there keeps the ceiling finite.
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** Math.min(this.attempt, 30))
    this.attempt++
    const draw = this.random()
    return Math.round(this.jitter === 'equal' ? ceiling / 2 + (draw * ceiling) / 2 : draw * ceiling)
  }

  reset(): void {
    this.attempt = 0
  }

  get attempts(): number {
    return this.attempt
  }
}
