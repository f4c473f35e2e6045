/**
 * A database or Redis that stops answering without closing its sockets leaves a query waiting
 * for minutes (until TCP gives up). Probes and scrapes must answer anyway, so what they read
 * is given a deadline; the read itself is not cancelled, only no longer waited for.
 */
export class DeadlineExceededError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`)
    this.name = 'DeadlineExceededError'
  }
}

export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(what, ms)), ms)
  })
  try {
    return await Promise.race([work, deadline])
  } finally {
    clearTimeout(timer)
  }
}

/** A point in time work must be done by, on the monotonic clock (wall-clock steps do not move it). */
export class Deadline {
  private readonly at: number

  constructor(readonly budgetMs: number) {
    this.at = performance.now() + budgetMs
  }

  remainingMs(): number {
    return Math.max(0, this.at - performance.now())
  }

  get expired(): boolean {
    return this.remainingMs() === 0
  }

  /**
   * Settles with `work`, or rejects with `onExpiry()` when the deadline comes first. The work
   * keeps running; `onAbandoned` hears how it ended, so nothing it does goes unobserved.
   */
  async race<T>(work: Promise<T>, onExpiry: () => Error, onAbandoned: (outcome: PromiseSettledResult<T>) => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    let abandoned = false
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandoned = true
        reject(onExpiry())
      }, this.remainingMs())
    })
    work.then(
      (value) => abandoned && onAbandoned({ status: 'fulfilled', value }),
      (reason: unknown) => abandoned && onAbandoned({ status: 'rejected', reason }),
    )
    try {
      return await Promise.race([work, expiry])
    } finally {
      clearTimeout(timer)
    }
  }
}
