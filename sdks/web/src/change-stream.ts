/**
 * Reads GET /api/v1/client/stream with fetch rather than EventSource, which cannot send an
 * Authorization header. The stream only says "changed, seq N"; each seq newer than the last
 * calls `onChange`. Reconnects with capped, jittered backoff, and stays closed while the page
 * is hidden (OFREP's ADR 0008 inactivity rule): a hidden tab costs the service no connection,
 * and a visible one re-fetches when it reconnects if anything changed meanwhile.
 */
const MAX_BACKOFF_MS = 30_000

export class ChangeStream {
  private controller: AbortController | undefined
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private closed = false

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly onChange: (seq: number) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  open(): void {
    if (this.closed || this.controller) return
    const controller = (this.controller = new AbortController())
    void this.read(controller).catch((error: unknown) => {
      if (controller.signal.aborted) return
      this.onError(error)
      this.controller = undefined
      this.retry()
    })
  }

  /** Closes the connection until `open()`; the page being hidden, or the client closing. */
  pause(): void {
    clearTimeout(this.timer)
    this.controller?.abort()
    this.controller = undefined
  }

  close(): void {
    this.closed = true
    this.pause()
  }

  private retry(): void {
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt++) * (0.5 + Math.random() / 2)
    this.timer = setTimeout(() => this.open(), delay)
  }

  private async read(controller: AbortController): Promise<void> {
    const res = await fetch(this.url, { headers: { ...this.headers, accept: 'text/event-stream' }, signal: controller.signal, cache: 'no-store' })
    if (!res.ok || !res.body) throw new Error(`the change stream answered ${res.status}`)
    this.attempt = 0
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
    let buffered = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) throw new Error('the change stream ended')
      buffered += value
      let end: number
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const seq = /^data: \{"type":"refetchEvaluation","seq":(\d+)\}$/m.exec(buffered.slice(0, end))?.[1]
        buffered = buffered.slice(end + 2)
        if (seq !== undefined) this.onChange(Number(seq))
      }
    }
  }
}
