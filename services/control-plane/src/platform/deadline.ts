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
