/** Waits until `condition` holds, polling; throws naming `what` when it has not by the deadline. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
